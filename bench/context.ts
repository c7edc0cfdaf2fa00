/**
 * What every benchmark suite receives and returns. A suite loads the running service
 * (and/or the database) and reports rows; bench/run.ts prints all suites' rows side by side.
 */
export interface RunningService {
  /** Base URL, e.g. http://127.0.0.1:43123 (GraphQL at /graphql). */
  url: string;
  pid: number;
  /** Resident set size now, in bytes (VmRSS), summed over the primary and its workers. */
  rssBytes(): number;
  /** Peak resident set size since start, in bytes (VmHWM), summed over the primary and its workers. */
  peakRssBytes(): number;
}

export interface BenchContext {
  /** The database the service runs on, loaded with the synthetic dataset. */
  databaseUrl: string;
  service: RunningService;
  /** Seconds of measured load per operation (after `warmupSeconds` of warm-up). */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Measured rounds (--rounds; 1 by default): the comparison's, watching memory across them, and the scale suite's, every size side by side in each. */
  rounds: number;
  /** The operations a suite should run when it has several (--targets; empty: all of them). */
  targets: string[];
  /** --baseline: a built checkout of an earlier commit, measured by the compare suite beside ours. */
  baselineRoot?: string;
  /** Archive sizes for the scale suite (--sizes; empty: its defaults). */
  sizes?: number[];
  /** The synthetic dataset's shape (seed, articles, people, events…). */
  dataset: Record<string, number>;
  log(message: string): void;
}

export interface BenchRow {
  operation: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** SQL statements per request, from the service's x-sql-statements header. */
  sqlPerRequest: number | null;
  /** Highest VmRSS sampled while this operation ran. */
  peakRssMb: number;
  /** Responses that were not 200 or carried GraphQL errors. */
  failures: number;
}

export interface SuiteResult {
  rows: BenchRow[];
  /** Derived figures worth a line of their own (ratios, targets met or not). */
  notes: string[];
  /** Lines printed as they are at the very end of the run, after every table and note. */
  footer?: string[];
}

export interface BenchSuite {
  name: string;
  /** Left out of a plain `npm run bench`; runs only when named (--suite NAME, or its own flag). */
  onlyWhenNamed?: boolean;
  run(ctx: BenchContext): Promise<SuiteResult>;
}
