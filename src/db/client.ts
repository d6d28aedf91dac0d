// The one place that opens the database: SQLite through the better-sqlite3 driver adapter (the
// default), PostgreSQL through @prisma/adapter-pg when DATABASE_URL is postgresql://….
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client/client';
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client/client';
import { type DbProvider, isPostgresUrl } from './provider';
import { serializeConnection } from './serialized-adapter';
import { writeGateFor } from './write-gate';

/**
 * The Prisma client every service uses. Its type is the SQLite client's: the PostgreSQL client is
 * generated from the same models (prisma/postgres/schema.prisma is derived, never edited; a
 * drift test keeps them equal), so the model API the code calls is the same on both.
 */
export type Db = PrismaClient;

const providers = new WeakMap<object, DbProvider>();

/** Which database a client opened by openDb talks to (SQLite for any other client). */
export function providerOf(db: object): DbProvider {
  return providers.get(db) ?? 'sqlite';
}

// The default format quotes the calling source code (a code frame) and its path; errors reach
// Run.error and the server log, so they say what failed and nothing of our source.
const errorFormat = 'minimal' as const;

/** Connections per instance on PostgreSQL (pg's pool); LISTEN and the log store use their own. */
const POSTGRES_POOL_SIZE = 10;

/**
 * Opens a Prisma client on a SQLite file URL or a PostgreSQL URL.
 *
 * SQLite: WAL lets readers (subscriptions, history queries) proceed while a run writes;
 * busy_timeout makes a second process wait for the write lock instead of failing at once.
 * serializeConnection keeps a statement issued elsewhere from running inside another caller's
 * open interactive transaction (see serialized-adapter.ts), and raises the file's write gate so
 * the log store's worker lets it write first (see write-gate.ts).
 */
export async function openDb(url: string): Promise<Db> {
  if (isPostgresUrl(url)) {
    const db = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: POSTGRES_POOL_SIZE }), errorFormat });
    providers.set(db, 'postgresql');
    return db as unknown as Db;
  }
  const db = new PrismaClient({
    adapter: serializeConnection(new PrismaBetterSqlite3({ url, timeout: 10_000 }), writeGateFor(url)),
    errorFormat,
  });
  providers.set(db, 'sqlite');
  await db.$executeRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return db;
}
