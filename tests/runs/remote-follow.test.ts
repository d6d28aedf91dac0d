// A run executes in one server process; a client follows it through another process on the same
// database file. That process gets no bus events for the run, so its followers must still see
// every line, the progress, and the end, from the store.
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client';
import { RunManager, type RunManagerDeps } from '../../src/runs/run-manager';
import type { RunRow } from '../../src/runs/types';
import { seedProject } from '../support/run-db';
import { collect, deferred, recordingLogger, waitForEnd, waitForStatus } from '../support/run-helpers';
import { twoConnectionsPerTest } from '../support/two-connections';

// t: the test's database; its second client (another process's or instance's) is t.otherDb.
const t = twoConnectionsPerTest();

function manager(db: Db, overrides: Partial<RunManagerDeps> = {}): RunManager {
  const m = new RunManager({ db, maxConcurrentRuns: 2, logger: recordingLogger(), logFlushIntervalMs: 10, remotePollIntervalMs: 50, ...overrides });
  t.track(m);
  return m;
}


describe('following a run that executes in another process', () => {
  it('sees every line in order and completes after the last one', async () => {
    const { projectId } = await seedProject(t.db);
    const halfway = deferred();
    const finish = deferred();
    const executing = manager(t.db, {
      executeRun: async ({ reporter }) => {
        for (let i = 1; i <= 50; i++) reporter.log({ level: 'INFO', message: `line ${i}` });
        halfway.resolve();
        await finish.promise;
        for (let i = 51; i <= 100; i++) reporter.log({ level: 'INFO', message: `line ${i}` });
      },
    });
    const watching = manager(t.otherDb, { executeRun: async () => {} });
    const run = await executing.start({ projectId, scope: 'EXTRACT' });
    await halfway.promise;

    const followed = collect(watching.followLogs(run.id, 0));
    finish.resolve();
    const lines = await followed;
    const messages = lines.map((l) => l.message).filter((m) => m.startsWith('line '));
    expect(messages).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i + 1}`));
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect((await waitForEnd(executing, run.id)).lastSeq).toBe(lines.at(-1)!.seq);
  });

  it('progress ends with the terminal snapshot', async () => {
    const { projectId } = await seedProject(t.db);
    const finish = deferred();
    const executing = manager(t.db, {
      progressPersistIntervalMs: 10,
      executeRun: async ({ reporter }) => {
        reporter.progress({ step: 'EXTRACT', current: 1, total: 2 });
        await finish.promise;
      },
    });
    const watching = manager(t.otherDb, { executeRun: async () => {} });
    const run = await executing.start({ projectId, scope: 'EXTRACT' });
    await waitForStatus(executing, run.id, 'RUNNING');
    const followed = collect(watching.followProgress(run.id));
    finish.resolve();
    const snapshots = await followed;
    expect(snapshots.at(-1)).toMatchObject({ runId: run.id, status: 'COMPLETED' });
  });

  it('runStatus: the status changes of runs executed elsewhere, each once and in order', async () => {
    const { projectId } = await seedProject(t.db);
    const holds = [deferred(), deferred()];
    let started = 0;
    const executing = manager(t.db, { executeRun: () => holds[started++]!.promise });
    const watching = manager(t.otherDb, { executeRun: async () => {} });
    const first = await executing.start({ projectId, scope: 'EXTRACT' });
    await waitForStatus(executing, first.id, 'RUNNING');

    // Following starts while the first run is RUNNING: that is where it starts (the current run,
    // read once the poll knows its baseline: only then can the run's end be told from history).
    const controller = new AbortController();
    const seen: string[] = [];
    let second: RunRow | undefined;
    const followed = (async () => {
      for await (const run of watching.followProjectStatus(projectId, controller.signal, { includeCurrent: true })) {
        seen.push(`${run.id}:${run.status}`);
        if (run.id === second?.id && run.status === 'COMPLETED') controller.abort();
      }
    })();
    await vi.waitFor(() => expect(seen).toEqual([`${first.id}:RUNNING`]), { timeout: 5000 });
    holds[0]!.resolve();
    await vi.waitFor(() => expect(seen).toContain(`${first.id}:COMPLETED`), { timeout: 5000 });
    second = await executing.start({ projectId, scope: 'EXTRACT' });
    await vi.waitFor(() => expect(seen).toContain(`${second!.id}:RUNNING`), { timeout: 5000 });
    holds[1]!.resolve();
    await followed;
    // A PENDING that lasts less than a poll may be skipped; RUNNING lasted until it was seen.
    expect(seen.filter((s) => !s.endsWith(':PENDING'))).toEqual([
      `${first.id}:RUNNING`,
      `${first.id}:COMPLETED`,
      `${second.id}:RUNNING`,
      `${second.id}:COMPLETED`,
    ]);
  });
});
