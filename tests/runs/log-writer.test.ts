import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InlineLogStore } from '../../src/db/log-store';
import { RunRepository, type LogLineInput } from '../../src/db/run-repository';
import { createRunEventBus, type RunEvent } from '../../src/runs/run-events';
import { LogWriter } from '../../src/runs/log-writer';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());
afterAll(removeTemplates);

async function runningRun() {
  const { projectId } = await seedProject(t.db);
  return t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING', ownerId: 'me' } });
}

describe('LogWriter', () => {
  it('numbers lines 1, 2, 3 … synchronously and stores them in few batches', async () => {
    const run = await runningRun();
    const repo = new RunRepository(t.db);
    const batches: number[] = [];
    const append = repo.appendLogs.bind(repo);
    repo.appendLogs = async (runId: number, lines: readonly LogLineInput[]) => {
      batches.push(lines.length);
      return append(runId, lines);
    };
    const writer = new LogWriter({ store: new InlineLogStore(repo), bus: createRunEventBus(), runId: run.id, maxBatch: 400, flushIntervalMs: 20 });
    const seqs = [];
    for (let i = 0; i < 1_000; i++) seqs.push(writer.append({ level: 'INFO', message: `m${i}` }));
    expect(seqs).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    await writer.close();
    expect(batches).toEqual([400, 400, 200]);
    const stored = await t.db.runLog.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    expect(stored.map((l) => l.message)).toEqual(seqs.map((s) => `m${s - 1}`));
    expect((await repo.findById(run.id))!.lastSeq).toBe(1_000);
  });

  it('announces each stored batch on the bus after it is stored', async () => {
    const run = await runningRun();
    const repo = new RunRepository(t.db);
    const bus = createRunEventBus();
    const sub = bus.subscribe('run', run.id);
    const writer = new LogWriter({ store: new InlineLogStore(repo), bus, runId: run.id, flushIntervalMs: 5 });
    writer.append({ level: 'WARN', message: 'one', step: 'ISSUES', fields: { term: 'x' } });
    const event: RunEvent = (await sub.next()).value;
    expect(event.kind).toBe('logs');
    if (event.kind !== 'logs') return;
    expect(event.lines.map((l) => [l.seq, l.level, l.step, l.message, l.fields])).toEqual([[1, 'WARN', 'ISSUES', 'one', '{"term":"x"}']]);
    expect(await t.db.runLog.count({ where: { runId: run.id } })).toBe(1);
    await writer.close();
    sub.close();
  });

  it('continues numbering after a stored lastSeq and survives bad input', async () => {
    const run = await runningRun();
    const repo = new RunRepository(t.db);
    const writer = new LogWriter({ store: new InlineLogStore(repo), bus: createRunEventBus(), runId: run.id, lastSeq: 41 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(writer.append({ level: 'NOPE' as never, message: 'x'.repeat(20_000), fields: circular })).toBe(42);
    await writer.close();
    const [line] = await t.db.runLog.findMany({ where: { runId: run.id } });
    expect(line).toMatchObject({ seq: 42, level: 'INFO', fields: '{"unserializable":true}' });
    expect(line!.message.length).toBe(8_000);
  });

  it('reports a batch it cannot store instead of throwing at the pipeline', async () => {
    const run = await runningRun();
    const repo = new RunRepository(t.db);
    repo.appendLogs = async () => {
      throw new Error('disk full');
    };
    const lost: number[] = [];
    const writer = new LogWriter({ store: new InlineLogStore(repo), bus: createRunEventBus(), runId: run.id, onError: (_, n) => lost.push(n) });
    writer.append({ level: 'INFO', message: 'a' });
    writer.append({ level: 'INFO', message: 'b' });
    await writer.close();
    expect(lost).toEqual([2]);
    expect(writer.lost).toBe(2);
  });
});
