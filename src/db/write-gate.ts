// Who goes first for SQLite's one write lock: the main connection or the log store's worker.
//
// Issue 9 ("a log burst fails runs"): while the log worker stored a 40–60k-line backlog, a
// pipeline save on the main connection failed with Prisma P1008 ("Operation has timed out").
// The cause was a stale read snapshot (see takeWriteLock in glossary-store.ts). This gate is the
// second half: SQLite has no queue for its write lock — a connection that finds it taken sleeps
// and retries (busy_timeout), while the worker commits a batch and begins the next within
// microseconds, so a waiting writer can be starved for the whole backlog.
//
// The gate is a counter in shared memory: the main connection raises it while it holds its
// connection (a statement or a whole transaction), and the worker, before each batch, waits until
// it is down. The main connection then waits for at most the one batch in flight. Logs yield to
// the pipeline, never the reverse; a bounded wait keeps logs flowing under constant main traffic.
import path from 'node:path';

export class WriteGate {
  private readonly counter: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.counter = new Int32Array(buffer);
  }

  enter(): void {
    Atomics.add(this.counter, 0, 1);
  }

  leave(): void {
    Atomics.sub(this.counter, 0, 1);
    Atomics.notify(this.counter, 0);
  }

  get held(): boolean {
    return Atomics.load(this.counter, 0) > 0;
  }
}

const gates = new Map<string, WriteGate>();

/** The gate of one SQLite file in this process (every connection the process opens on it shares one). */
export function writeGateFor(url: string): WriteGate {
  const key = path.resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
  let gate = gates.get(key);
  if (!gate) gates.set(key, (gate = new WriteGate()));
  return gate;
}
