// Self-fencing of an instance that lost its lease (instance-lease.ts, the `postgres` project): two
// run managers in one process, each its own instance on one PostgreSQL database. "The database is
// unreachable" is a heartbeat that throws (the lease's `heartbeat` seam) and "a whole lease
// passed" is a clock moved by hand, so nothing here waits on wall-clock time.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client';
import { RunRepository } from '../../src/db/run-repository';
import type { LeaseOptions } from '../../src/runs/instance-lease';
import { ENDED_ELSEWHERE_MESSAGE, INTERRUPTED_MESSAGE, LEASE_LOST_MESSAGE, RunManager, type RunManagerDeps } from '../../src/runs/run-manager';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';
import { deferred, pipelineUntilAborted, recordingLogger, waitForEnd, waitForStatus, type RecordingLogger } from '../support/run-helpers';

const LEASE_MS = 60_000;

let t: TestDb;
let otherDb: Db;
const managers: RunManager[] = [];

/** A lease whose database can be cut off and whose clock only moves when told. */
function handDrivenLease() {
  let time = 0;
  let reachable = true;
  let attempts = 0;
  let waiters: { at: number; resolve: () => void }[] = [];
  const options: LeaseOptions = {
    now: () => time,
    beatIntervalMs: 10,
    heartbeat: async (write) => {
      attempts++;
      for (const w of waiters.filter((w) => attempts >= w.at)) w.resolve();
      waiters = waiters.filter((w) => attempts < w.at);
      if (!reachable) throw new Error('database unreachable (test)');
      await write();
    },
  };
  return {
    options,
    advance: (ms: number) => void (time += ms),
    cut: () => void (reachable = false),
    restore: () => void (reachable = true),
    /** Resolves once `n` more heartbeats have been attempted. */
    beats: (n: number) => new Promise<void>((resolve) => waiters.push({ at: attempts + n, resolve })),
  };
}

async function instance(db: Db, lease: LeaseOptions, overrides: Partial<RunManagerDeps> = {}): Promise<RunManager> {
  const m = new RunManager({
    db,
    databaseUrl: t.url,
    instances: { leaseMs: LEASE_MS, lease },
    maxConcurrentRuns: 2,
    logger: recordingLogger(),
    logFlushIntervalMs: 10,
    ...overrides,
  });
  managers.push(m);
  await m.recoverInterrupted();
  return m;
}

const messages = (logger: RecordingLogger, level: string, pattern: RegExp) =>
  logger.entries.filter((e) => e.level === level && pattern.test(e.message));

/** What another instance's sweep writes (failOrphan, then its last line), on another connection and announced to nobody. */
async function failLikeTheSweep(runId: number, ownerId: string) {
  const repo = new RunRepository(otherDb);
  const ended = await repo.failOrphan(runId, ownerId, INTERRUPTED_MESSAGE);
  if (ended.result !== 'updated' || !ended.run) return null;
  await repo.appendLogLine({ runId, seq: ended.run.lastSeq, time: new Date(), level: 'ERROR', step: null, message: INTERRUPTED_MESSAGE });
  return ended.run;
}

beforeEach(async () => {
  t = await createTestDb();
  otherDb = await t.openAnother();
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.shutdown(5_000)));
  await otherDb.$disconnect();
  await t.close();
});
afterAll(removeTemplates);

describe('an instance that lost its lease fences itself', () => {
  it('after a lease without a successful heartbeat it aborts its run and claims nothing; once a heartbeat succeeds it claims again', async () => {
    const [p1, p2] = await Promise.all([seedProject(t.db), seedProject(t.db)]);
    const lease = handDrivenLease();
    const logger = recordingLogger();
    const executing = deferred();
    const aborted = deferred<unknown>();
    const a = await instance(t.db, lease.options, {
      logger,
      executeRun: ({ run, signal }) =>
        run.projectId !== p1.projectId
          ? Promise.resolve()
          : new Promise((_, reject) => {
              executing.resolve();
              signal.addEventListener('abort', () => {
                aborted.resolve(signal.reason);
                reject(signal.reason);
              });
            }),
    });
    const held = await a.start({ projectId: p1.projectId, scope: 'EXTRACT' });
    // RUNNING is stored at the claim, before the pipeline starts: wait until it listens for the abort.
    await executing.promise;

    // Heartbeats stop reaching the database; a beat's worth of time is not yet a lease.
    lease.cut();
    lease.advance(LEASE_MS);
    await lease.beats(2);
    expect((await a.repo.findById(held.id))!.status).toBe('RUNNING');
    expect(messages(logger, 'warn', /lease lost/)).toHaveLength(0);

    lease.advance(1);
    await aborted.promise;
    const ended = await waitForEnd(a, held.id);
    expect(ended).toMatchObject({ status: 'FAILED', error: LEASE_LOST_MESSAGE, ownerId: a.ownerId });
    const lines = await a.repo.logsAfter(held.id, 0);
    expect(lines.at(-1)).toMatchObject({ level: 'ERROR', message: `Run failed: ${LEASE_LOST_MESSAGE}` });

    // While lost, a queued run stays queued: this instance claims nothing (its relay heard of the
    // run, and several beats went by).
    const queued = await a.start({ projectId: p2.projectId, scope: 'EXTRACT' });
    await lease.beats(3);
    expect((await a.repo.findById(queued.id))!.status).toBe('PENDING');
    expect(a.runningCount).toBe(0);
    expect(messages(logger, 'warn', /lease lost/)).toHaveLength(1);

    // The database is back: the next heartbeat re-takes the lease and the queued run is claimed.
    lease.restore();
    const done = await waitForEnd(a, queued.id);
    expect(done).toMatchObject({ status: 'COMPLETED', ownerId: a.ownerId });
    expect(messages(logger, 'info', /lease re-taken/)).toHaveLength(1);
  });

  it('a final status written after another instance failed the run is refused: FAILED and its logs stay, late lines are dropped', async () => {
    // The instance never hears of the failure here (the run is failed by hand on another
    // connection, so no announcement reaches it, and its relay is up, so it does not poll): this is
    // the database's fence alone. The next test is the same story told to it by the others.
    const { projectId } = await seedProject(t.db);
    const lease = handDrivenLease();
    const logger = recordingLogger();
    const release = deferred();
    const a = await instance(t.db, lease.options, {
      logger,
      executeRun: async ({ reporter }) => {
        reporter.log({ level: 'INFO', message: 'before' });
        await release.promise;
        // The pipeline finishes when the instance can reach the database again, and its clock has
        // not yet told it that its lease is gone (a stalled event loop, a paused VM).
        reporter.log({ level: 'INFO', message: 'late line' });
        reporter.progress({ step: 'EXTRACT', current: 1, total: 1 });
      },
    });
    const run = await a.start({ projectId, scope: 'EXTRACT' });
    await waitForStatus(a, run.id, 'RUNNING');
    expect((await a.repo.findById(run.id))!.ownerId).toBe(a.ownerId);
    await vi.waitFor(async () => expect((await a.repo.findById(run.id))!.lastSeq).toBe(2), { timeout: 15_000 });

    // A's heartbeats stop reaching the database and its lease runs out there; another instance
    // fails the run as its sweep does (recovery.ts failOrphanWithLog), but without announcing it.
    lease.cut();
    // Beats take turns: once one more was attempted (and refused), none is still in flight.
    await lease.beats(1);
    await t.db.$executeRaw`UPDATE "ServerInstance" SET "expiresAt" = "expiresAt" - interval '1 day' WHERE "id" = ${a.ownerId}`;
    const failed = (await failLikeTheSweep(run.id, a.ownerId))!;
    expect(failed).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: 3 });

    release.resolve();
    await a.whenIdle();
    const after = await a.repo.findById(run.id);
    expect(after).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: 3, ownerId: a.ownerId });
    expect(after!.finishedAt).toEqual(failed.finishedAt);
    expect(after!.step).toBe(failed.step);
    const lines = await a.repo.logsAfter(run.id, 0);
    expect(lines.map((l) => l.message)).toEqual([`Run ${run.id} started: scope EXTRACT`, 'before', INTERRUPTED_MESSAGE]);
    expect(messages(logger, 'warn', new RegExp(`Run ${run.id}: could not record COMPLETED \\(wrong_state\\); the stored status stays FAILED`))).toHaveLength(1);
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('a paused instance whose run the others failed stops it as soon as their announcement arrives: one warning, no error, nothing more stored', async () => {
    const { projectId } = await seedProject(t.db);
    const lease = handDrivenLease();
    const logger = recordingLogger();
    const pipeline = pipelineUntilAborted(({ reporter }) => reporter.log({ level: 'INFO', message: 'before' }));
    // Only the relay can tell it: no cancel poll runs during the test.
    const a = await instance(t.db, lease.options, { logger, cancelPollIntervalMs: 3_600_000, executeRun: pipeline.executeRun });
    const b = await instance(otherDb, { beatIntervalMs: 10 }, { maxConcurrentRuns: 1, executeRun: async () => {} });
    const run = await a.start({ projectId, scope: 'EXTRACT' });
    await pipeline.executing;
    await vi.waitFor(async () => expect((await a.repo.findById(run.id))!.lastSeq).toBe(2), { timeout: 15_000 });

    // A is "paused": its heartbeats stop and its clock stands still, so its own lease check never
    // fires. Its lease runs out in the database and B's sweep fails the run and announces it.
    lease.cut();
    await lease.beats(1);
    await t.db.$executeRaw`UPDATE "ServerInstance" SET "expiresAt" = "expiresAt" - interval '1 day' WHERE "id" = ${a.ownerId}`;
    const failed = await waitForStatus(b, run.id, 'FAILED');
    expect(failed).toMatchObject({ error: INTERRUPTED_MESSAGE, lastSeq: 3 });

    // A hears it from B and aborts its pipeline, not waiting for the pipeline to end by itself.
    const reason = await pipeline.aborted;
    expect(reason).toMatchObject({ name: 'CancelledError', message: ENDED_ELSEWHERE_MESSAGE });
    await a.whenIdle();
    expect(a.runningCount).toBe(0);

    const after = await a.repo.findById(run.id);
    expect(after).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: 3, ownerId: a.ownerId });
    expect(after!.finishedAt).toEqual(failed.finishedAt);
    const lines = await a.repo.logsAfter(run.id, 0);
    expect(lines.map((l) => l.message)).toEqual([`Run ${run.id} started: scope EXTRACT`, 'before', INTERRUPTED_MESSAGE]);
    // Besides the refused heartbeats of the cut-off database, one warning says what happened.
    const warnings = logger.entries.filter((e) => e.level === 'warn' && !/heartbeat failed/.test(e.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe(
      `Run ${run.id}: stopped executing it here: it had already ended in the database (FAILED), recorded by another server instance (typically its sweep, after this instance's lease expired while it was paused); that end stands`,
    );
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    // It was told, not its clock: its lease check never fired.
    expect(messages(logger, 'warn', /lease lost/)).toHaveLength(0);
  });

  it('announcements possibly missed (the listening connection dropped) make it re-read the runs it executes: one that ended stops', async () => {
    const { projectId } = await seedProject(t.db);
    const lease = handDrivenLease();
    const logger = recordingLogger();
    const pipeline = pipelineUntilAborted();
    const a = await instance(t.db, lease.options, { logger, cancelPollIntervalMs: 3_600_000, executeRun: pipeline.executeRun });
    const run = await a.start({ projectId, scope: 'EXTRACT' });
    await pipeline.executing;
    await vi.waitFor(async () => expect((await a.repo.findById(run.id))!.lastSeq).toBe(1), { timeout: 15_000 });
    // Failed while the announcement was lost (here: never sent).
    expect(await failLikeTheSweep(run.id, a.ownerId)).toMatchObject({ status: 'FAILED' });

    a.relay!.simulateLoss();
    expect(await pipeline.aborted).toMatchObject({ name: 'CancelledError', message: ENDED_ELSEWHERE_MESSAGE });
    await a.whenIdle();
    expect(await a.repo.findById(run.id)).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: 2 });
    expect(messages(logger, 'warn', new RegExp(`^Run ${run.id}: stopped executing it here`))).toHaveLength(1);
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});

describe('fenced writes on PostgreSQL (RunRepository)', () => {
  it('finish applies only for the owner of a RUNNING run; log batches of an ended run are dropped', async () => {
    const repo = new RunRepository(t.db);
    const { projectId } = await seedProject(t.db);
    const run = await t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING', ownerId: 'host:1:a' } });
    expect((await repo.finish(run.id, 'COMPLETED', null, new Date(), 'host:2:b')).result).toBe('wrong_state');
    expect((await repo.findById(run.id))!.status).toBe('RUNNING');
    const line = (seq: number) => ({ runId: run.id, seq, time: new Date(), level: 'INFO', step: null, message: `m${seq}`, fields: null });
    await repo.appendLogs(run.id, [line(1)]);
    expect((await repo.failOrphan(run.id, 'host:1:a', INTERRUPTED_MESSAGE)).run).toMatchObject({ status: 'FAILED', lastSeq: 2 });
    await repo.appendLogs(run.id, [line(2), line(3)]);
    expect((await repo.logsAfter(run.id, 0)).map((l) => l.seq)).toEqual([1]);
    expect((await repo.runState(run.id))!.lastSeq).toBe(2);
    expect((await repo.finish(run.id, 'COMPLETED', null, new Date(), 'host:1:a')).run!.status).toBe('FAILED');
  });
});
