// Fails when src/generated/graphql.ts is not what graphql-codegen makes of schema.graphql now,
// so the schema and the resolver types cannot drift apart.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generate } from '@graphql-codegen/cli';

const config = createRequire(import.meta.url)('../codegen.config.cjs');
const [output] = await generate({ ...config, silent: true }, false);
const current = readFileSync(config.target, 'utf8');
if (output.content !== current) {
  console.error(`${config.target} is stale: schema.graphql changed. Run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log(`${config.target} is up to date with schema.graphql`);
