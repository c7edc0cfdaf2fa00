// The pages' build (web/: Vite + TypeScript) into dist/web, run by scripts/build.mjs after the
// service's. Incremental: it returns at once when nothing under web/ (its generated file aside),
// schema.graphql or the Vite version changed since the last build. The operations' types are
// generated first (web/codegen.mjs), so an operation the schema no longer answers fails the build.
// Vite writes into a folder of its own, then swapped in: a second build at the same time (two
// commands started together) never leaves a half-written dist/web.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PAGES = ['index.html', 'explore.html', 'moderate.html'];

function stamps(root) {
  const found = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && child !== 'web/src/generated') walk(child);
      } else found.push(child);
    }
  };
  walk('web');
  found.push('schema.graphql', 'scripts/build-web.mjs', 'node_modules/vite/package.json', 'node_modules/cytoscape/package.json');
  return found.sort().map((rel) => {
    try {
      const s = fs.statSync(path.join(root, rel));
      return `${rel}:${s.mtimeMs}:${s.size}`;
    } catch {
      return `${rel}:missing`;
    }
  });
}

/** 0 when dist/web is up to date (built now or before), 1 when the build failed. */
export async function buildWeb(root, say) {
  const outDir = path.join(root, 'dist/web');
  const stateFile = path.join(root, 'dist/.web-build-state');
  const state = crypto.createHash('sha256').update(stamps(root).join('\n')).digest('hex');
  const built = PAGES.every((p) => fs.existsSync(path.join(outDir, p)));
  if (built && fs.existsSync(stateFile) && fs.readFileSync(stateFile, 'utf8') === state) return 0;

  const started = Date.now();
  try {
    const { generateOperations } = await import(path.join(root, 'web/codegen.mjs'));
    await generateOperations();
    const { build } = await import('vite');
    const temp = `${outDir}.${process.pid}`;
    const webRoot = path.join(root, 'web');
    await build({
      root: webRoot,
      configFile: false,
      logLevel: 'warn',
      base: '/',
      build: {
        outDir: temp,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        reportCompressedSize: false,
        // pluginTimings: Rolldown's note on slow plugins, noise on a busy machine.
        rollupOptions: { input: Object.fromEntries(PAGES.map((p) => [p.replace(/\.html$/, ''), path.join(webRoot, p)])), checks: { pluginTimings: false } },
      },
    });
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(temp, outDir);
  } catch (e) {
    say(`web: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  fs.writeFileSync(stateFile, state);
  say(`web pages built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
