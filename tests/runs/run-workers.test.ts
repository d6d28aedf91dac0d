// Issue 9: runs execute in worker threads, off the event loop; cancel reaches a stubborn step
// through termination after the grace; a crashing worker fails only its run.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { CANCELLED_MESSAGE, RunManager, type RunManagerDeps } from '../../src/runs/run-manager';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';
import { recordingLogger, waitForEnd, waitForRun, waitForStatus } from '../support/run-helpers';

let t: TestDb;
const managers: RunManager[] = [];
const PIPELINES = new URL('../support/worker-pipelines.ts', import.meta.url);

function manager(gate: SharedArrayBuffer, overrides: Partial<RunManagerDeps['runWorkers']> = {}, maxConcurrentRuns = 1): RunManager {
  const m = new RunManager({
    db: t.db,
    maxConcurrentRuns,
    logger: recordingLogger(),
    logFlushIntervalMs: 10,
    progressPublishIntervalMs: 0,
    runWorkers: { cancelGraceMs: 300, pipelineModule: PIPELINES, pipelineData: { gate }, ...overrides },
  });
  managers.push(m);
  return m;
}

const messages = async (runId: number) =>
  (await t.db.runLog.findMany({ where: { runId }, orderBy: { seq: 'asc' } })).map((l) => l.message);

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.shutdown(5_000)));
  await t.close();
});
afterAll(removeTemplates);

describe('runs in worker threads', () => {
  it('a run executes in a worker: logs, progress and store calls cross by message', async () => {
    const gate = new SharedArrayBuffer(4);
    const m = manager(gate);
    const { projectId } = await seedProject(t.db, { name: 'plain', documents: 3 });
    const run = await m.start({ projectId, scope: 'EXTRACT' });
    const done = await waitForEnd(m, run.id);
    expect(done.status).toBe('COMPLETED');
    expect(await messages(run.id)).toEqual([`Run ${run.id} started: scope EXTRACT`, 'read doc-0.md', 'read doc-1.md', 'read doc-2.md', 'Run completed']);
    expect(await t.db.term.count({ where: { projectId } })).toBe(3);
    expect(done.progressCurrent).toBe(3);
  });

  it('the main thread answers queries while a step spins the CPU in its worker', async () => {
    const gate = new SharedArrayBuffer(4);
    const m = manager(gate);
    const { projectId } = await seedProject(t.db, { name: 'spin' });
    const run = await m.start({ projectId, scope: 'EXTRACT' });
    const progress: number[] = [];
    const following = (async () => {
      for await (const p of m.followProgress(run.id)) progress.push(p.current);
    })();
    // The step reported 1 and now spins until the gate opens: the next progress cannot come before.
    await waitForRun(m, run.id, () => progress.includes(1));
    const answered = await m.repo.findById(run.id);
    expect(answered?.status).toBe('RUNNING');
    expect(progress).not.toContain(2);
    Atomics.store(new Int32Array(gate), 0, 1);
    await following;
    expect(progress).toContain(2);
    expect((await waitForEnd(m, run.id)).status).toBe('COMPLETED');
  });

  it('a step that ignores its signal is terminated after the grace: CANCELLED, and its log says so; the next run works', async () => {
    const gate = new SharedArrayBuffer(4);
    const m = manager(gate);
    const stubborn = await seedProject(t.db, { name: 'stubborn' });
    const run = await m.start({ projectId: stubborn.projectId, scope: 'EXTRACT' });
    await waitForRun(m, run.id, (r) => r.status === 'RUNNING' && r.lastSeq >= 2);
    const threads = m.workers!.threadIds;
    await m.cancel(run.id);
    const done = await waitForEnd(m, run.id);
    expect(done.status).toBe('CANCELLED');
    expect(done.error).toBe(CANCELLED_MESSAGE);
    const log = await messages(run.id);
    expect(log).toContain('The step did not stop within 300 ms of the cancel; its worker thread was terminated');
    expect(log.at(-1)).toBe(`Run cancelled: ${CANCELLED_MESSAGE}`);
    expect(m.workers!.threadIds).not.toEqual(threads);

    const plain = await seedProject(t.db, { name: 'plain' });
    const next = await m.start({ projectId: plain.projectId, scope: 'EXTRACT' });
    expect((await waitForEnd(m, next.id)).status).toBe('COMPLETED');
  });

  for (const [name, expected] of [
    ['exit', /worker thread exited with code 3/],
    ['throw-outside', /worker thread failed: thrown outside the step/],
  ] as const) {
    it(`a worker that dies (${name}) fails only its run, with a clear error; the pool replaces it`, async () => {
      const gate = new SharedArrayBuffer(4);
      const m = manager(gate, {}, 2);
      const spin = await seedProject(t.db, { name: 'spin' });
      const neighbour = await m.start({ projectId: spin.projectId, scope: 'EXTRACT' });
      await waitForStatus(m, neighbour.id, 'RUNNING');
      const dying = await seedProject(t.db, { name });
      const run = await m.start({ projectId: dying.projectId, scope: 'EXTRACT' });
      const done = await waitForEnd(m, run.id);
      expect(done.status).toBe('FAILED');
      expect(done.error).toMatch(expected);
      expect(done.error).toContain('RunWorkerCrashedError');
      // The other run was not touched; it finishes when let go.
      expect((await m.repo.findById(neighbour.id))!.status).toBe('RUNNING');
      Atomics.store(new Int32Array(gate), 0, 1);
      expect((await waitForEnd(m, neighbour.id)).status).toBe('COMPLETED');
      const plain = await seedProject(t.db, { name: 'plain', documents: 2 });
      const next = await m.start({ projectId: plain.projectId, scope: 'EXTRACT' });
      expect((await waitForEnd(m, next.id)).status).toBe('COMPLETED');
    });
  }

  it('a worker out of memory fails only its run; the next run works', async () => {
    const gate = new SharedArrayBuffer(4);
    const m = manager(gate, { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
    const oom = await seedProject(t.db, { name: 'oom' });
    const run = await m.start({ projectId: oom.projectId, scope: 'EXTRACT' });
    const done = await waitForEnd(m, run.id);
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(/memory/i);
    const plain = await seedProject(t.db, { name: 'plain' });
    const next = await m.start({ projectId: plain.projectId, scope: 'EXTRACT' });
    expect((await waitForEnd(m, next.id)).status).toBe('COMPLETED');
  });
});

describe('the real pipeline in a worker thread', () => {
  it('FULL on English and Japanese documents completes, with progress from every step', async () => {
    const m = new RunManager({
      db: t.db,
      maxConcurrentRuns: 1,
      logger: recordingLogger(),
      llmConfig: loadConfig({}).llm,
      databaseUrl: t.url,
      progressPublishIntervalMs: 0,
      runWorkers: { cancelGraceMs: 1_000 },
    });
    managers.push(m);
    const project = await t.db.project.create({ data: { name: 'real in a worker' } });
    const docs = [
      ['guide.md', '# Virtual DOM\n\nThe virtual DOM (VDOM) is an in-memory copy of the document tree. The reconciler compares two virtual DOM trees.\n'],
      ['ja.md', '# 仮想DOM\n\n仮想DOM（VDOM）とは、文書ツリーのメモリ上のコピーである。差分検出器は二つの仮想DOMツリーを比較する。\n'],
    ];
    for (const [fileName, content] of docs) {
      await t.db.document.create({ data: { projectId: project.id, fileName: fileName!, content: content!, contentHash: fileName!, sizeBytes: content!.length } });
    }
    const run = await m.start({ projectId: project.id, scope: 'FULL' });
    const steps = new Set<string>();
    for await (const p of m.followProgress(run.id)) if (p.step && p.total > 0) steps.add(p.step);
    const done = await waitForEnd(m, run.id);
    expect(done.status, done.error ?? '').toBe('COMPLETED');
    expect(await t.db.term.count({ where: { projectId: project.id } })).toBeGreaterThan(0);
    expect([...steps]).toEqual(['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED']);
  });
});
