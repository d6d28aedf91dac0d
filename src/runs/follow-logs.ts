// A run's log lines for a follower: the stored ones, then live ones from the bus, in
// consecutive batches, each seq once, ending after the last line of a terminal run.
import { AppError } from '../errors';
import { busWaiter } from './bus-waiter';
import type { RunResources } from './resources';
import type { RunQueue } from './run-queue';
import { isTerminal, type RunLogRow } from './types';

/** Stored log lines read per query when a follower replays or catches up. */
const LOG_READ_PAGE = 500;

/**
 * Stored lines after `afterSeq`, then live ones, in batches: each batch is the next lines in seq
 * order, consecutive, none seen before (at most LOG_READ_PAGE from the store, or one stored batch
 * of the run's log writer). Subscribes before the first read, so a line stored meanwhile is
 * either read or announced (no gap); emits each seq once, in order (no duplicate); ends after
 * the last line of a terminal run, also when the run ended before. The bus only hints: when a
 * follower falls behind (dropped events) or sees a jump in seqs, it re-reads the store. A live
 * batch that needs no trimming is yielded as the very array the bus carried, shared by every
 * follower, so a subscription layer can serve identical followers from one result.
 */
export async function* followLogBatches($: RunResources, queue: RunQueue, runId: number, afterSeq: number, signal?: AbortSignal): AsyncGenerator<readonly RunLogRow[]> {
  const sub = $.bus.subscribe('run', runId, { signal, capacity: 128 });
  try {
    let seq = Math.max(0, Math.floor(afterSeq || 0));
    let finalSeq: number | null = null;

    /** Reads the store after `seq`; notes the end when the run was terminal before the read. */
    const readStore = async function* (): AsyncGenerator<readonly RunLogRow[]> {
      const state = await $.repo.runState(runId);
      if (!state) throw new AppError('NOT_FOUND', `Run ${runId} does not exist.`, { runId });
      if (isTerminal(state.status)) finalSeq = state.lastSeq;
      for (;;) {
        const lines = await $.repo.logsAfter(runId, seq, LOG_READ_PAGE);
        if (lines.length > 0) {
          seq = lines[lines.length - 1]!.seq;
          yield lines;
        }
        if (lines.length < LOG_READ_PAGE) return;
      }
    };

    yield* readStore();
    const nextEvent = busWaiter($, queue, runId, sub);
    while (finalSeq === null || seq < finalSeq) {
      if (finalSeq !== null) {
        // Terminal but lines missing above seq (a batch lost to a storage error): nothing more will come.
        const more = await $.repo.logsAfter(runId, seq, 1);
        if (more.length === 0) return;
        yield* readStore();
        continue;
      }
      const next = await nextEvent();
      if (next === null || sub.takeLagged()) {
        yield* readStore();
        continue;
      }
      if (next.done) return;
      const event = next.value;
      if (event.kind === 'resync') {
        yield* readStore();
      } else if (event.kind === 'logs') {
        const first = event.lines[0];
        const last = event.lines[event.lines.length - 1];
        if (!first || !last || last.seq <= seq) continue;
        if (first.seq > seq + 1) {
          yield* readStore();
          continue;
        }
        const fresh = first.seq === seq + 1 ? event.lines : event.lines.filter((line) => line.seq > seq);
        seq = last.seq;
        yield fresh;
      } else if (event.kind === 'status' && isTerminal(event.run.status)) {
        finalSeq = event.run.lastSeq;
        if (seq < finalSeq) yield* readStore();
      }
    }
  } finally {
    sub.close();
  }
}
