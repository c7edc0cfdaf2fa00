// The build every command runs first (`npm start`, `npm run token`, ...): compiles src/ and
// bench/ into dist/, only the files changed since the last build, and returns at once when
// nothing changed (a stat of each source, no TypeScript loaded). Files are transpiled one by one
// (ts.transpileModule, the same isolated-modules compilation jest uses): type errors are
// `npm run typecheck`'s (run by `npm test`), not a reason to keep a command from starting.
// When schema.graphql, codegen.config.cjs or src/generated/graphql.ts changed, the generated
// resolver types are checked first (scripts/codegen.mjs): a stale file fails the build.
// Everything it prints goes to stderr: stdout is the command's.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist');
const stateFile = path.join(outDir, '.build-state.json');
const say = (line) => process.stderr.write(`build: ${line}\n`);

const buildConfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
const codegenInputs = ['schema.graphql', 'codegen.config.cjs', 'src/generated/graphql.ts'];
// A change to any of these compiles everything again.
const toolInputs = ['scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json', 'node_modules/typescript/package.json'];

function stamp(rel) {
  try {
    const s = fs.statSync(path.join(root, rel));
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

function sources() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(rel);
    }
  };
  // The Docker image's build stage has src/ without bench/.
  for (const dir of buildConfig.include) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return found.sort();
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return { tool: null, codegen: null, files: {} };
  }
}

const outputOf = (rel) => path.join(outDir, rel.replace(/\.ts$/, '.js'));

async function main() {
  const state = readState();
  const tool = crypto.createHash('sha256').update(toolInputs.map(stamp).join('|')).digest('hex');
  const codegen = codegenInputs.map(stamp).join('|');
  const files = sources();
  const stamps = Object.fromEntries(files.map((f) => [f, stamp(f)]));
  const fresh = state.tool === tool;
  const changed = files.filter((f) => !fresh || state.files[f] !== stamps[f] || !fs.existsSync(outputOf(f)));
  const removed = Object.keys(state.files).filter((f) => !(f in stamps));
  if (changed.length === 0 && removed.length === 0 && state.codegen === codegen) return 0;

  const started = Date.now();
  if (state.codegen !== codegen) {
    const { generate, target } = await import('./codegen.mjs');
    if ((await generate()) !== fs.readFileSync(path.join(root, target), 'utf8')) {
      say(`${target} is stale: schema.graphql changed. Run \`npm run codegen\` and commit the result.`);
      return 1;
    }
  }

  const ts = createRequire(import.meta.url)('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const options = { ...parsed.options, noEmit: false, declaration: false };
  const problems = [];
  for (const rel of changed) {
    const file = path.join(root, rel);
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
    for (const d of out.diagnostics ?? []) {
      const where = d.start === undefined ? '' : `:${ts.getLineAndCharacterOfPosition(d.file, d.start).line + 1}`;
      problems.push(`${rel}${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
    const js = outputOf(rel);
    fs.mkdirSync(path.dirname(js), { recursive: true });
    // transpileModule names the source by its base name; tsc's maps point back to it from dist.
    const map = JSON.parse(out.sourceMapText);
    map.sources = [path.relative(path.dirname(js), file).split(path.sep).join('/')];
    fs.writeFileSync(js, out.outputText);
    fs.writeFileSync(`${js}.map`, JSON.stringify(map));
  }
  if (problems.length) {
    for (const p of problems) say(p);
    return 1;
  }
  for (const rel of removed) for (const f of [outputOf(rel), `${outputOf(rel)}.map`]) fs.rmSync(f, { force: true });

  fs.mkdirSync(outDir, { recursive: true });
  const temp = `${stateFile}.${process.pid}`;
  fs.writeFileSync(temp, JSON.stringify({ tool, codegen, files: stamps }));
  fs.renameSync(temp, stateFile);
  if (changed.length || removed.length) {
    say(`${changed.length} of ${files.length} files compiled${removed.length ? `, ${removed.length} removed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return 0;
}

// The pages (web/, scripts/build-web.mjs) after the service: both are built by every command.
const buildPages = async () => (fs.existsSync(path.join(root, 'web')) ? (await import('./build-web.mjs')).buildWeb(root, say) : 0);
process.exitCode = (await main()) || (await buildPages());
