// How a follower waits for its run's next bus event without missing the end of a run executed
// by another process, whose events never reach this one's bus.
import type { RunResources } from './resources';
import type { RunQueue } from './run-queue';

/**
 * The next bus event, or null when the run executes in another process that cannot announce
 * it here (SQLite; or PostgreSQL while the relay's listening connection is lost) and
 * remotePollIntervalMs passed without one (the caller then re-reads the store). The pending
 * next() is kept across timeouts: a subscription is read one next() at a time.
 */
export function busWaiter<T>($: RunResources, queue: RunQueue, runId: number, sub: { next(): Promise<IteratorResult<T>> }): () => Promise<IteratorResult<T> | null> {
  let pending: Promise<IteratorResult<T>> | null = null;
  return async () => {
    pending ??= sub.next();
    // Executing here, or elsewhere with the relay announcing it (run-relay.ts): events will come.
    if (queue.isLocal(runId) || $.relay?.connected) {
      const result = await pending;
      pending = null;
      return result;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), $.deps.remotePollIntervalMs ?? 1_000);
    });
    const result = await Promise.race([pending, timeout]);
    clearTimeout(timer);
    if (result !== null) pending = null;
    return result;
  };
}
