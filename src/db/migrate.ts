// Applies prisma/migrations/* to a database, as `prisma migrate deploy` would (same folder
// format, same `_prisma_migrations` bookkeeping), through the wasm schema engine.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schema-engine';

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
