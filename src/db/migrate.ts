// Applies prisma/migrations/* to a database, as `prisma migrate deploy` would (same folder
// format, same `_prisma_migrations` bookkeeping), through the wasm schema engine.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { openDb } from './client';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, SCHEMA_PATH } from './paths';
import { isPostgresUrl } from './provider';
import { openSchemaEngine } from './schema-engine';

export { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, PRISMA_DIR, SCHEMA_PATH } from './paths';

/** Where migrateIfNeeded reports (the server's logger, or the console). */
export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The schema and migrations folder for a database URL (SQLite's, or the derived PostgreSQL ones). */
export function migrationSourcesFor(url: string): { schemaPath: string; migrationsDir: string } {
  return isPostgresUrl(url)
    ? { schemaPath: POSTGRES_SCHEMA_PATH, migrationsDir: POSTGRES_MIGRATIONS_DIR }
    : { schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR };
}

/** Reads the migration folders (sorted by name) into the engine's input shape. */
export async function readMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(dir, name, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (err: Error) => ({ tag: 'error' as const, value: err.message }),
          ),
        },
      })),
    ),
  };
}

/** Creates the SQLite file's folder if needed; returns the absolute file path. */
export async function ensureSqliteDir(url: string): Promise<string> {
  const file = path.resolve(url.replace(/^file:/, ''));
  await mkdir(path.dirname(file), { recursive: true });
  return file;
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateDatabase(url: string): Promise<string[]> {
  if (isPostgresUrl(url)) return withMigrationLock(url, () => applyMigrations(url));
  await ensureSqliteDir(url);
  return applyMigrations(url);
}

async function applyMigrations(url: string): Promise<string[]> {
  const { schemaPath, migrationsDir } = migrationSourcesFor(url);
  const schemaText = await readFile(schemaPath, 'utf8');
  const { engine, close } = await openSchemaEngine(url, schemaPath, schemaText);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/** Any fixed number: the key of the advisory lock instances take while they migrate. */
const MIGRATION_LOCK_KEY = 7_276_455_120;

/**
 * Several instances starting together on one PostgreSQL database: one migrates, the others wait
 * for it on a session advisory lock (held on a connection of its own), then find nothing to do.
 */
async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Names of migration folders not yet recorded as applied in the database. */
export async function pendingMigrations(url: string): Promise<string[]> {
  if (!isPostgresUrl(url)) await ensureSqliteDir(url);
  const folders = (await readMigrationList(migrationSourcesFor(url).migrationsDir)).migrationDirectories.map((d) => d.path);
  const db = await openDb(url);
  try {
    const rows = await db
      .$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      .catch(() => [] as { migration_name: string }[]);
    const applied = new Set(rows.map((r) => r.migration_name));
    return folders.filter((name) => !applied.has(name));
  } finally {
    await db.$disconnect();
  }
}

/**
 * Applies pending migrations. The schema engine cannot work while any other connection has the
 * file open (SocketTimeout), so a server joining a running one on the same file must not call it
 * when there is nothing to apply; two servers starting together on a fresh file retry until the
 * first has migrated.
 */
export async function migrateIfNeeded(url: string, logger: MigrationLogger = console): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const pending = await pendingMigrations(url);
    if (pending.length === 0) return;
    try {
      const applied = await migrateDatabase(url);
      if (applied.length) logger.info(`applied migrations: ${applied.join(', ')}`);
      return;
    } catch (e) {
      const locked = /SocketTimeout|database is locked|SQLITE_BUSY/i.test(String((e as Error)?.message ?? e));
      if (!locked || attempt >= 5) {
        if (locked) logger.error(`cannot apply migrations ${pending.join(', ')}: another process has the database open; stop it first`);
        throw e;
      }
      logger.warn(`database busy while migrating (attempt ${attempt}); retrying`);
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
}
