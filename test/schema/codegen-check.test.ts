import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { loadTypeDefs } from '../../src/schema/load';
import { OPERATIONS_DIR } from '../support/operations';

const root = path.resolve(__dirname, '..', '..');

/** A copy of what the codegen check reads, with node_modules linked, to change freely. */
function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-check-'));
  for (const file of ['codegen.config.cjs', 'schema.graphql', 'scripts/codegen.mjs', 'src/generated/graphql.ts']) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const check = (cwd: string) => spawnSync(process.execPath, ['scripts/codegen.mjs', '--check'], { cwd, encoding: 'utf8' });

describe('the generated resolver types', () => {
  it('match schema.graphql as committed', () => {
    const result = check(root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fail the check (and so the build) once schema.graphql changes without `npm run codegen`', () => {
    const dir = scratchCopy();
    try {
      fs.appendFileSync(path.join(dir, 'schema.graphql'), '\nextend type Query { addedWithoutCodegen: Int }\n');
      const result = check(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('src/generated/graphql.ts is stale');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema.graphql', () => {
  it('serves every operation in operations/ as written', () => {
    const schema = buildSchema(loadTypeDefs());
    for (const file of fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'))) {
      const errors = validate(schema, parse(fs.readFileSync(path.join(OPERATIONS_DIR, file), 'utf8')));
      expect({ file, errors: errors.map((e) => e.message) }).toEqual({ file, errors: [] });
    }
  });
});
