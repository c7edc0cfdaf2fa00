import type { BenchSuite } from '../context';
import { abuseSuite } from './abuse';
import { cacheSuite } from './cache';
import { compareSuite } from './compare';
import { eventsSuite } from './events';
import { facetsSuite } from './facets';
import { graphSuite } from './graph';
import { linkingSuite } from './linking';
import { pagesSuite } from './pages';
import { readApiSuite } from './read-api';
import { scaleSuite } from './scale';
import { searchSuite } from './search';

/** Every benchmark suite, in the order bench/run.ts runs them. Add new suites here. */
export const suites: BenchSuite[] = [readApiSuite, graphSuite, linkingSuite, compareSuite, searchSuite, abuseSuite, scaleSuite, facetsSuite, pagesSuite, eventsSuite, cacheSuite];
