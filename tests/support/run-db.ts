// A fresh, migrated database per test: SQLite (migrated once per test file, the file copied), or
// PostgreSQL in the vitest project `postgres` (a copy of the template database the global setup
// migrated, emptied and reused between tests of one file; see test-database.ts).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { openDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { RunRepository } from '../../src/db/run-repository';
import { acquirePostgresTestDatabase, onPostgres } from './test-database';

let template: Promise<string> | undefined;
const dirs: string[] = [];

async function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-template-'));
    dirs.push(dir);
    const file = path.join(dir, 'template.db');
    await migrateDatabase(`file:${file}`);
    return file;
  })();
  return template;
}

const open = openDb;

export interface TestDb {
  db: Db;
  url: string;
  /** The SQLite file ('' on PostgreSQL). */
  file: string;
  /** Another client on the same file (a second server process's view). */
  openAnother(): Promise<Db>;
  close(): Promise<void>;
}

/** A migrated database in its own temp folder; `close()` disconnects every client and deletes it. */
export async function createTestDb(): Promise<TestDb> {
  if (onPostgres()) {
    const database = await acquirePostgresTestDatabase();
    const clients: Db[] = [await open(database.url)];
    return {
      db: clients[0] as Db,
      url: database.url,
      file: '',
      async openAnother() {
        const db = await open(database.url);
        clients.push(db);
        return db;
      },
      async close() {
        await Promise.all(clients.map((c) => c.$disconnect()));
        await database.drop();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-run-'));
  const file = path.join(dir, 'test.db');
  await copyFile(await migratedTemplate(), file);
  const url = `file:${file}`;
  const clients: Db[] = [await open(url)];
  return {
    db: clients[0] as Db,
    url,
    file,
    async openAnother() {
      const db = await open(url);
      clients.push(db);
      return db;
    },
    async close() {
      await Promise.all(clients.map((c) => c.$disconnect()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Removes the migrated template (afterAll). */
export async function removeTemplates(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  template = undefined;
}

/**
 * For a file of repository tests: before each test a fresh database and a RunRepository on it,
 * handed to `use` (which stores them where the tests read them: `(fresh) => ({ t, repo } = fresh)`);
 * after each the database is closed, after all the template removed.
 */
export function freshRunRepositoryPerTest(use: (fresh: { t: TestDb; repo: RunRepository }) => void): void {
  let t: TestDb | undefined;
  beforeEach(async () => {
    t = await createTestDb();
    use({ t, repo: new RunRepository(t.db) });
  });
  afterEach(() => t?.close());
  afterAll(removeTemplates);
}

/** A project with `documents` documents and `terms` terms (and as many provisional entries when asked). */
export async function seedProject(
  db: Db,
  options: { name?: string; documents?: number; terms?: number; provisional?: number } = {},
): Promise<{ projectId: number; documentIds: number[] }> {
  const project = await db.project.create({ data: { name: options.name ?? `p-${Math.random().toString(36).slice(2)}` } });
  const documentIds: number[] = [];
  for (let i = 0; i < (options.documents ?? 1); i++) {
    const doc = await db.document.create({
      data: { projectId: project.id, fileName: `doc-${i}.md`, content: `# Doc ${i}\nSome text.`, contentHash: `h${i}`, sizeBytes: 20 },
    });
    documentIds.push(doc.id);
  }
  for (let i = 0; i < (options.terms ?? 0); i++) {
    await db.term.create({
      data: {
        projectId: project.id,
        key: `term${i}`,
        text: `Term ${i}`,
        rank: i,
        score: 1,
        category: 'technical_term',
        language: 'en',
        frequency: 1,
        documentCount: 1,
      },
    });
  }
  for (let i = 0; i < (options.provisional ?? 0); i++) {
    await db.provisionalEntry.create({
      data: { projectId: project.id, termKey: `term${i}`, term: `Term ${i}`, position: i, definition: 'd', confidence: 0.5 },
    });
  }
  return { projectId: project.id, documentIds };
}
