// The one place that opens the database. SQLite through the better-sqlite3 driver adapter.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client/client';
import { serializeConnection } from './serialized-adapter';
import { writeGateFor } from './write-gate';

export type Db = PrismaClient;

/**
 * Opens a Prisma client on a SQLite file URL. WAL lets readers (subscriptions, history queries)
 * proceed while a run writes; busy_timeout makes a second process wait for the write lock
 * instead of failing at once. serializeConnection keeps a statement issued elsewhere from running
 * inside another caller's open interactive transaction (see serialized-adapter.ts), and raises the
 * file's write gate so the log store's worker lets it write first (see write-gate.ts).
 */
export async function openDb(url: string): Promise<Db> {
  const db = new PrismaClient({
    adapter: serializeConnection(new PrismaBetterSqlite3({ url, timeout: 10_000 }), writeGateFor(url)),
    // The default format quotes the calling source code (a code frame) and its path; errors
    // reach Run.error and the server log, so they say what failed and nothing of our source.
    errorFormat: 'minimal',
  });
  await db.$executeRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}
