// Helpers for run tests: deferred promises, waiting for a run's status through the bus (never
// by sleeping), and a logger that records what the server log would get.
import { isTerminal, type RunRow } from '../../src/runs/types';
import type { ExecuteRun, RunContext, RunLogger, RunManager } from '../../src/runs/run-manager';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves with the run row once `predicate` holds; subscribes before reading, so no change is missed. */
export async function waitForRun(
  manager: RunManager,
  runId: number,
  predicate: (run: RunRow) => boolean,
  timeoutMs = 15_000,
): Promise<RunRow> {
  const controller = new AbortController();
  const sub = manager.bus.subscribe('run', runId, { signal: controller.signal });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (;;) {
      const run = await manager.repo.findById(runId);
      if (run && predicate(run)) return run;
      const next = await sub.next();
      if (next.done) throw new Error(`waitForRun(${runId}): timed out; status ${run?.status}`);
    }
  } finally {
    clearTimeout(timer);
    sub.close();
  }
}

export const waitForStatus = (manager: RunManager, runId: number, status: string) =>
  waitForRun(manager, runId, (r) => r.status === status);
export const waitForEnd = (manager: RunManager, runId: number) => waitForRun(manager, runId, (r) => isTerminal(r.status));

export interface RecordingLogger extends RunLogger {
  entries: { level: string; message: string; meta?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  return {
    entries,
    info: (message, meta) => entries.push({ level: 'info', message, meta }),
    warn: (message, meta) => entries.push({ level: 'warn', message, meta }),
    error: (message, meta) => entries.push({ level: 'error', message, meta }),
  };
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * A pipeline that runs until its signal aborts, then rejects with the signal's reason.
 * `executing` resolves once it listens for the abort (RUNNING is stored at the claim, before the
 * pipeline starts), `aborted` with the reason; `start` runs first (e.g. to log a line).
 */
export function pipelineUntilAborted(start?: (ctx: RunContext) => void): {
  executeRun: ExecuteRun;
  executing: Promise<void>;
  aborted: Promise<unknown>;
} {
  const executing = deferred();
  const aborted = deferred<unknown>();
  const executeRun: ExecuteRun = (ctx) =>
    new Promise((_, reject) => {
      start?.(ctx);
      ctx.signal.addEventListener(
        'abort',
        () => {
          aborted.resolve(ctx.signal.reason);
          reject(ctx.signal.reason);
        },
        { once: true },
      );
      executing.resolve();
    });
  return { executeRun, executing: executing.promise, aborted: aborted.promise };
}
