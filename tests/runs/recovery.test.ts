import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE, RunManager, parseOwnerId, processIsAlive, type ExecuteRun } from '../../src/runs/run-manager';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';
import { collect, recordingLogger, waitForEnd } from '../support/run-helpers';

let t: TestDb;
const managers: RunManager[] = [];

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.shutdown(5_000)));
  await t.close();
});
afterAll(removeTemplates);

/** The pid of a process that has exited (pids are reused only after wrapping around). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function manager(executeRun: ExecuteRun = async () => {}): RunManager {
  const m = new RunManager({ db: t.db, maxConcurrentRuns: 2, logger: recordingLogger(), logFlushIntervalMs: 5, executeRun });
  managers.push(m);
  return m;
}

describe('owner ids', () => {
  it('parse host and pid from the right (hostnames may hold colons)', () => {
    expect(parseOwnerId('my:host:123:abcd')).toEqual({ host: 'my:host', pid: 123 });
    expect(parseOwnerId('garbage')).toBeNull();
    expect(parseOwnerId(null)).toBeNull();
  });

  it('tell a live pid from a dead one', async () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(await deadPid())).toBe(false);
  });
});

describe('recoverInterrupted', () => {
  it("fails a dead owner's RUNNING runs with a last log line, adopts its PENDING ones, and leaves live owners' runs alone", async () => {
    const host = os.hostname();
    const dead = `${host}:${await deadPid()}:deadbeef`;
    const liveOther = `${host}:${process.pid}:0therl1v`;
    const remote = `elsewhere.example:4242:abcd1234`;
    const p = await Promise.all([1, 2, 3, 4, 5].map(() => seedProject(t.db)));
    const mk = (i: number, status: string, ownerId: string) =>
      t.db.run.create({ data: { projectId: p[i]!.projectId, scope: 'EXTRACT', status, ownerId, startedAt: status === 'RUNNING' ? new Date() : null } });
    const crashed = await mk(0, 'RUNNING', dead);
    await t.db.runLog.createMany({
      data: [1, 2].map((seq) => ({ runId: crashed.id, seq, time: new Date(), level: 'INFO', message: `before crash ${seq}` })),
    });
    await t.db.run.update({ where: { id: crashed.id }, data: { lastSeq: 2, step: 'EXTRACT' } });
    const orphanQueued = await mk(1, 'PENDING', dead);
    const otherRunning = await mk(2, 'RUNNING', liveOther);
    const otherQueued = await mk(3, 'PENDING', liveOther);
    const remoteRunning = await mk(4, 'RUNNING', remote);

    const executed: number[] = [];
    const m = manager(async ({ run }) => {
      executed.push(run.id);
    });
    const result = await m.recoverInterrupted();
    expect(result).toEqual({ failed: [crashed.id], adopted: [orphanQueued.id] });

    const failed = await m.repo.findById(crashed.id);
    expect(failed).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: 3 });
    expect(failed!.finishedAt).toBeInstanceOf(Date);
    const lines = await collect(m.followLogs(crashed.id, 0));
    expect(lines.map((l) => [l.seq, l.level, l.message])).toEqual([
      [1, 'INFO', 'before crash 1'],
      [2, 'INFO', 'before crash 2'],
      [3, 'ERROR', INTERRUPTED_MESSAGE],
    ]);

    expect((await waitForEnd(m, orphanQueued.id)).status).toBe('COMPLETED');
    expect(executed).toEqual([orphanQueued.id]);
    expect((await m.repo.findById(orphanQueued.id))!.ownerId).toBe(m.ownerId);

    for (const [run, status, owner] of [
      [otherRunning, 'RUNNING', liveOther],
      [otherQueued, 'PENDING', liveOther],
      [remoteRunning, 'RUNNING', remote],
    ] as const) {
      expect(await m.repo.findById(run.id)).toMatchObject({ status, ownerId: owner });
    }
    // The crashed run's project takes a new run.
    const next = await m.start({ projectId: p[0]!.projectId, scope: 'EXTRACT' });
    expect((await waitForEnd(m, next.id)).status).toBe('COMPLETED');
    // Recovering twice changes nothing.
    expect(await m.recoverInterrupted()).toEqual({ failed: [], adopted: [] });
  });

  it('two restarting servers recover the same orphan once', async () => {
    const dead = `${os.hostname()}:${await deadPid()}:deadbeef`;
    const { projectId } = await seedProject(t.db);
    const crashed = await t.db.run.create({ data: { projectId, scope: 'EXTRACT', status: 'RUNNING', ownerId: dead } });
    const a = manager();
    const b = new RunManager({ db: await t.openAnother(), maxConcurrentRuns: 1, logger: recordingLogger(), executeRun: async () => {} });
    managers.push(b);
    const [ra, rb] = await Promise.all([a.recoverInterrupted(), b.recoverInterrupted()]);
    expect([...ra.failed, ...rb.failed]).toEqual([crashed.id]);
    expect(await t.db.runLog.count({ where: { runId: crashed.id } })).toBe(1);
  });

  it('a server process killed with SIGKILL mid-run: after restart the run is FAILED (interrupted) with its logs up to the crash', async () => {
    const { projectId } = await seedProject(t.db);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../support/run-child.ts'), t.url, String(projectId)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const [, runIdText, ownerId] = ready.split(' ');
    const runId = Number(runIdText);
    expect(parseOwnerId(ownerId!)!.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const before = await t.db.run.findUnique({ where: { id: runId } });
    expect(before!.status).toBe('RUNNING');
    expect(before!.lastSeq).toBeGreaterThanOrEqual(20);

    const m = manager();
    expect((await m.recoverInterrupted()).failed).toEqual([runId]);
    const after = await m.repo.findById(runId);
    expect(after).toMatchObject({ status: 'FAILED', error: INTERRUPTED_MESSAGE, lastSeq: before!.lastSeq + 1 });
    const lines = await collect(m.followLogs(runId, 0));
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: after!.lastSeq }, (_, i) => i + 1));
    expect(lines.at(-1)!.message).toBe(INTERRUPTED_MESSAGE);
    const next = await m.start({ projectId, scope: 'EXTRACT' });
    expect((await waitForEnd(m, next.id)).status).toBe('COMPLETED');
  });
});
