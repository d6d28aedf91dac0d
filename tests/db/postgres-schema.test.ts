// The PostgreSQL side is derived from prisma/schema.prisma (npm run db:derive). These checks fail
// when someone changed the models and did not re-derive: stale schema, or no migration for it.
// Runs in the `postgres` vitest project (the last check needs a live server).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrate';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, SCHEMA_PATH } from '../../src/db/paths';
import { derivePostgresSchema } from '../../src/db/postgres-schema';
import { openSchemaEngine } from '../../src/db/schema-engine';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/test-database';

const STALE = 'stale: run `npm run db:derive` (or `npm run migrate:create -- <name>`, which does both sides)';
const databases: PostgresTestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

/** An empty database (the template is migrated; these tests need nothing in theirs). */
async function emptyDatabase(): Promise<string> {
  const db = await createPostgresTestDatabase();
  databases.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await client.end();
  return db.url;
}

/** Tables, columns, indexes and constraints as PostgreSQL describes them; Prisma's bookkeeping left out. */
async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE '_prisma%' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '_prisma%' ORDER BY indexname`);
    const constraints = await client.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '\\_prisma%' ORDER BY conname`,
    );
    return [
      ...columns.rows.map((r) => `column ${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} ${r.column_default ?? ''}`),
      ...indexes.rows.map((r) => `index ${r.indexname}: ${r.indexdef}`),
      ...constraints.rows.map((r) => `constraint ${r.conname}: ${r.def}`),
    ];
  } finally {
    await client.end();
  }
}

describe('the derived PostgreSQL schema', () => {
  it('prisma/postgres/schema.prisma is what prisma/schema.prisma derives to', async () => {
    const derived = derivePostgresSchema(await readFile(SCHEMA_PATH, 'utf8'));
    expect(await readFile(POSTGRES_SCHEMA_PATH, 'utf8'), STALE).toBe(derived);
  });

  it('its migrations end at the derived schema (the snapshot of the last PostgreSQL migration matches it)', async () => {
    const snapshot = await readFile(path.join(POSTGRES_MIGRATIONS_DIR, 'schema_snapshot.prisma'), 'utf8');
    expect(snapshot, STALE).toBe(await readFile(POSTGRES_SCHEMA_PATH, 'utf8'));
  });

  it('has no migration older than the SQLite ones it mirrors would allow (each name follows a SQLite migration)', async () => {
    const names = async (dir: string) => (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const sqlite = await names(MIGRATIONS_DIR);
    const postgres = await names(POSTGRES_MIGRATIONS_DIR);
    expect(postgres.length).toBeGreaterThan(0);
    // The last PostgreSQL migration is at least as new as the last SQLite one: a SQLite migration
    // added later (a merge) without re-deriving would otherwise go unnoticed when it changed nothing else.
    expect(postgres.at(-1)!.slice(0, 14) >= sqlite.at(-1)!.slice(0, 14), STALE).toBe(true);
  });

  it('replayed from scratch, its migrations produce exactly the schema (no drift), with the one-active-run index', async () => {
    const migratedUrl = await emptyDatabase();
    const applied = await migrateDatabase(migratedUrl);
    expect(applied.length).toBeGreaterThan(0);
    expect(await migrateDatabase(migratedUrl)).toEqual([]);

    const schemaText = await readFile(POSTGRES_SCHEMA_PATH, 'utf8');
    const expectedUrl = await emptyDatabase();
    const { engine, close } = await openSchemaEngine(expectedUrl, POSTGRES_SCHEMA_PATH, schemaText);
    const { stdout } = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: POSTGRES_SCHEMA_PATH, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    await close();
    const client = new pg.Client({ connectionString: expectedUrl });
    await client.connect();
    await client.query(stdout ?? '');
    await client.end();

    const migrated = await describeSchema(migratedUrl);
    expect(migrated).toEqual(await describeSchema(expectedUrl));
    expect(migrated.some((s) => /Run_one_active_per_project.*WHERE \(status = ANY/.test(s))).toBe(true);
  });
});
