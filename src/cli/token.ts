// `genglossary token create|list|revoke`: API tokens, on the database at DATABASE_URL directly (the
// server need not run; a server with AUTH=required needs a token before it will start).
import { type Command, Option } from 'commander';
import { ROLES } from '../auth/roles';
import type { ApiTokenInfo, ApiTokenStore } from '../auth/token-store';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../errors';
import type { CliIo } from './main';

/** Exit codes, as in main.ts: 0 done, 1 failed (e.g. no such token), 2 usage. */
const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Adds the `token` command and its subcommands; each reports its exit code through `setCode`. */
export function registerTokenCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const token = program.command('token').description('create, list and revoke API tokens (on DATABASE_URL)');

  token
    .command('create')
    .description('create a token and print it once on stdout (only its hash is stored)')
    .addOption(new Option('-r, --role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('-n, --name <name>', 'a name to tell it apart, e.g. ci (unique among active tokens)')
    .action(async (opts: { role: string; name: string }) => {
      setCode(
        await withStore(io, async (store) => {
          const { token: secret, info } = await store.create({ name: opts.name, role: opts.role });
          // stdout holds only the token, so `TOKEN=$(genglossary token create …)` works.
          io.stdout.write(`${secret}\n`);
          io.stderr.write(`Created ${info.role} token "${info.name}" (id ${info.id}). It is shown only now: store it safely.\n`);
        }),
      );
    });

  token
    .command('list')
    .description('list active tokens (never the tokens themselves)')
    .option('-a, --all', 'include revoked tokens')
    .action(async (opts: { all?: boolean }) => {
      setCode(
        await withStore(io, async (store) => {
          io.stdout.write(formatTokenTable(await store.list({ includeRevoked: opts.all ?? false })));
        }),
      );
    });

  token
    .command('revoke')
    .description('revoke a token by id or name; a running server refuses it from its next request')
    .argument('<name|id>', 'the token to revoke')
    .action(async (idOrName: string) => {
      setCode(
        await withStore(io, async (store) => {
          const info = await store.revoke(idOrName);
          io.stderr.write(`Revoked ${info.role} token "${info.name}" (id ${info.id}).\n`);
        }),
      );
    });
}

/** A plain table: one token a line, columns padded. */
export function formatTokenTable(tokens: readonly ApiTokenInfo[]): string {
  if (tokens.length === 0) return 'No tokens.\n';
  const day = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '-');
  const rows = [
    ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    ...tokens.map((t) => [String(t.id), t.name, t.role, `${t.prefix}…`, day(t.createdAt), day(t.lastUsedAt), day(t.revokedAt)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

async function withStore(io: CliIo, work: (store: ApiTokenStore) => Promise<void>): Promise<number> {
  const say = (line: string) => io.stderr.write(`genglossary: ${line}\n`);
  let url: string;
  try {
    url = loadConfig(io.env).databaseUrl;
  } catch (e) {
    if (e instanceof ConfigError) {
      say(e.message);
      return EXIT.USAGE;
    }
    throw e;
  }
  // Loaded here, not at the top: `genglossary generate` never needs the database client.
  const [{ migrateIfNeeded }, { openDb }, { ApiTokenStore: Store }] = await Promise.all([
    import('../db/migrate'),
    import('../db/client'),
    import('../auth/token-store'),
  ]);
  // A fresh database gets its tables first: the first token is usually made before the first start.
  await migrateIfNeeded(url, { info: () => {}, warn: say, error: say });
  const db = await openDb(url);
  try {
    await work(new Store(db));
    return EXIT.OK;
  } catch (e) {
    if (e instanceof AppError) {
      say(e.message);
      return e.code === 'BAD_USER_INPUT' ? EXIT.USAGE : EXIT.FAILED;
    }
    throw e;
  } finally {
    await db.$disconnect();
  }
}
