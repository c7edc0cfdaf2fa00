import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../src/config';
import type { RunningService } from './context';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A process's resident memory (VmRSS) or its peak (VmHWM), in bytes; 0 once it is gone. */
export function rssBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants (the service forks HTTP workers: WORKERS). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the parenthesized command name is the state, then the parent pid.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

export interface StartedService extends RunningService {
  stop(): Promise<void>;
}

/**
 * The real service as users run it (node dist/src/cli/start.js) on the given database,
 * with SQL statement counts exposed and quiet logs. Resolves once /ready answers 200.
 * `root`: another built checkout (the compare suite's --baseline), this one by default.
 */
export async function startService(databaseUrl: string, extraEnv: Record<string, string> = {}, root = projectRoot): Promise<StartedService> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'start.js')], {
    cwd: root,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, EXPOSE_SQL_COUNT: 'true', LOG_LEVEL: 'warn', SEED_ON_EMPTY: 'false',
      PORT: String(port), HOST: '127.0.0.1', ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (code ${child.exitCode}) before it was ready:\n${stderr}`);
    const ready = await fetch(`${url}/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the service was not ready within 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  // Workers are forked after start-up; the tree is re-read now and then, not on every sample.
  let tree = processTree(pid);
  let treeReadAt = Date.now();
  const currentTree = () => {
    if (Date.now() - treeReadAt > 2000) {
      tree = processTree(pid);
      treeReadAt = Date.now();
    }
    return tree;
  };
  const sum = (field: 'VmRSS' | 'VmHWM') => currentTree().reduce((total, p) => total + rssBytes(p, field), 0);
  return {
    url,
    pid,
    rssBytes: () => sum('VmRSS'),
    // The sum of each process's own peak: an upper bound of the peak of their sum.
    peakRssBytes: () => sum('VmHWM'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
