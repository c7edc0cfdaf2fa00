// Resolver types from schema.graphql (src/generated/graphql.ts), with graphql-codegen's core and
// its two TypeScript plugins: the same output as its CLI without the CLI's loaders, watcher
// and their ~150 packages (which want Node 22).
//   node scripts/codegen.mjs           writes the file
//   node scripts/codegen.mjs --check   fails when the file is not what the schema makes now
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import { buildSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)('../codegen.config.cjs');
const plugins = { typescript, 'typescript-resolvers': typescriptResolvers };
export const target = config.target;

/** What graphql-codegen makes of schema.graphql now, for `config.target`. */
export async function generate() {
  const { plugins: wanted, config: pluginConfig } = config.generates[config.target];
  // As the CLI loads it: sorted, so the output does not depend on the schema's order.
  const schemaAst = lexicographicSortSchema(buildSchema(readFileSync(path.join(root, config.schema), 'utf8'), { assumeValidSDL: true }));
  const header = wanted.filter((p) => typeof p === 'object' && p.add).map((p) => p.add.content);
  const names = wanted.filter((p) => typeof p === 'string');
  const body = await codegen({
    filename: config.target,
    schema: parse(printSchema(schemaAst)),
    schemaAst,
    documents: [],
    config: pluginConfig,
    plugins: names.map((name) => ({ [name]: {} })),
    pluginMap: Object.fromEntries(names.map((name) => [name, plugins[name]])),
  });
  return `${header.map((h) => `${h}\n`).join('')}${body}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = path.join(root, config.target);
  const output = await generate();
  if (process.argv.includes('--check')) {
    // Silent when up to date: it runs inside other commands (the build).
    if (output !== readFileSync(target, 'utf8')) {
      process.stderr.write(`${config.target} is stale: schema.graphql changed. Run \`npm run codegen\` and commit the result.\n`);
      process.exit(1);
    }
  } else {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, output);
    process.stderr.write(`codegen: wrote ${config.target}\n`);
  }
}
