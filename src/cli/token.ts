import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createApiToken, listApiTokens, parseRole, revokeApiToken, TokenError } from '../services/auth/tokens';

/**
 * Staff API tokens:
 *   npm run token -- create --role moderator --name alice   prints the token once (stdout)
 *   npm run token -- revoke --name alice                    (or: revoke <name|id>)
 *   npm run token -- list
 * Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR like `npm start`.
 */
export const USAGE = `usage:
  token create --role editor|moderator|admin --name NAME
  token revoke --name NAME   (or: token revoke NAME|ID)
  token list`;

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

/** Runs one command against an open database; returns the exit code. */
export async function runTokenCommand(args: string[], ds: DataSource, io: Output): Promise<number> {
  const [command, ...rest] = args;
  const { flags, positional } = options(rest);
  switch (command) {
    case 'create': {
      if (!flags.role || !flags.name) throw new UsageError('create needs --role and --name');
      const created = await createApiToken(ds, flags.name, parseRole(flags.role));
      io.err(`Created token #${created.id} "${created.name}" with the role ${created.role.toUpperCase()}. It is shown once: store it now.`);
      io.out(created.token);
      return 0;
    }
    case 'revoke': {
      const target = flags.name ?? flags.id ?? positional[0];
      if (!target) throw new UsageError('revoke needs --name NAME (or a name or id)');
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
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

async function main(): Promise<number> {
  const io: Output = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  let db;
  try {
    const config = loadConfig();
    db = await openDatabase(config);
    return await runTokenCommand(process.argv.slice(2), db.dataSource, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`token: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof TokenError || e instanceof ConfigError) {
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
  main().then((code) => process.exit(code));
}
