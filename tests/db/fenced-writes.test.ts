// The writes a run's executor makes, fenced (the code path SQLite shares with PostgreSQL, where
// tests/multi-instance/fencing.test.ts drives it through two instances): the terminal status only
// while the run is RUNNING and held by the writer; log batches only while the run is RUNNING.
import { describe, expect, it } from 'vitest';
import { InlineLogStore, WorkerLogStore, type LogStore } from '../../src/db/log-store';
import type { LogLineInput, RunRepository } from '../../src/db/run-repository';
import { INTERRUPTED_MESSAGE } from '../../src/runs/messages';
import { freshRunRepositoryPerTest, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
let repo: RunRepository;
freshRunRepositoryPerTest((fresh) => ({ t, repo } = fresh));

const OWNER = 'host-a:101:aaaa';
const OTHER = 'host-b:202:bbbb';

async function runningRun() {
  const { projectId } = await seedProject(t.db);
  return t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING', ownerId: OWNER } });
}

const line = (runId: number, seq: number): LogLineInput => ({ runId, seq, time: new Date(), level: 'INFO', step: null, message: `m${seq}`, fields: null });

describe('RunRepository.finish with an owner', () => {
  it('records the end for the owner of the RUNNING run only', async () => {
    const run = await runningRun();
    const refused = await repo.finish(run.id, 'COMPLETED', null, new Date(), OTHER);
    expect(refused).toMatchObject({ result: 'wrong_state', run: { status: 'RUNNING', ownerId: OWNER } });
    const ended = await repo.finish(run.id, 'COMPLETED', null, new Date(), OWNER);
    expect(ended).toMatchObject({ result: 'updated', run: { status: 'COMPLETED' } });
  });

  it('never overwrites the FAILED a sweep wrote, even for the owner', async () => {
    const run = await runningRun();
    const swept = await repo.failOrphan(run.id, OWNER, INTERRUPTED_MESSAGE);
    expect(swept.result).toBe('updated');
    for (const status of ['COMPLETED', 'CANCELLED', 'FAILED'] as const) {
      const late = await repo.finish(run.id, status, status === 'COMPLETED' ? null : 'late', new Date(), OWNER);
      expect(late).toMatchObject({ result: 'wrong_state', run: { status: 'FAILED', error: INTERRUPTED_MESSAGE } });
    }
  });
});

describe.each([
  ['InlineLogStore', () => new InlineLogStore(repo)],
  ['WorkerLogStore', () => new WorkerLogStore(t.url)],
] as [string, () => LogStore][])('%s: log batches of a run that has ended', (_name, open) => {
  it('are dropped; the line the sweep wrote stays the last one, and lastSeq with it', async () => {
    const run = await runningRun();
    const store = open();
    try {
      await store.append(run.id, [line(run.id, 1), line(run.id, 2)]);
      // The sweep reserves seq 3 for its last line and writes it.
      const swept = await repo.failOrphan(run.id, OWNER, INTERRUPTED_MESSAGE);
      expect(swept.run!.lastSeq).toBe(3);
      await repo.appendLogLine({ runId: run.id, seq: 3, time: new Date(), level: 'ERROR', step: null, message: INTERRUPTED_MESSAGE });
      // The owner's late batches: one that would collide with the sweep's line, one after it.
      await store.append(run.id, [line(run.id, 3), line(run.id, 4)]);
      await store.append(run.id, [line(run.id, 5)]);
    } finally {
      await store.close();
    }
    expect((await repo.logsAfter(run.id, 0)).map((l) => l.message)).toEqual(['m1', 'm2', INTERRUPTED_MESSAGE]);
    expect((await repo.runState(run.id))!.lastSeq).toBe(3);
  });
});
