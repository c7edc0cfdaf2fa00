import fs from 'node:fs';
import path from 'node:path';

export const OPERATIONS_DIR = path.resolve(__dirname, '..', '..', 'operations');

/** An operation exactly as our users send it (the project's copy of ../shared/operations). */
export function operation(name: string): string {
  return fs.readFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), 'utf8');
}
