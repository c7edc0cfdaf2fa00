import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config';
import { ROLES, type Role } from '../services/auth/viewer';

/**
 * Staff API tokens:
 *   npm run token -- create --role moderator --name alice   prints the token once (stdout)
 *   npm run token -- revoke --name alice                    (or: revoke <name|id>)
 *   npm run token -- list
 * Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR like `npm start`.
 * The command line and configuration are checked before the database modules load, so a
 * mistake is answered at once.
 */
export const USAGE = `usage:
  token create --role editor|moderator|admin --name NAME
  token revoke --name NAME   (or: token revoke NAME|ID)
  token list`;

const HELP = `${USAGE}

Staff API tokens (send them as \`Authorization: Bearer <token>\`).
  create   prints the new token alone on stdout, shown once (it is stored hashed);
           TOKEN=$(npm run token --silent -- create --role editor --name alice)
  revoke   ends a token at once
  list     id, name, role, created and revoked dates (never the token)
Database: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (./data), as \`npm start\` uses.
Exit codes: 0 done, 1 nothing to revoke or a database error, 2 bad usage or configuration.`;

export class UsageError extends Error {}

interface Output {
  out(line: string): void;
  err(line: string): void;
}

function options(args: string[]): { flags: Record<string, string>; positional: string[] } {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const inline = /^--([a-z]+)=(.*)$/.exec(arg);
    if (inline) flags[inline[1]] = inline[2];
    else if (arg.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags[arg.slice(2)] = value;
      i++;
    } else positional.push(arg);
  }
  return { flags, positional };
}

type TokenCommand = { command: 'create'; name: string; role: Role } | { command: 'revoke'; target: string } | { command: 'list' };

/** The command line, checked without the database: a UsageError says what is wrong. */
export function parseTokenArgs(args: string[]): TokenCommand {
  const [command, ...rest] = args;
  const { flags, positional } = options(rest);
  switch (command) {
    case 'create': {
      if (!flags.role || !flags.name) throw new UsageError('create needs --role and --name');
      const role = flags.role.toLowerCase() as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role: expected one of ${ROLES.join(', ')}, got "${flags.role}"`);
      return { command, name: flags.name, role };
    }
    case 'revoke': {
      const target = flags.name ?? flags.id ?? positional[0];
      if (!target) throw new UsageError('revoke needs --name NAME (or a name or id)');
      return { command, target };
    }
    case 'list':
      return { command };
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

/** Runs one command against an open database; returns the exit code. */
export async function runTokenCommand(args: string[], ds: DataSource, io: Output): Promise<number> {
  const parsed = parseTokenArgs(args);
  const { createApiToken, listApiTokens, revokeApiToken } = await import('../services/auth/tokens');
  switch (parsed.command) {
    case 'create': {
      const created = await createApiToken(ds, parsed.name, parsed.role);
      io.err(`Created token #${created.id} "${created.name}" with the role ${created.role.toUpperCase()}. It is shown once: store it now.`);
      io.out(created.token);
      return 0;
    }
    case 'revoke': {
      const target = parsed.target;
      const revoked = await revokeApiToken(ds, target);
      if (!revoked) {
        io.err(`No active token is named "${target}".`);
        return 1;
      }
      io.err(`Revoked token #${revoked.id} "${revoked.name}" (${revoked.role.toUpperCase()}).`);
      return 0;
    }
    case 'list': {
      const tokens = await listApiTokens(ds);
      io.out(['id', 'name', 'role', 'created', 'revoked'].join('\t'));
      for (const t of tokens) {
        io.out([t.id, t.name, t.role.toUpperCase(), t.createdAt.toISOString(), t.revokedAt ? t.revokedAt.toISOString() : '-'].join('\t'));
      }
      return 0;
    }
  }
}

async function main(args: string[]): Promise<number> {
  const io: Output = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    io.out(HELP);
    return 0;
  }
  let config;
  try {
    parseTokenArgs(args);
    config = loadConfig();
  } catch (e) {
    if (e instanceof UsageError) io.err(`token: ${e.message}\n${USAGE}`);
    else if (e instanceof ConfigError) io.err(`token: invalid configuration: ${e.message}`);
    else throw e;
    return 2;
  }
  const { openDatabase } = await import('../db/open');
  const { TokenError } = await import('../services/auth/tokens');
  let db;
  try {
    db = await openDatabase(config);
    return await runTokenCommand(args, db.dataSource, io);
  } catch (e) {
    if (e instanceof TokenError) {
      io.err(`token: ${e.message}`);
      return 2;
    }
    io.err(`token: ${(e as Error).message}`);
    return 1;
  } finally {
    await db?.close().catch(() => {});
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
