import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FallbackLogStore, InlineLogStore, LogStoreError, WorkerLogStore } from '../../src/db/log-store';
import { RunRepository } from '../../src/db/run-repository';
import type { LogLineInput } from '../../src/db/run-repository';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());
afterAll(removeTemplates);

const line = (runId: number, seq: number): LogLineInput => ({
  runId,
  seq,
  time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, seq % 1000)),
  level: 'INFO',
  step: seq % 2 ? 'EXTRACT' : null,
  message: `m${seq} «引用» "q"`,
  fields: seq % 3 ? null : JSON.stringify({ current: seq }),
});

describe('WorkerLogStore', () => {
  it('stores batches in order with lastSeq, readable through Prisma exactly as written', async () => {
    const { projectId } = await seedProject(t.db);
    const run = await t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING' } });
    const store = new WorkerLogStore(t.url);
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 50 }, (_, i) => line(run.id, b * 50 + i + 1)));
    await Promise.all(batches.map((batch) => store.append(run.id, batch)));
    await store.close();
    const stored = await t.db.runLog.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    expect(stored).toEqual(batches.flat());
    expect((await t.db.run.findUnique({ where: { id: run.id } }))!.lastSeq).toBe(1_000);
  });

  it('a batch that cannot be stored rejects and leaves nothing half-written', async () => {
    const { projectId } = await seedProject(t.db);
    const run = await t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING' } });
    const store = new WorkerLogStore(t.url);
    await store.append(run.id, [line(run.id, 1)]);
    const err = await store.append(run.id, [line(run.id, 2), line(run.id, 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogStoreError);
    // SQLite's constraint code, or PostgreSQL's unique_violation.
    expect((err as LogStoreError).code).toMatch(/SQLITE_CONSTRAINT|^23505$/);
    await store.append(run.id, [line(run.id, 2)]);
    await store.close();
    expect(await t.db.runLog.count({ where: { runId: run.id } })).toBe(2);
    expect((await t.db.run.findUnique({ where: { id: run.id } }))!.lastSeq).toBe(2);
    await expect(store.append(run.id, [line(run.id, 3)])).rejects.toThrow(/closed/);
  });

  it('when the worker thread dies, FallbackLogStore stores the next batches on the main connection', async () => {
    const { projectId } = await seedProject(t.db);
    const run = await t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING' } });
    const worker = new WorkerLogStore(t.url);
    const failures: unknown[] = [];
    const store = new FallbackLogStore(worker, new InlineLogStore(new RunRepository(t.db)), (err) => failures.push(err));
    await store.append(run.id, [line(run.id, 1)]);
    await (worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(worker.isBroken).toBe(true);
    await store.append(run.id, [line(run.id, 2), line(run.id, 3)]);
    await store.close();
    expect(failures).toHaveLength(1);
    expect((await t.db.runLog.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } })).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect((await t.db.run.findUnique({ where: { id: run.id } }))!.lastSeq).toBe(3);
  });
});
