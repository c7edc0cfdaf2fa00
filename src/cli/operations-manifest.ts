import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../config';
import { buildManifest, MANIFEST_SOURCES } from '../http/caching/persisted';

const HELP = `usage: operations:manifest [--out FILE]

Builds the persisted operations manifest the safelist mode (SAFELIST=true) allows anonymous
clients to run: every .graphql file of ${MANIFEST_SOURCES.join(' and ')} (a folder that does not
exist is skipped), one operation per file, its id the sha256 of its text (Apollo's
persisted query manifest format). Written to OPERATIONS_MANIFEST (./operations-manifest.json)
unless --out is given. Exit codes: 0 written, 1 an operation does not parse, 2 bad usage.`;

/** `npm run operations:manifest`: prints what it wrote on stderr; stdout stays empty. */
export function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let out: string;
  try {
    const i = args.indexOf('--out');
    if ((i >= 0 && !args[i + 1]) || args.some((a, j) => a.startsWith('-') && a !== '--out' && j !== i + 1)) {
      process.stderr.write(`${HELP}\n`);
      return 2;
    }
    out = i >= 0 ? path.resolve(args[i + 1]) : loadConfig().http.manifestPath;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    const { manifest, read } = buildManifest(projectRoot);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
    process.stderr.write(`operations:manifest: ${manifest.operations.length} operations from ${read.join(', ') || 'no folder'} written to ${path.relative(process.cwd(), out) || out}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`operations:manifest: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
