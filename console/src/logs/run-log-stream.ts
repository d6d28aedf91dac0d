// Follows one run's log through `runLogBatches` and survives dropped sockets without a gap or a
// duplicate. graphql-ws retries a subscription after an abnormal close by re-sending its ORIGINAL
// payload (afterSeq of the first subscribe), which would replay the whole log; so when the socket
// closes, this stream drops its subscription and subscribes again with afterSeq = the last seq it
// delivered (Dagster's LogsProvider does the same with its cursor). Lines at or below that seq are
// still filtered by LogBuffer, the second line of defence.
import type { LogLineInput } from './log-buffer';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error';

export interface RunLogBatch {
  firstSeq: number;
  lastSeq: number;
  lines: readonly LogLineInput[];
}

export interface LogSink {
  next(batch: RunLogBatch): void;
  error(error: unknown): void;
  complete(): void;
}

/** What the stream needs from the GraphQL websocket client (see graphql-ws-transport.ts). */
export interface LogTransport {
  /** Starts a runLogBatches subscription; returns a function that stops it. */
  subscribe(variables: { runId: string; afterSeq: number }, sink: LogSink): () => void;
  /** Calls the listener whenever the socket closes; returns a function that stops listening. */
  onClosed(listener: () => void): () => void;
  /** Calls the listener whenever a socket is acknowledged; returns a function that stops listening. */
  onConnected(listener: () => void): () => void;
  /** True while a socket is open and acknowledged. */
  isConnected(): boolean;
}

export interface RunLogStreamOptions {
  runId: string;
  transport: LogTransport;
  /** Start after this seq (lines the caller already holds). */
  afterSeq?: number;
  onLines(lines: readonly LogLineInput[]): void;
  onState(state: ConnectionState, error?: string): void;
}

export interface RunLogStream {
  /** seq of the newest line delivered: where a resumed subscription starts. */
  readonly cursor: number;
  readonly state: ConnectionState;
  /** Subscribes again from the cursor (after an error, or to force a resume). */
  resume(): void;
  stop(): void;
}

/** A readable message for whatever graphql-ws or the server reported. */
export function describeError(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => describeError(e)).join('; ');
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; reason?: unknown; code?: unknown };
    if (typeof e.message === 'string' && e.message) return e.message;
    if (typeof e.reason === 'string' && e.reason) return e.reason;
    if (typeof e.code === 'number') return `connection closed (${e.code})`;
  }
  return String(error);
}

export function startRunLogStream(options: RunLogStreamOptions): RunLogStream {
  const { runId, transport } = options;
  let cursor = options.afterSeq ?? 0;
  let state: ConnectionState = 'connecting';
  let generation = 0;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;

  const setState = (next: ConnectionState, error?: string) => {
    if (state === next && error === undefined) return;
    state = next;
    options.onState(next, error);
  };

  const subscribe = () => {
    const mine = ++generation;
    const current = () => mine === generation && !stopped;
    unsubscribe = transport.subscribe(
      { runId, afterSeq: cursor },
      {
        next(batch) {
          if (!current()) return;
          const fresh = batch.lastSeq > cursor ? batch.lines.filter((l) => l.seq > cursor) : [];
          if (state !== 'live') setState('live');
          if (fresh.length === 0) return;
          cursor = fresh[fresh.length - 1]!.seq;
          options.onLines(fresh);
        },
        error(error) {
          if (!current()) return;
          unsubscribe = null;
          setState('error', describeError(error));
        },
        complete() {
          if (!current()) return;
          unsubscribe = null;
          setState('ended');
        },
      },
    );
    if (current() && transport.isConnected() && state === 'connecting') setState('live');
  };

  const dropSubscription = () => {
    generation++;
    const stop = unsubscribe;
    unsubscribe = null;
    stop?.();
  };

  const stopClosed = transport.onClosed(() => {
    if (stopped || state === 'ended' || state === 'error') return;
    // Replace the subscription graphql-ws would retry with its original afterSeq.
    dropSubscription();
    setState('reconnecting');
    subscribe();
  });
  const stopConnected = transport.onConnected(() => {
    if (!stopped && unsubscribe && (state === 'connecting' || state === 'reconnecting')) setState('live');
  });

  options.onState(state);
  subscribe();

  return {
    get cursor() {
      return cursor;
    },
    get state() {
      return state;
    },
    resume() {
      if (stopped) return;
      dropSubscription();
      setState('reconnecting');
      subscribe();
    },
    stop() {
      if (stopped) return;
      dropSubscription();
      stopped = true;
      stopClosed();
      stopConnected();
    },
  };
}
