import type { BenchSuite } from '../context';
import { linkingSuite } from './linking';
import { readApiSuite } from './read-api';

/** Every benchmark suite, in the order bench/run.ts runs them. Add new suites here. */
export const suites: BenchSuite[] = [readApiSuite, linkingSuite];
