import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../../bench/service';

/**
 * A Redis server of the test's own, as a child process on a free port, for tests that make
 * Redis misbehave (freeze it, kill it) without disturbing the machine's Redis or other tests.
 * No persistence (`--save '' --appendonly no`): killing it is the whole cleanup.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** SIGSTOP: the process holds its port (the kernel still accepts connections) and answers nothing. */
  freeze(): void;
  thaw(): void;
  /** SIGKILL, and waits for the exit: the port refuses connections afterwards. */
  kill(): Promise<void>;
  /** Starts a fresh server (empty) on the same port, after kill(). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** Runs the block when `redis-server` is installed; skipped otherwise, except in CI (REQUIRE_REDIS=1). */
export const describeWithRedisServer: jest.Describe = hasRedisServer || process.env.REQUIRE_REDIS === '1' ? describe : describe.skip;

/** Resolves once the server answers PING (a raw RESP exchange, no client library involved). */
async function answering(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    await answering(port);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    kill,
    restart: launch,
    stop: kill,
  };
}
