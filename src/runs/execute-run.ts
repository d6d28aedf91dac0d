// Executing one claimed run to its recorded end: its log writer and progress tracker, the
// reporter the pipeline sees, the poll for a cancel (or an end) recorded by another process, and
// the end in a fixed order (last line, progress, every line flushed, terminal status, final events).
import { PrismaGlossaryStore } from '../db/glossary-store';
import type { TerminalStatus } from '../db/run-repository';
import { AppError, CancelledError } from '../errors';
import type { Reporter, RunScope } from '../pipeline/types';
import { LogWriter } from './log-writer';
import { CANCELLED_MESSAGE, LEASE_LOST_MESSAGE, SHUTDOWN_MESSAGE } from './messages';
import { ProgressTracker } from './progress-tracker';
import type { RunResources } from './resources';
import type { ExecuteRun } from './run-manager';
import type { ActiveRun, RunQueue } from './run-queue';
import { sanitizeError } from './sanitize-error';
import type { RunRow, RunStatus } from './types';

export async function executeClaimedRun($: RunResources, queue: RunQueue, executeRun: ExecuteRun, entry: ActiveRun, run: RunRow): Promise<void> {
  const { id } = run;
  const signal = entry.controller.signal;
  const logs = new LogWriter({
    store: $.logStore,
    bus: $.bus,
    runId: id,
    lastSeq: run.lastSeq,
    flushIntervalMs: $.deps.logFlushIntervalMs,
    maxBatch: $.deps.logMaxBatch,
    onError: (err, lost) => $.logger.error(`Run ${id}: ${lost} log lines could not be stored`, { runId: id, err }),
  });
  const tracker = new ProgressTracker({
    repo: $.repo,
    bus: $.bus,
    run,
    publishIntervalMs: $.deps.progressPublishIntervalMs,
    persistIntervalMs: $.deps.progressPersistIntervalMs,
    onError: (err) => $.logger.warn(`Run ${id}: progress could not be stored`, { runId: id, err }),
  });
  entry.tracker = tracker;
  const reporter: Reporter = {
    log: (event) => {
      try {
        logs.append(event);
      } catch (err) {
        $.logger.warn(`Run ${id}: log line dropped`, { err });
      }
    },
    progress: (event) => {
      try {
        tracker.update(event);
      } catch (err) {
        $.logger.warn(`Run ${id}: progress report dropped`, { err });
      }
    },
  };
  $.publishStatus(run);

  // A cancel that landed between the claim and the registration above, or one recorded by
  // another process on the same database, is picked up here and by the poll; so is an end another
  // instance recorded (its sweep failed the run while this one was paused past its lease).
  if (run.cancelRequestedAt) queue.abort(entry, 'user');
  const poll = setInterval(() => {
    // With the relay listening, both arrive as announcements from the other instance (run-manager.ts).
    if (signal.aborted || $.relay?.connected) return;
    queue.abortIfStoppedInStore(id).catch(() => {});
  }, $.deps.cancelPollIntervalMs ?? 1_000);
  poll.unref();

  // null: the run already ended in the database (reason `ended`); that end stands, nothing is recorded.
  let status: TerminalStatus | null = null;
  let error: string | null = null;
  try {
    logs.append({ level: 'INFO', message: `Run ${id} started: scope ${run.scope}` });
    const project = await $.db.project.findUnique({ where: { id: run.projectId } });
    if (!project) throw new AppError('NOT_FOUND', `Project ${run.projectId} no longer exists.`);
    if (signal.aborted) throw new CancelledError();
    await executeRun({
      run,
      project,
      scope: run.scope as RunScope,
      documentIds: run.documentIds ? (JSON.parse(run.documentIds) as number[]) : null,
      signal,
      reporter,
      store: new PrismaGlossaryStore($.db, run.projectId),
    });
    // Completion wins over a cancel that arrived after the pipeline's last step: its results are
    // stored. Not over an end already in the database: the write would be refused.
    if (entry.reason !== 'ended') {
      status = 'COMPLETED';
      logs.append({ level: 'INFO', message: 'Run completed' });
    }
  } catch (err) {
    // By name too: a second copy of errors.ts (bundlers, test runners) makes instanceof miss.
    if (entry.reason === 'ended') {
      // Not an error of this run: another instance ended it first. Reported once, below.
    } else if (entry.reason === 'lease' && signal.aborted) {
      // Not the user's doing: the run failed as the other instances' sweep records it.
      status = 'FAILED';
      error = LEASE_LOST_MESSAGE;
      logs.append({ level: 'ERROR', message: `Run failed: ${error}` });
    } else if (err instanceof CancelledError || (err as Error | null)?.name === 'CancelledError' || signal.aborted) {
      status = 'CANCELLED';
      error = entry.reason === 'shutdown' ? SHUTDOWN_MESSAGE : CANCELLED_MESSAGE;
      logs.append({ level: 'WARN', message: `Run cancelled: ${error}` });
    } else {
      status = 'FAILED';
      error = sanitizeError(err);
      $.logger.error(`Run ${id} failed`, { runId: id, projectId: run.projectId, err });
      logs.append({ level: 'ERROR', message: `Run failed: ${error}` });
    }
  } finally {
    clearInterval(poll);
  }

  // Lines and progress first, then the status: whoever sees the end can read every line.
  await tracker.close();
  await logs.close();
  if (status === null) {
    await endedElsewhere($, id, tracker);
    return;
  }
  const ended = await finishWithRetry($, id, status, error);
  const row = ended.run ?? (await $.repo.findById(id));
  if (ended.result !== 'updated') {
    // Fenced: typically another instance failed the run after this one's lease expired. Its
    // FAILED and last line stay; the lines this instance wrote after that were dropped.
    $.logger.warn(`Run ${id}: could not record ${status} (${ended.result}); the stored status stays ${row?.status ?? 'gone'}`, {
      runId: id,
      status: row?.status,
      ownerId: row?.ownerId,
    });
  }
  tracker.publishFinal((row?.status as RunStatus | undefined) ?? status);
  if (row) $.publishStatus(row);
}

/**
 * The run ended in the database before this execution did: another instance's sweep failed it,
 * typically after this instance was paused (event loop stalled, VM suspended) past its lease, so its
 * own lease check did not fire first. Statuses only move forward, so a write now would be refused
 * (RunRepository.finish with the owner): none is tried. One warning; the stored end is announced.
 */
async function endedElsewhere($: RunResources, id: number, tracker: ProgressTracker): Promise<void> {
  const row = await $.repo.findById(id);
  $.logger.warn(
    `Run ${id}: stopped executing it here: it had already ended in the database (${row?.status ?? 'gone'}), recorded by another server instance (typically its sweep, after this instance's lease expired while it was paused); that end stands`,
    { runId: id, status: row?.status, error: row?.error, ownerId: row?.ownerId },
  );
  tracker.publishFinal((row?.status as RunStatus | undefined) ?? 'FAILED');
  if (row) $.publishStatus(row);
}

/** A failed status write must not leave the run RUNNING forever: retry transient errors. */
async function finishWithRetry($: RunResources, id: number, status: TerminalStatus, error: string | null) {
  for (let attempt = 1; ; attempt++) {
    try {
      // Only while this instance still holds the run (RUNNING, ownerId = us).
      const ended = await $.repo.finish(id, status, error, new Date(), $.ownerId);
      // A retry after a write that did commit (the error came later) finds its own result.
      if (attempt > 1 && ended.result === 'wrong_state' && ended.run?.status === status) return { ...ended, result: 'updated' as const };
      return ended;
    } catch (err) {
      if (attempt >= 5) throw err;
      $.logger.warn(`Run ${id}: writing ${status} failed, retrying`, { err });
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}
