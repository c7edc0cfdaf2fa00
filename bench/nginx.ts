import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './service';

/** Debian's nginx (nginx-light), where installed; null when the machine has none. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/** The header the proxy answers with its cache status (HIT, MISS, BYPASS, EXPIRED, STALE…). */
export const CACHE_STATUS_HEADER = 'x-proxy-cache';
/** A request with this header goes to the service and its answer replaces the cached one: how a purge is applied on open-source nginx. */
export const REFRESH_HEADER = 'x-cache-refresh';

export interface CachingProxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * The nginx configuration of a caching proxy in front of the service, as docs/caching.md
 * recommends: the service's Cache-Control decides what is kept (private, no-store is never
 * kept), a request with Authorization always goes through and is never kept, the Vary
 * header keeps encodings apart, and the surrogate keys reach the client (a CDN reads them).
 */
export function proxyConfig(dir: string, port: number, upstream: URL): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=api:10m max_size=200m inactive=10m use_temp_path=off;
  upstream service { server ${upstream.hostname}:${upstream.port}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # A front page's Surrogate-Key header runs to a few KB.
      proxy_buffer_size 32k;
      proxy_buffers 8 32k;
      proxy_cache api;
      proxy_cache_methods GET HEAD;
      proxy_cache_key "$scheme$proxy_host$request_uri";
      proxy_cache_bypass $http_authorization $http_${REFRESH_HEADER.replaceAll('-', '_')};
      proxy_no_cache $http_authorization;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      add_header ${CACHE_STATUS_HEADER} $upstream_cache_status always;
    }
  }
}
`;
}

/** Starts nginx on a free port with its own configuration and cache in a temporary folder. */
export async function startCachingProxy(upstream: string): Promise<CachingProxy> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx-light)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nginx-cache-'));
  mkdirSync(path.join(dir, 'cache'));
  // Started as root, nginx's workers run as an unprivileged user: they must reach the cache.
  for (const d of [dir, path.join(dir, 'cache')]) chmodSync(d, 0o777);
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), proxyConfig(dir, port, new URL(upstream)));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr || readLog(dir)}`);
    const up = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer within 10 s: ${stderr || readLog(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}
