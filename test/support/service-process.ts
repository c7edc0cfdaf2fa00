import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const START_SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'start.js');

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the base URL once the service prints it. */
  ready: Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** The built service (`node dist/src/cli/start.js`) as a user runs it, in a real process. */
export function startServiceProcess(
  env: Record<string, string>,
  options: {
    processGroup?: boolean;
    /** A command that runs `node start.js` given as its last arguments (e.g. in a mount namespace of its own). */
    prefix?: string[];
    /** Arguments after the script; node options before it. */
    args?: string[];
    nodeOptions?: string[];
    script?: string;
  } = {},
): ServiceProcess {
  const script = options.script ?? START_SCRIPT;
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first (npm test does)`);
  const command = [...(options.prefix ?? []), process.execPath, ...(options.nodeOptions ?? []), script, ...(options.args ?? [])];
  const child = spawn(command[0], command.slice(1), {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a terminal gives a foreground job (signals reach every member).
    detached: options.processGroup ?? false,
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    void exited.then((code) => reject(new Error(`the service exited (${code}) before it was ready: ${err}`)));
  });
  ready.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, ready, exited };
}

/** The pid of the PostgreSQL a data directory's cluster runs as, or null. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : null;
}

export function postmasterPort(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
