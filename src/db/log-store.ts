// Where a run's log batches are stored. Two implementations of one contract (lines and the run's
// lastSeq in one transaction, batches stored in the order given):
// - InlineLogStore: through the process's Prisma client (the default; works for any database).
// - WorkerLogStore: a worker thread with its own database connection, so the INSERTs run beside
//   the pipelines instead of between their steps. On SQLite one writer at a time across
//   connections (WAL and the busy timeout make the two take turns); on PostgreSQL a `pg` client.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { RunRepository, LogLineInput } from './run-repository';
import { INSERT_LOG_LINES_POSTGRES_SQL, INSERT_LOG_LINES_SQL, logLinesJson } from './run-repository';
import { isPostgresUrl } from './provider';
import { writeGateFor } from './write-gate';

export interface LogStore {
  /** Stores the batch (lines and lastSeq together); rejects if it could not. */
  append(runId: number, lines: readonly LogLineInput[]): Promise<void>;
  /** Waits for batches in flight, then releases resources. */
  close(): Promise<void>;
}

/** Stores through the Prisma client (RunRepository.appendLogs). */
export class InlineLogStore implements LogStore {
  constructor(private readonly repo: RunRepository) {}

  append(runId: number, lines: readonly LogLineInput[]): Promise<void> {
    return this.repo.appendLogs(runId, lines);
  }

  async close(): Promise<void> {}
}

type WorkerReply =
  | { type: 'stored'; id: number }
  | { type: 'failed'; id: number; message: string; code: string | null }
  | { type: 'closed' };

/** A batch the worker could not store (SQLITE_BUSY past the timeout, disk full, …). */
export class LogStoreError extends Error {
  override readonly name = 'LogStoreError';
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** Stores on a worker thread's own connection to the same database. */
export class WorkerLogStore implements LogStore {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private broken: Error | null = null;
  private closing: Promise<void> | null = null;

  /** `url` is the URL the Prisma client uses: a SQLite file (`file:…`) or PostgreSQL. */
  constructor(url: string, options: { busyTimeoutMs?: number; gateMaxWaitMs?: number } = {}) {
    this.worker = isPostgresUrl(url)
      ? new Worker(new URL('./log-store-worker-pg.mjs', import.meta.url), { workerData: { url, insertSql: INSERT_LOG_LINES_POSTGRES_SQL } })
      : new Worker(new URL('./log-store-worker.mjs', import.meta.url), {
          workerData: {
            file: path.resolve(url.replace(/^file:/, '').replace(/\?.*$/, '')),
            insertSql: INSERT_LOG_LINES_SQL,
            busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
            // The main connection writes first; see write-gate.ts.
            gate: writeGateFor(url).buffer,
            gateMaxWaitMs: options.gateMaxWaitMs ?? 2_000,
          },
        });
    // Idle, the worker must not keep a CLI or a test process alive; batches in flight hold a ref.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`log store worker exited (${code})`));
    });
  }

  append(runId: number, lines: readonly LogLineInput[]): Promise<void> {
    const last = lines[lines.length - 1];
    if (!last) return Promise.resolve();
    if (this.closing) return Promise.reject(new Error('log store is closed'));
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, runId, lastSeq: last.seq, rowsJson: logLinesJson(lines) });
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.broken) {
        const closed = new Promise<void>((resolve) => {
          this.onClosed = resolve;
        });
        this.worker.ref();
        // Messages are handled in order: every batch posted before this one is stored first.
        this.worker.postMessage({ type: 'close' });
        await closed;
      }
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private onClosed: (() => void) | null = null;

  /** The worker thread failed or exited: no batch will be stored through it any more. */
  get isBroken(): boolean {
    return this.broken !== null;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'closed') {
      this.onClosed?.();
      return;
    }
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if (reply.type === 'stored') waiter.resolve();
    else waiter.reject(new LogStoreError(reply.message, reply.code));
  }

  private fail(err: Error): void {
    this.broken ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
    this.onClosed?.();
  }
}

/**
 * The worker store, falling back for good to another store (inline) once the worker thread is
 * gone: losing a thread must not cost a run its logs. A batch the database refused
 * (LogStoreError) is not retried elsewhere: the other connection would refuse it too.
 */
export class FallbackLogStore implements LogStore {
  private switched = false;

  constructor(
    private readonly primary: WorkerLogStore,
    private readonly fallback: LogStore,
    private readonly onFallback: (err: unknown) => void = () => {},
  ) {}

  async append(runId: number, lines: readonly LogLineInput[]): Promise<void> {
    if (!this.switched) {
      try {
        return await this.primary.append(runId, lines);
      } catch (err) {
        if (err instanceof LogStoreError || !this.primary.isBroken) throw err;
        this.switched = true;
        this.onFallback(err);
      }
    }
    return this.fallback.append(runId, lines);
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}

/**
 * The log store a run manager uses unless given one: with the database URL (SQLite or
 * PostgreSQL), the worker store (falling back to the main connection if its thread dies);
 * without, the main connection.
 * `owned` says the caller created it and must close it.
 */
export function openLogStore(
  repo: RunRepository,
  databaseUrl: string | undefined,
  onFallback: (err: unknown) => void,
): { store: LogStore; owned: boolean } {
  const inline = new InlineLogStore(repo);
  if (!databaseUrl) return { store: inline, owned: false };
  return { store: new FallbackLogStore(new WorkerLogStore(databaseUrl), inline, onFallback), owned: true };
}
