import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../src/config';

/**
 * The benchmark's own dependencies (autocannon, and PostGraphile for --compare) live in
 * bench/deps with their own package.json and lock, so the project's `npm install` does not
 * install them for every user: `npm run bench` installs them there the first time (`npm ci`).
 */
export const BENCH_DEPS_DIR = path.join(projectRoot, 'bench', 'deps');

/** `require` as seen from bench/deps: finds its node_modules, not the project's. */
export const benchRequire = createRequire(path.join(BENCH_DEPS_DIR, 'package.json'));

/** Whether every pinned dependency is installed at its pinned version. */
export function benchDepsInstalled(): boolean {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(BENCH_DEPS_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.entries(dependencies).every(([name, version]) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(BENCH_DEPS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  });
}

/** Installs bench/deps from its lock when it is missing or stale; npm's output goes to stderr. */
export function ensureBenchDeps(log: (message: string) => void): void {
  if (benchDepsInstalled()) return;
  log('installing the benchmark\'s own dependencies into bench/deps (once; `npm ci --prefix bench/deps`)');
  // --loglevel=error: PostGraphile declares Node 22, and runs on 20 with bench/compare/polyfill.cjs.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', BENCH_DEPS_DIR, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 2, 2] });
  if (result.status !== 0 || !benchDepsInstalled()) throw new Error('could not install bench/deps (see npm\'s output above)');
}
