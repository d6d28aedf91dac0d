// Subscriptions end in two ways: the run reaches a terminal status (the source iterable ends) or
// the client leaves (graphql-ws / SSE call return()). The second must also release whatever the
// follower waits on, even when it is parked inside an await, so each follower gets a signal that
// return() aborts.

/** Calls `follow` with an AbortSignal that fires when the consumer stops iterating. */
export function followUntilReturn<T>(follow: (signal: AbortSignal) => AsyncIterable<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  let inner: AsyncIterator<T> | undefined;
  const source = () => (inner ??= follow(controller.signal)[Symbol.asyncIterator]());
  const stop = (): IteratorResult<T> => {
    controller.abort();
    // Not awaited: an async generator's return() waits behind a pending next(), which the abort ends.
    void Promise.resolve(inner?.return?.()).catch(() => undefined);
    return { done: true, value: undefined };
  };
  return {
    next: () => (controller.signal.aborted ? Promise.resolve({ done: true, value: undefined }) : source().next()),
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
