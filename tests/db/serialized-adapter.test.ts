import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/db/generated/client/client';
import { serializeConnection } from '../../src/db/serialized-adapter';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';
import { deferred } from '../support/run-helpers';

let t: TestDb;
const clients: PrismaClient[] = [];
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.$disconnect()));
  await t.close();
});
afterAll(removeTemplates);

function client(serialized: boolean): PrismaClient {
  const factory = new PrismaBetterSqlite3({ url: t.url, timeout: 10_000 });
  const c = new PrismaClient({ adapter: serialized ? serializeConnection(factory) : factory });
  clients.push(c);
  return c;
}

/** A status write issued while another transaction is open, which then rolls back. */
async function statusWriteDuringFailedTransaction(db: PrismaClient): Promise<string> {
  const { projectId } = await seedProject(t.db);
  const run = await db.run.create({ data: { projectId, scope: 'FULL' } });
  const inside = deferred();
  const tx = db
    .$transaction(async (tx) => {
      await tx.term.create({
        data: { projectId, key: 'k', text: 'k', rank: 0, score: 0, category: 'c', language: 'en', frequency: 1, documentCount: 1 },
      });
      inside.resolve();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('step failed');
    })
    .catch(() => undefined);
  await inside.promise;
  await db.run.updateMany({ where: { id: run.id, status: 'PENDING' }, data: { status: 'RUNNING' } });
  await tx;
  return (await db.run.findUnique({ where: { id: run.id } }))!.status;
}

describe('serializeConnection', () => {
  it('without it, a write issued during an open transaction is undone by that transaction’s rollback (the hazard)', async () => {
    expect(await statusWriteDuringFailedTransaction(client(false))).toBe('PENDING');
  });

  it('with it, the write waits for the transaction and survives its rollback', async () => {
    expect(await statusWriteDuringFailedTransaction(client(true))).toBe('RUNNING');
  });

  it('keeps concurrent queries and transactions working', async () => {
    const db = client(true);
    const { projectId } = await seedProject(t.db);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? db.$transaction([db.excludedTerm.create({ data: { projectId, key: `k${i}`, text: 't' } })])
          : db.$transaction(async (tx) => tx.excludedTerm.create({ data: { projectId, key: `k${i}`, text: 't' } })),
      ),
    );
    expect(await db.excludedTerm.count({ where: { projectId } })).toBe(20);
  });
});
