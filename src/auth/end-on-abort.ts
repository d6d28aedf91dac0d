// Ends a subscription's result stream when a signal fires (its token was revoked): the client gets
// one last result (a FORBIDDEN error), then the stream completes and the source is released.

/** Wraps `source` so that `signal` ends it after one final value from `last()`. */
export function endOnAbort<T>(source: AsyncIterable<T>, signal: AbortSignal, last: () => T): AsyncIterableIterator<T> {
  const inner = source[Symbol.asyncIterator]();
  let finished = false;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) return resolve('aborted');
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const release = () => {
    finished = true;
    // The token's signal outlives this subscription: do not keep a listener per ended stream on it.
    if (onAbort) signal.removeEventListener('abort', onAbort);
    return Promise.resolve(inner.return?.()).catch(() => undefined);
  };
  return {
    async next(): Promise<IteratorResult<T>> {
      if (finished) return { done: true, value: undefined };
      const result = await Promise.race([inner.next(), aborted]);
      if (result === 'aborted') {
        void release();
        return { done: false, value: last() };
      }
      if (result.done) void release();
      return result;
    },
    async return(): Promise<IteratorResult<T>> {
      await release();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown): Promise<IteratorResult<T>> {
      await release();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
