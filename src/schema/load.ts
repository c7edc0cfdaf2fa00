import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';

/** schema.graphql is the schema's source of truth: the server reads it at start-up. */
export function loadTypeDefs(): string {
  return fs.readFileSync(path.join(projectRoot, 'schema.graphql'), 'utf8');
}
