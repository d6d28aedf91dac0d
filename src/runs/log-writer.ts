// Turns a run's log events into stored, numbered lines. `append` is synchronous and cheap (the
// pipeline's reporter must never wait on the database); lines are inserted in batches, each batch
// in one transaction with the run's `lastSeq`, then announced on the bus with the stored rows.
import type { LogStore } from '../db/log-store';
import type { LogLineInput } from '../db/run-repository';
import type { LogEvent, LogLevel } from '../pipeline/types';
import type { RunEventBus } from './run-events';

const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
/** Longest stored message; a runaway message must not bloat the log table. */
const MAX_MESSAGE = 8_000;
const MAX_FIELDS_JSON = 8_000;
/**
 * How long a line waits for its batch. Short enough that a line reaches a live subscriber well
 * within 100 ms; long enough that a chatty run's lines leave in a few large batches (a full batch
 * of maxBatch lines is written at once), which is what keeps fan-out cheap: one runLogBatches
 * message per batch per subscriber (docs/performance.md).
 */
export const DEFAULT_FLUSH_INTERVAL_MS = 20;
/** Lines per stored batch; a full batch is written without waiting for the timer. */
export const DEFAULT_MAX_BATCH = 1_000;

export interface LogWriterOptions {
  /** Where batches go (InlineLogStore through Prisma, or WorkerLogStore on its own thread). */
  store: LogStore;
  bus: RunEventBus;
  runId: number;
  /** The run's stored `lastSeq`: numbering continues after it. */
  lastSeq?: number;
  /** How long a line may wait for its batch. */
  flushIntervalMs?: number;
  /** Lines per INSERT batch; a full batch is written without waiting for the interval. */
  maxBatch?: number;
  /** A batch that could not be stored (after retries) is reported here, never thrown at the pipeline. */
  onError?: (err: unknown, lost: number) => void;
}

export class LogWriter {
  private readonly store: LogStore;
  private readonly bus: RunEventBus;
  private readonly runId: number;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly onError: (err: unknown, lost: number) => void;
  private seq: number;
  private buffer: LogLineInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Lines whose batch could not be stored. */
  lost = 0;

  constructor(options: LogWriterOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.runId = options.runId;
    this.seq = options.lastSeq ?? 0;
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.onError = options.onError ?? (() => {});
  }

  /** The seq given to the last appended line. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Numbers and buffers a line; returns its seq. Never throws, never waits. After close() (the
   * run has ended) lines from stray background work are dropped: they could no longer be stored
   * before the terminal status, and readers stop at the final lastSeq.
   */
  append(event: LogEvent): number {
    if (this.closed) return this.seq;
    const seq = ++this.seq;
    this.buffer.push({
      runId: this.runId,
      seq,
      time: new Date(),
      level: LEVELS.includes(event.level) ? event.level : 'INFO',
      step: event.step ?? null,
      message: String(event.message ?? '').slice(0, MAX_MESSAGE),
      fields: serializeFields(event.fields),
    });
    if (this.buffer.length >= this.maxBatch) this.schedule(0);
    else this.schedule(this.flushIntervalMs);
    return seq;
  }

  /** Writes everything appended so far; resolves when it is stored (or reported lost). */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.flushing || this.buffer.length > 0) {
      if (!this.flushing) {
        this.flushing = this.drain().finally(() => {
          this.flushing = null;
        });
      }
      await this.flushing;
    }
  }

  /** Flushes everything appended so far and stops taking lines. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.clearTimer();
  }

  private schedule(delayMs: number): void {
    // A drain in progress loops until the buffer is empty, so it will pick these lines up.
    if (this.flushing) return;
    if (this.timer && delayMs > 0) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((err) => this.onError(err, 0));
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      // Take the whole buffer at once (O(1)); chunk it for the INSERTs.
      const pending = this.buffer;
      this.buffer = [];
      for (let i = 0; i < pending.length; i += this.maxBatch) {
        const batch = pending.slice(i, i + this.maxBatch);
        await this.storeBatch(batch);
      }
    }
  }

  private async storeBatch(batch: LogLineInput[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.append(this.runId, batch);
        this.bus.publish('run', this.runId, { kind: 'logs', runId: this.runId, lines: batch });
        return;
      } catch (err) {
        // SQLITE_BUSY past the busy timeout, a full disk: retry a little, then give the batch up
        // (readers skip the missing seqs) rather than stall the run or lose the later lines.
        if (attempt >= 3) {
          this.lost += batch.length;
          this.onError(err, batch.length);
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }
}

function serializeFields(fields: Record<string, unknown> | undefined): string | null {
  if (!fields || Object.keys(fields).length === 0) return null;
  try {
    const json = JSON.stringify(fields);
    return json.length <= MAX_FIELDS_JSON ? json : JSON.stringify({ truncated: true });
  } catch {
    // Circular or BigInt values: the line is still worth keeping without its fields.
    return JSON.stringify({ unserializable: true });
  }
}
