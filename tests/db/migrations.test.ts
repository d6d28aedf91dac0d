import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_PATH, migrateDatabase } from '../../src/db/migrate';
import { openSchemaEngine } from '../../src/db/schema-engine';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-migrations-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Tables and indexes as SQLite stores them, whitespace folded, Prisma's bookkeeping left out. */
function describeSchema(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master
         WHERE sql IS NOT NULL AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name`,
      )
      .all() as { type: string; name: string; sql: string }[];
    return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')')}`);
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('replayed from scratch produce exactly the schema in prisma/schema.prisma (no drift)', async () => {
    const migrated = path.join(dir, 'migrated.db');
    await migrateDatabase(`file:${migrated}`);

    const schemaText = await readFile(SCHEMA_PATH, 'utf8');
    const scratch = path.join(dir, 'scratch.db');
    const { engine, close } = await openSchemaEngine(`file:${scratch}`, SCHEMA_PATH, schemaText);
    const { stdout } = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    await close();
    const expected = path.join(dir, 'expected.db');
    const db = new Database(expected);
    db.exec(stdout ?? '');
    db.close();

    expect(describeSchema(migrated)).toEqual(describeSchema(expected));
    expect(describeSchema(migrated).some((s) => /Run_one_active_per_project.*WHERE status IN/.test(s))).toBe(true);
  });

  it('applies each migration once and records it', async () => {
    const url = `file:${path.join(dir, 'twice.db')}`;
    const first = await migrateDatabase(url);
    const second = await migrateDatabase(url);
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]);
    const db = new Database(url.slice(5), { readonly: true });
    const names = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').pluck().all();
    db.close();
    expect(names).toEqual(first);
  });
});
