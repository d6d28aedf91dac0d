// Two run managers in one process, each as its own instance on one PostgreSQL database (the
// `postgres` vitest project): what crosses between them goes through LISTEN/NOTIFY only, because
// the fallback polls are set to a minute.
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client';
import { RunManager, SHUTDOWN_MESSAGE, type RunManagerDeps } from '../../src/runs/run-manager';
import { RUN_CHANNEL } from '../../src/runs/run-relay';
import { glossaryChangesOn } from '../../src/projects/glossary-changes';
import type { RunLogRow } from '../../src/runs/types';
import { seedProject } from '../support/run-db';
import { deferred, pipelineUntilAborted, recordingLogger, waitForEnd, waitForStatus } from '../support/run-helpers';
import { twoConnectionsPerTest } from '../support/two-connections';

// t: the test's database; its second client (another process's or instance's) is t.otherDb.
const t = twoConnectionsPerTest();

async function instance(db: Db, overrides: Partial<RunManagerDeps> = {}): Promise<RunManager> {
  const m = new RunManager({
    db,
    databaseUrl: t.url,
    instances: { leaseMs: 60_000 },
    maxConcurrentRuns: 2,
    logger: recordingLogger(),
    logFlushIntervalMs: 10,
    // Only the relay can carry anything across within a test's time.
    remotePollIntervalMs: 60_000,
    cancelPollIntervalMs: 60_000,
    ...overrides,
  });
  t.track(m);
  await m.recoverInterrupted();
  // recoverInterrupted waits for the listening connection at most 5 s (then the 1 s fallback polls
  // cover it — set to a minute here): under load a test could start before its relay listened.
  await m.relay!.whenListening();
  return m;
}


describe('the run relay between instances (LISTEN/NOTIFY)', () => {
  it('a cancel on B reaches the pipeline executing on A (no poll involved)', async () => {
    const { projectId } = await seedProject(t.db);
    const pipeline = pipelineUntilAborted();
    const a = await instance(t.db, { executeRun: pipeline.executeRun });
    const b = await instance(t.otherDb, { maxConcurrentRuns: 1, executeRun: async () => {} });
    const run = await a.start({ projectId, scope: 'EXTRACT' });
    // RUNNING is stored at the claim, before the pipeline starts: wait until it listens for the abort.
    await pipeline.executing;
    expect((await b.cancel(run.id)).status).toBe('RUNNING');
    await pipeline.aborted;
    expect((await waitForEnd(a, run.id)).status).toBe('CANCELLED');
  });

  it('a run queued on B is claimed by A when B has no free slot', async () => {
    const [p1, p2] = await Promise.all([seedProject(t.db), seedProject(t.db)]);
    const hold = deferred();
    const executedBy: string[] = [];
    const b = await instance(t.otherDb, {
      maxConcurrentRuns: 1,
      executeRun: async () => {
        executedBy.push('B');
        await hold.promise;
      },
    });
    const first = await b.start({ projectId: p1.projectId, scope: 'EXTRACT' });
    await waitForStatus(b, first.id, 'RUNNING');
    const a = await instance(t.db, { executeRun: async () => void executedBy.push('A') });
    const second = await b.start({ projectId: p2.projectId, scope: 'EXTRACT' });
    expect((await waitForEnd(a, second.id)).status).toBe('COMPLETED');
    expect(executedBy).toEqual(['B', 'A']);
    hold.resolve();
    await waitForEnd(b, first.id);
  });

  it('a follower on B gets every line once and in order, also across a lost listening connection (reconnect, re-read by seq)', async () => {
    const { projectId } = await seedProject(t.db);
    const half = deferred();
    const goOn = deferred();
    const a = await instance(t.db, {
      executeRun: async ({ reporter }) => {
        for (let i = 1; i <= 400; i++) {
          reporter.log({ level: 'INFO', message: `line ${i}` });
          if (i === 200) {
            half.resolve();
            await goOn.promise;
          }
          if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
        }
      },
    });
    const b = await instance(t.otherDb, { maxConcurrentRuns: 1, executeRun: async () => {} });
    const run = await a.start({ projectId, scope: 'EXTRACT' });
    await waitForStatus(a, run.id, 'RUNNING');
    const seen: RunLogRow[] = [];
    const followed = (async () => {
      for await (const line of b.followLogs(run.id, 0)) seen.push(line);
    })();
    await half.promise;
    // Live through the relay: the first half arrives while the run is held.
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(201), { timeout: 20_000 });
    b.relay!.simulateLoss();
    await vi.waitFor(() => expect(b.relay!.connected).toBe(false));
    goOn.resolve();
    // The rest arrives after the relay is back (or by the fallback poll meanwhile): nothing lost.
    await vi.waitFor(() => expect(b.relay!.connected).toBe(true), { timeout: 20_000 });
    await followed;
    const done = await waitForEnd(a, run.id);
    expect(seen.map((l) => l.seq)).toEqual(Array.from({ length: done.lastSeq }, (_, i) => i + 1));
    expect(seen.filter((l) => l.message.startsWith('line ')).map((l) => l.message)).toEqual(Array.from({ length: 400 }, (_, i) => `line ${i + 1}`));
  });

  it("graceful shutdown of A cancels only A's runs; B's keep going, and a run queued meanwhile is left for B", async () => {
    const [p1, p2, p3] = await Promise.all([seedProject(t.db), seedProject(t.db), seedProject(t.db)]);
    const holdB = deferred();
    const a = await instance(t.db, {
      maxConcurrentRuns: 1,
      executeRun: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const onA = await a.start({ projectId: p1.projectId, scope: 'EXTRACT' });
    await waitForStatus(a, onA.id, 'RUNNING');
    const b = await instance(t.otherDb, { maxConcurrentRuns: 1, executeRun: () => holdB.promise });
    const onB = await b.start({ projectId: p2.projectId, scope: 'EXTRACT' });
    await waitForStatus(b, onB.id, 'RUNNING');
    // Both instances busy: this one waits in the shared queue.
    const queued = await a.start({ projectId: p3.projectId, scope: 'EXTRACT' });

    await a.shutdown(5_000);
    const endedOnA = (await b.repo.findById(onA.id))!;
    expect(endedOnA.status).toBe('CANCELLED');
    expect(endedOnA.error).toBe(SHUTDOWN_MESSAGE);
    expect((await b.repo.findById(onB.id))!.status).toBe('RUNNING');
    expect((await b.repo.findById(queued.id))!.status).toBe('PENDING');

    holdB.resolve();
    expect((await waitForEnd(b, onB.id)).status).toBe('COMPLETED');
    expect((await waitForEnd(b, queued.id)).status).toBe('COMPLETED');
    expect((await b.repo.findById(queued.id))!.ownerId).toBe(b.ownerId);
  });

  it("a glossary-input change announced on A reaches B's glossaryStatus followers (no poll involved)", async () => {
    const { projectId } = await seedProject(t.db);
    const a = await instance(t.db, { executeRun: async () => {} });
    const b = await instance(t.otherDb, { executeRun: async () => {} });
    await Promise.all([a.relay!.whenListening(), b.relay!.whenListening()]);
    const onB = glossaryChangesOn(b.bus).follow(projectId);
    glossaryChangesOn(a.bus).changed(projectId, 'GROUPS_CHANGED');
    const next = await onB.next();
    expect(next.value).toMatchObject({ kind: 'inputs-changed' });
    onB.return?.();
  });

  it('announcements are coalesced into NOTIFY payloads under 8,000 bytes and carry no log text', async () => {
    const listener = new pg.Client({ connectionString: t.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (n) => payloads.push(n.payload ?? ''));
    await listener.query(`LISTEN ${RUN_CHANNEL}`);
    const a = await instance(t.db, { executeRun: async () => {} });
    const secret = 'a log line that must never travel'.repeat(10);
    // 1,000 runs' worth of news in one flush (run ids need not exist for the sender).
    for (let id = 1; id <= 1_000; id++) {
      a.bus.publish('run', id, {
        kind: 'logs',
        runId: id,
        lines: [{ runId: id, seq: 7, time: new Date(), level: 'INFO', step: null, message: secret, fields: null }],
      });
      a.bus.publish('run', id, { kind: 'progress', progress: { runId: id, status: 'RUNNING', step: 'EXTRACT', current: 1, total: 2, currentItem: 'x', percent: 12 } });
    }
    await vi.waitFor(() => {
      const announced = payloads.flatMap((p) => (JSON.parse(p) as { a: { r: number }[] }).a.map((x) => x.r));
      expect(new Set(announced).size).toBe(1_000);
    });
    expect(Math.max(...payloads.map((p) => Buffer.byteLength(p)))).toBeLessThan(8_000);
    expect(payloads.length).toBeLessThan(50);
    expect(payloads.some((p) => p.includes('must never travel'))).toBe(false);
    await listener.end();
  });
});
