/**
 * The Redis server jest's global setup found (TEST_REDIS_URL), or none. Tests that need a
 * real Redis use `describeWithRedis`: skipped on a machine without one, never in CI
 * (.ci/run sets REQUIRE_REDIS=1, which fails the run instead).
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

export const describeWithRedis: jest.Describe = REDIS_URL ? describe : describe.skip;
