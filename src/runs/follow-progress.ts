// A run's progress for a follower: the current snapshot (the live tracker when this process
// executes the run, else the row), then every coalesced change, ending with the terminal one.
import { AppError } from '../errors';
import { busWaiter } from './bus-waiter';
import { snapshotFromRow } from './progress-tracker';
import type { RunResources } from './resources';
import type { RunQueue } from './run-queue';
import { isTerminal, type ProgressSnapshot, type RunStatus } from './types';

/** The current snapshot, then every coalesced change; ends with the terminal snapshot. */
export async function* followProgress($: RunResources, queue: RunQueue, runId: number, signal?: AbortSignal): AsyncGenerator<ProgressSnapshot> {
  const sub = $.bus.subscribe('run', runId, { signal, capacity: 16 });
  try {
    const run = await $.repo.findById(runId);
    if (!run) throw new AppError('NOT_FOUND', `Run ${runId} does not exist.`, { runId });
    const tracker = queue.trackerOf(runId);
    // The in-memory tracker is fresher than the throttled row when this process runs the run.
    const first = tracker && !isTerminal(run.status) ? { ...tracker.snapshot(), status: run.status as RunStatus } : snapshotFromRow(run);
    yield first;
    if (isTerminal(run.status)) return;
    const nextEvent = busWaiter($, queue, runId, sub);
    let last = first;
    for (;;) {
      const next = await nextEvent();
      if (next === null || (!next.done && next.value.kind === 'resync')) {
        // Executing in another process: its throttled progress writes are what this one can see.
        const row = await $.repo.findById(runId);
        if (!row) return;
        const snapshot = snapshotFromRow(row);
        if (JSON.stringify(snapshot) !== JSON.stringify(last)) yield (last = snapshot);
        if (isTerminal(row.status)) return;
        continue;
      }
      if (next.done) return;
      const event = next.value;
      if (event.kind === 'progress') {
        yield event.progress;
        if (isTerminal(event.progress.status)) return;
      } else if (event.kind === 'status') {
        if (isTerminal(event.run.status)) {
          yield snapshotFromRow(event.run);
          return;
        }
        if (event.run.status !== 'PENDING') {
          const live = queue.trackerOf(runId);
          yield live ? { ...live.snapshot(), status: event.run.status as RunStatus } : snapshotFromRow(event.run);
        }
      }
    }
  } finally {
    sub.close();
  }
}
