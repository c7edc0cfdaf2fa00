import { spawn } from 'node:child_process';
import { projectRoot } from '../../src/config';
import type { RunningService } from '../context';
import { freePort, rssBytes } from '../service';

export interface Peer extends RunningService {
  name: string;
  stop(): Promise<void>;
}

/**
 * Starts a peer server (`node [nodeArgs] script`) on a free port with the given environment
 * and resolves once it prints "listening on http://…".
 */
export async function startPeer(name: string, nodeArgs: string[], env: Record<string, string>): Promise<Peer> {
  const port = await freePort();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      collect(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before listening:\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    name,
    url,
    pid,
    rssBytes: () => rssBytes(pid),
    peakRssBytes: () => rssBytes(pid, 'VmHWM'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
