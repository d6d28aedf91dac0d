// Subscriptions end in two ways: the run reaches a terminal status (the source iterable ends) or
// the client leaves (graphql-ws / SSE call return()). The second must also release whatever the
// follower waits on, even when it is parked inside an await, so each follower gets a signal that
// return() aborts.

/**
 * Values a stream hands out back to back before it lets the event loop turn. A follower with
 * values already buffered (a batch of 1,000 log lines) resolves every next() at once, and
 * graphql-ws completes each send on process.nextTick, so without a pause one busy subscription
 * chain — 500 of them under fan-out — runs entirely in microtasks: no timer, no HTTP request, no
 * incoming message, no new socket is served until every buffered value has been sent
 * (bench/runs-fanout.ts).
 */
export const VALUES_PER_TURN = 32;

/**
 * Calls `follow` with an AbortSignal that fires when the consumer stops iterating. Every
 * VALUES_PER_TURN values it waits for setImmediate, i.e. for the event loop to poll I/O and run
 * timers.
 */
export function followUntilReturn<T>(follow: (signal: AbortSignal) => AsyncIterable<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  let sinceTurn = 0;
  let inner: AsyncIterator<T> | undefined;
  const source = () => (inner ??= follow(controller.signal)[Symbol.asyncIterator]());
  const stop = (): IteratorResult<T> => {
    controller.abort();
    // Not awaited: an async generator's return() waits behind a pending next(), which the abort ends.
    void Promise.resolve(inner?.return?.()).catch(() => undefined);
    return { done: true, value: undefined };
  };
  const next = (): Promise<IteratorResult<T>> =>
    controller.signal.aborted ? Promise.resolve({ done: true, value: undefined }) : source().next();
  return {
    next: () => {
      if (++sinceTurn < VALUES_PER_TURN) return next();
      sinceTurn = 0;
      return new Promise<void>((resolve) => setImmediate(resolve)).then(next);
    },
    return: async () => stop(),
    throw: async (error?: unknown) => {
      stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
