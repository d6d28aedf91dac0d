import { describe, expect, it } from 'vitest';
import { ALLOWED_FROM, type RunRepository, type RunStatus, type TerminalStatus } from '../../src/db/run-repository';
import { AppError } from '../../src/errors';
import { freshRunRepositoryPerTest, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
let repo: RunRepository;
freshRunRepositoryPerTest((fresh) => ({ t, repo } = fresh));

const STATUSES: RunStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** A run in `status` on a fresh project (the partial index allows one active run per project). */
async function runIn(status: RunStatus) {
  const { projectId } = await seedProject(t.db);
  return t.db.run.create({ data: { projectId, scope: 'FULL', status, ownerId: 'me' } });
}

describe('transitions', () => {
  const targets = Object.keys(ALLOWED_FROM) as (keyof typeof ALLOWED_FROM)[];
  for (const from of STATUSES) {
    for (const to of targets) {
      const allowed = ALLOWED_FROM[to].includes(from);
      it(`${from} → ${to}: ${allowed ? 'updated' : 'wrong_state, row unchanged'}`, async () => {
        const run = await runIn(from);
        const result =
          to === 'RUNNING' ? await repo.claim(run.id, 'me') : await repo.finish(run.id, to as TerminalStatus, to === 'FAILED' ? 'boom' : null);
        const after = await repo.findById(run.id);
        if (allowed) {
          expect(result.result).toBe('updated');
          expect(result.run).toEqual(after);
          expect(after!.status).toBe(to);
          if (to === 'RUNNING') expect(after!.startedAt).toBeInstanceOf(Date);
          else expect(after!.finishedAt).toBeInstanceOf(Date);
        } else {
          expect(result.result).toBe('wrong_state');
          expect(after).toEqual(run);
          expect(result.run).toEqual(run);
        }
      });
    }
  }

  it('terminal statuses never change, whatever is attempted', async () => {
    for (const status of ['COMPLETED', 'FAILED', 'CANCELLED'] as const) {
      const run = await runIn(status);
      expect((await repo.claim(run.id, 'me')).result).toBe('wrong_state');
      for (const to of ['COMPLETED', 'FAILED', 'CANCELLED'] as const) expect((await repo.finish(run.id, to)).result).toBe('wrong_state');
      expect((await repo.cancelPending(run.id, 'x')).result).toBe('wrong_state');
      expect((await repo.requestCancel(run.id)).result).toBe('wrong_state');
      expect((await repo.failOrphan(run.id, 'me', 'x')).result).toBe('wrong_state');
      expect((await repo.adoptPending(run.id, 'me', 'you')).result).toBe('wrong_state');
      await repo.saveProgress(run.id, { step: 'EXTRACT', progressCurrent: 5, progressTotal: 9, currentItem: 'x' });
      expect(await repo.findById(run.id)).toEqual(run);
    }
  });

  it('unknown runs are not_found', async () => {
    expect((await repo.claim(999, 'me')).result).toBe('not_found');
    expect((await repo.finish(999, 'COMPLETED')).result).toBe('not_found');
    expect((await repo.requestCancel(999)).result).toBe('not_found');
    expect(await repo.isTerminal(999)).toBeNull();
  });

  it('claim only takes runs of its owner; cancel requests keep their first time', async () => {
    const run = await runIn('PENDING');
    expect((await repo.claim(run.id, 'someone-else')).result).toBe('wrong_state');
    expect((await repo.claim(run.id, 'me')).result).toBe('updated');
    const first = await repo.requestCancel(run.id, new Date(1_000));
    const again = await repo.requestCancel(run.id, new Date(2_000));
    expect(first.result).toBe('updated');
    expect(again.result).toBe('updated');
    expect(again.run!.cancelRequestedAt!.getTime()).toBe(1_000);
  });

  it('of two racing finishers exactly one wins', async () => {
    const run = await runIn('RUNNING');
    const results = await Promise.all([repo.finish(run.id, 'COMPLETED'), repo.finish(run.id, 'CANCELLED'), repo.finish(run.id, 'FAILED', 'x')]);
    expect(results.filter((r) => r.result === 'updated')).toHaveLength(1);
  });
});

describe('createPending', () => {
  it('refuses a second active run with RUN_ALREADY_ACTIVE and the active id; allows one after the end', async () => {
    const { projectId } = await seedProject(t.db);
    const first = await repo.createPending({ projectId, scope: 'FULL', ownerId: 'me', documentIds: null });
    const err = await repo.createPending({ projectId, scope: 'FULL', ownerId: 'me' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RUN_ALREADY_ACTIVE');
    expect((err as AppError).details.activeRunId).toBe(first.id);
    await repo.cancelPending(first.id, 'x');
    const second = await repo.createPending({ projectId, scope: 'EXTRACT', ownerId: 'me', documentIds: [3, 1] });
    expect(second.documentIds).toBe('[3,1]');
    expect((await repo.currentRunOfProject(projectId))!.id).toBe(second.id);
  });
});

describe('queries', () => {
  it('pages runs newest first with status and scope filters', async () => {
    const { projectId } = await seedProject(t.db);
    const other = await seedProject(t.db);
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await t.db.run.create({
        data: { projectId, scope: i % 2 ? 'FULL' : 'EXTRACT', status: i % 3 ? 'COMPLETED' : 'FAILED' },
      });
      ids.push(run.id);
    }
    await t.db.run.create({ data: { projectId: other.projectId, scope: 'FULL', status: 'COMPLETED' } });
    const page1 = await repo.runsPage({ projectId, first: 5 });
    expect(page1.runs.map((r) => r.id)).toEqual(ids.slice().reverse().slice(0, 5));
    expect(page1.hasNextPage).toBe(true);
    const page3 = await repo.runsPage({ projectId, first: 5, beforeId: ids[2] });
    expect(page3.runs.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(page3.hasNextPage).toBe(false);
    const failedFull = await repo.runsPage({ projectId, first: 50, status: ['FAILED'], scope: ['FULL'] });
    expect(failedFull.runs.map((r) => r.id)).toEqual([ids[9], ids[3]]);
    expect((await repo.latestRunOfProject(projectId))!.id).toBe(ids[11]);
    expect(await repo.activeRunOfProject(projectId)).toBeNull();
  });

  it('appends log batches with lastSeq, reads them after a seq with a level floor', async () => {
    const run = await runIn('RUNNING');
    const line = (seq: number, level: string) => ({ runId: run.id, seq, time: new Date(), level, step: null, message: `m${seq}`, fields: null });
    await repo.appendLogs(run.id, [line(1, 'DEBUG'), line(2, 'INFO'), line(3, 'WARN')]);
    await repo.appendLogs(run.id, [line(4, 'ERROR'), line(5, 'DEBUG')]);
    expect((await repo.runState(run.id))!.lastSeq).toBe(5);
    expect((await repo.logsAfter(run.id, 2)).map((l) => l.seq)).toEqual([3, 4, 5]);
    expect((await repo.logsAfter(run.id, 0, 2)).map((l) => l.seq)).toEqual([1, 2]);
    expect((await repo.logsAfter(run.id, 0, 100, 'WARN')).map((l) => l.seq)).toEqual([3, 4]);
    // A failed batch (duplicate seq) leaves neither lines nor lastSeq half-written.
    await expect(repo.appendLogs(run.id, [line(6, 'INFO'), line(5, 'INFO')])).rejects.toThrow();
    expect((await repo.runState(run.id))!.lastSeq).toBe(5);
    expect(await t.db.runLog.count({ where: { runId: run.id } })).toBe(5);
  });
});
