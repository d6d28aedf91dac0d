// A typed in-process bus between the run engine and its readers (subscriptions, tests).
// Not yoga's createPubSub: its repeaters are unbuffered and a subscriber far enough behind throws
// inside an EventTarget listener, which kills the process (DESIGN §5b). Here every subscription
// owns a bounded buffer: when a reader falls behind, its oldest events are dropped and it is told
// (`lagged`). Events are small hints; the store stays the truth, so a lagging reader re-reads it.

export interface SubscribeOptions {
  /** Events kept for a reader that is not reading; older ones are dropped. */
  capacity?: number;
  /** Ends the subscription (the iterator then completes) when it fires. */
  signal?: AbortSignal;
}

/** One reader's view of a topic. Iterate it; `return()`/`close()`/abort release it. */
export interface BusSubscription<T> extends AsyncIterableIterator<T> {
  /** True once an event was dropped since the flag was last cleared with `takeLagged()`. */
  readonly lagged: boolean;
  /** Events dropped over the subscription's life. */
  readonly dropped: number;
  /** Buffered, not yet read events. */
  readonly buffered: number;
  /** Returns and clears the lagged flag. */
  takeLagged(): boolean;
  close(): void;
}

const DEFAULT_CAPACITY = 256;

class Subscription<T> implements BusSubscription<T> {
  private readonly buffer: T[] = [];
  private head = 0;
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private closed = false;
  private lag = false;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly onClose: (sub: Subscription<T>) => void,
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.close, { once: true });
  }

  get lagged(): boolean {
    return this.lag;
  }

  get buffered(): number {
    return this.buffer.length - this.head;
  }

  takeLagged(): boolean {
    const was = this.lag;
    this.lag = false;
    return was;
  }

  /** Called by the bus; never throws and never waits, whatever the reader does. */
  push(event: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: event, done: false });
      return;
    }
    this.buffer.push(event);
    if (this.buffered > this.capacity) {
      this.buffer[this.head++] = undefined as T;
      this.dropped++;
      this.lag = true;
    }
    // Compact now and then so the array does not grow with the read position.
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered > 0) {
      const value = this.buffer[this.head] as T;
      this.buffer[this.head++] = undefined as T;
      if (this.head === this.buffer.length) {
        this.buffer.length = 0;
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    // A second concurrent next() would orphan the first waiter; iterators are read one at a time.
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.buffer.length = 0;
    this.head = 0;
    this.signal?.removeEventListener('abort', this.close);
    this.onClose(this);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.({ value: undefined, done: true });
  };

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Topic families (`run`, `project`, …) mapped to their event types; a topic is a family plus a key
 * (a run id, a project id).
 */
export class EventBus<Events extends object> {
  private readonly topics = new Map<string, Set<Subscription<never>>>();
  private live = 0;
  private closedForGood = false;
  private tap: (<F extends keyof Events & string>(family: F, key: string | number, event: Events[F]) => void) | null = null;

  /** Delivers to every current subscriber of the topic; cheap, synchronous, never throws. */
  publish<F extends keyof Events & string>(family: F, key: string | number, event: Events[F]): void {
    if (this.tap) {
      try {
        this.tap(family, key, event);
      } catch {
        // The tap relays hints to other instances; it must never break a local publish.
      }
    }
    this.deliver(family, key, event);
  }

  /** Delivers without passing the tap: events that came from another instance. */
  deliver<F extends keyof Events & string>(family: F, key: string | number, event: Events[F]): void {
    const subs = this.topics.get(`${family}:${key}`);
    if (!subs) return;
    for (const sub of subs) (sub as unknown as Subscription<Events[F]>).push(event);
  }

  /** Sees every event published here (not delivered ones): the relay to other instances. One tap per bus. */
  setTap(tap: (<F extends keyof Events & string>(family: F, key: string | number, event: Events[F]) => void) | null): void {
    this.tap = tap;
  }

  /** Keys of a family's topics that have subscribers. */
  keysOf(family: keyof Events & string): string[] {
    const prefix = `${family}:`;
    return [...this.topics.keys()].filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
  }

  /** A new subscription; it sees only events published after this call. */
  subscribe<F extends keyof Events & string>(
    family: F,
    key: string | number,
    options: SubscribeOptions = {},
  ): BusSubscription<Events[F]> {
    const topic = `${family}:${key}`;
    const sub = new Subscription<Events[F]>(
      options.capacity ?? DEFAULT_CAPACITY,
      (s) => {
        const set = this.topics.get(topic);
        if (set?.delete(s as unknown as Subscription<never>)) {
          this.live--;
          if (set.size === 0) this.topics.delete(topic);
        }
      },
      options.signal,
    );
    if (this.closedForGood || options.signal?.aborted) {
      sub.close();
      return sub;
    }
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(sub as unknown as Subscription<never>);
    this.live++;
    return sub;
  }

  /** Live subscriptions across all topics (tests check it returns to 0). */
  get subscriptionCount(): number {
    return this.live;
  }

  /** Subscribers of one topic. */
  subscribers<F extends keyof Events & string>(family: F, key: string | number): number {
    return this.topics.get(`${family}:${key}`)?.size ?? 0;
  }

  /** Ends every subscription (their iterators complete) and refuses new ones: server shutdown. */
  close(): void {
    this.closedForGood = true;
    for (const set of [...this.topics.values()]) for (const sub of [...set]) sub.close();
  }
}

/**
 * The items of an iterable of arrays, one at a time, without an async generator's promise chain
 * per item (followLogs hands out 20,000 lines to each of 500 subscribers under fan-out).
 * return() passes through to the source.
 */
export function flattenBatches<T>(batches: AsyncIterable<readonly T[]>): AsyncIterableIterator<T> {
  const source = batches[Symbol.asyncIterator]();
  let batch: readonly T[] = [];
  let index = 0;
  const pull = async (): Promise<IteratorResult<T>> => {
    for (;;) {
      const next = await source.next();
      if (next.done) return { done: true, value: undefined };
      if (next.value.length === 0) continue;
      batch = next.value;
      index = 1;
      return { done: false, value: batch[0] as T };
    }
  };
  return {
    next: () => (index < batch.length ? Promise.resolve({ done: false, value: batch[index++] as T }) : pull()),
    return: async () => {
      batch = [];
      await source.return?.();
      return { done: true, value: undefined };
    },
    throw: async (error?: unknown) => {
      batch = [];
      if (source.throw) return (await source.throw(error)) as IteratorResult<T>;
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
