import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';

const root = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  const service = compose.services.service;
  const env = service.environment as Record<string, string>;

  it('builds the service from the Dockerfile, which runs the built start script', () => {
    expect(service.build).toBe('.');
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toContain('CMD ["node", "dist/src/cli/start.js"]');
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

  it('passes configuration the service accepts, listening on the published port', () => {
    const config = loadConfig(env);
    expect(config.host).toBe('0.0.0.0');
    expect(service.ports).toContain(`${config.port}:${config.port}`);
  });
});
