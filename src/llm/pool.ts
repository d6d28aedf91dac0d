// Bounded concurrency for independent LLM calls. Written here rather than taking p-limit: the
// pool also owns cancellation (stop scheduling, abort the siblings of a fatal failure) and
// input-ordered results, which p-limit leaves to the caller.
import { CancelledError } from '../errors';

export interface PoolOptions {
  concurrency: number;
  signal: AbortSignal;
  /** Called once per finished item, in completion order; `done` counts finished items. */
  onItemDone?: (index: number, done: number) => void;
}

/**
 * Runs `worker` over `items` with at most `concurrency` in flight; results are in input order.
 * Once the signal fires, or any worker throws, no new item starts and the in-flight ones are
 * aborted through the signal they were given; the pool settles only after they have.
 * Throws CancelledError when the outer signal fired, otherwise the first worker error.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  options: PoolOptions,
  worker: (item: T, index: number, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const { signal } = options;
  if (signal.aborted) throw new CancelledError();
  const stop = new AbortController();
  const forward = () => stop.abort();
  signal.addEventListener('abort', forward, { once: true });

  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;

  const lane = async () => {
    while (!stop.signal.aborted && next < items.length) {
      const index = next++;
      try {
        results[index] = await worker(items[index] as T, index, stop.signal);
      } catch (error) {
        failure ??= { error };
        stop.abort();
        return;
      }
      done++;
      options.onItemDone?.(index, done);
    }
  };

  try {
    const lanes = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    signal.removeEventListener('abort', forward);
  }
  if (signal.aborted) throw new CancelledError();
  if (failure) throw failure.error;
  return results;
}
