// Applies prisma/migrations/* to a database, as `prisma migrate deploy` would (same folder
// format, same `_prisma_migrations` bookkeeping), through the wasm schema engine.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { openDb } from './client';
import { openSchemaEngine } from './schema-engine';

/** Where migrateIfNeeded reports (the server's logger, or the console). */
export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');

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
  await ensureSqliteDir(url);
  const schemaText = await readFile(SCHEMA_PATH, 'utf8');
  const { engine, close } = await openSchemaEngine(url, SCHEMA_PATH, schemaText);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/** Names of migration folders not yet recorded as applied in the database. */
export async function pendingMigrations(url: string): Promise<string[]> {
  await ensureSqliteDir(url);
  const folders = (await readMigrationList()).migrationDirectories.map((d) => d.path);
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
