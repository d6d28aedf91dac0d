// Runs execute in worker threads, off the server's event loop (issue 9): a pool of warm workers,
// one per run slot, each with the NLP models loaded once at start-up. This is an ExecuteRun like
// any other (tests inject theirs): the run layer around it is unchanged. What crosses:
// - log and progress events → ctx.reporter on this thread (seq, batching, coalescing stay here);
// - glossary store calls → ctx.store on this thread (one connection writes; see docs/runs.md);
// - cancel → a message; the step sees its AbortSignal. A worker still busy `cancelGraceMs` after
//   the cancel is terminated (and replaced): the run ends CANCELLED, its log says so.
// - a worker that dies mid-run (out of memory, an uncaught exception, process.exit) fails only
//   that run with a clear error; the pool replaces it.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { LlmConfig } from '../config';
import { CancelledError } from '../errors';
import type { GlossaryStore } from '../pipeline/types';
import { CANCELLED_MESSAGE } from './messages';
import type { RunContext, RunLogger } from './run-manager';
import { STORE_METHODS, deserializeError, serializeError, type FromWorker, type ToWorker, type WorkerBootData } from './worker-protocol';

export interface RunWorkerPoolOptions {
  /** Workers kept warm; the run manager uses maxConcurrentRuns. */
  size: number;
  /** How long a cancelled step may take to stop before its worker is terminated. */
  cancelGraceMs: number;
  llmConfig?: LlmConfig;
  /** A module exporting `executeRun(ctx, data)` that replaces the real pipeline (tests, benchmarks). */
  pipelineModule?: string | URL;
  pipelineData?: unknown;
  /** Per-worker heap limits (tests provoke out-of-memory with them). */
  resourceLimits?: ResourceLimits;
  logger?: RunLogger;
}

/** The worker of a run that crashed, with what the run's error says. */
export class RunWorkerCrashedError extends Error {
  override readonly name = 'RunWorkerCrashedError';
}

interface Slot {
  worker: Worker;
  /** Settles when the worker has loaded its models ('ready'), or could not. */
  warm: Promise<void>;
  onWarm: () => void;
  /** The run it executes, or null when idle. */
  job: Job | null;
  /** Terminated by the pool (cancel grace, close): its exit is not a crash. */
  retired: boolean;
}

interface Job {
  ctx: RunContext;
  resolve(): void;
  reject(err: Error): void;
  graceTimer: NodeJS.Timeout | null;
}

const WORKER_ENTRY = new URL('./run-worker.ts', import.meta.url);
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

function entryUrl(): string {
  // Sources run as .ts under tsx/vitest; a compiled build would ship run-worker.js beside this file.
  return import.meta.url.endsWith('.ts') ? WORKER_ENTRY.href : WORKER_ENTRY.href.replace(/\.ts$/, '.js');
}

export class RunWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;

  constructor(private readonly options: RunWorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('RunWorkerPool: size must be an integer ≥ 1');
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** Resolves when every current worker has loaded its models (benchmarks, start-up logs). */
  async ready(): Promise<void> {
    await Promise.all([...this.slots].map((s) => s.warm));
  }

  /** Worker thread ids (tests, benchmarks). */
  get threadIds(): number[] {
    return [...this.slots].map((s) => s.worker.threadId);
  }

  /** The ExecuteRun of the run manager: runs `ctx` in an idle worker. */
  execute = async (ctx: RunContext): Promise<void> => {
    if (this.closed) throw new Error('RunWorkerPool is closed');
    const slot = await this.acquire();
    await new Promise<void>((resolve, reject) => {
      const job: Job = { ctx, resolve, reject, graceTimer: null };
      slot.job = job;
      slot.worker.ref();
      const onAbort = () => this.cancel(slot, job);
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => ctx.signal.removeEventListener('abort', onAbort);
      job.resolve = () => (settle(), resolve());
      job.reject = (err) => (settle(), reject(err));
      const { run, project, scope, documentIds } = ctx;
      this.post(slot, { type: 'run', run, project, scope, documentIds });
    });
  };

  /** Terminates every worker (a run still executing is failed as crashed; shutdown ends runs first). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.slots].map((slot) => {
        slot.retired = true;
        return slot.worker.terminate();
      }),
    );
    this.slots.clear();
  }

  private spawn(): Slot {
    const boot: WorkerBootData = {
      entry: entryUrl(),
      llmConfig: this.options.llmConfig ?? null,
      pipelineModule: this.options.pipelineModule ? String(this.options.pipelineModule) : null,
      pipelineData: this.options.pipelineData ?? null,
    };
    const worker = new Worker(BOOT, { workerData: boot, resourceLimits: this.options.resourceLimits });
    let onWarm!: () => void;
    const warm = new Promise<void>((resolve) => (onWarm = resolve));
    const slot: Slot = { worker, warm, onWarm, job: null, retired: false };
    this.slots.add(slot);
    // Idle workers must not keep a CLI or a test process alive; a run holds a ref.
    worker.unref();
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (err) => this.onDeath(slot, `its worker thread failed: ${err.message}`));
    worker.on('exit', (code) => this.onDeath(slot, `its worker thread exited with code ${code}`));
    this.release(slot);
    return slot;
  }

  private acquire(): Promise<Slot> {
    for (const slot of this.slots) {
      if (!slot.job && !slot.retired && !this.isReserved(slot)) {
        this.reserved.add(slot);
        return Promise.resolve(slot);
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private readonly reserved = new Set<Slot>();

  private isReserved(slot: Slot): boolean {
    return this.reserved.has(slot);
  }

  /** An idle slot goes to the longest waiter, else stays idle. */
  private release(slot: Slot): void {
    this.reserved.delete(slot);
    if (slot.retired) return;
    slot.worker.unref();
    const waiter = this.waiting.shift();
    if (waiter) {
      this.reserved.add(slot);
      waiter(slot);
    }
  }

  private post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  private cancel(slot: Slot, job: Job): void {
    if (slot.job !== job || job.graceTimer) return;
    const reason = job.ctx.signal.reason as Error | undefined;
    this.post(slot, { type: 'cancel', message: reason?.message ?? CANCELLED_MESSAGE });
    job.graceTimer = setTimeout(() => {
      if (slot.job !== job) return;
      const grace = this.options.cancelGraceMs;
      job.ctx.reporter.log({
        level: 'WARN',
        message: `The step did not stop within ${grace} ms of the cancel; its worker thread was terminated`,
      });
      this.retire(slot);
      this.finish(slot, job, new CancelledError(reason?.message ?? CANCELLED_MESSAGE));
    }, this.options.cancelGraceMs);
    job.graceTimer.unref();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    const job = slot.job;
    switch (message.type) {
      case 'ready':
        slot.onWarm();
        return;
      case 'warm-failed':
        slot.onWarm();
        // The pipeline module or a model failed to load: runs fail with this error rather than hang.
        this.options.logger?.error('A run worker could not load the pipeline', { error: message.error });
        return;
      case 'log':
        job?.ctx.reporter.log(message.event);
        return;
      case 'progress':
        job?.ctx.reporter.progress(message.event);
        return;
      case 'store':
        if (job) void this.callStore(slot, job.ctx.store, message.id, message.method, message.args);
        return;
      case 'done':
        if (job) this.finish(slot, job, null);
        return;
      case 'failed':
        if (job) this.finish(slot, job, deserializeError(message.error));
        return;
    }
  }

  private async callStore(slot: Slot, store: GlossaryStore, id: number, method: string, args: unknown[]): Promise<void> {
    let reply: ToWorker;
    try {
      if (!(STORE_METHODS as readonly string[]).includes(method)) throw new Error(`Unknown store method ${method}`);
      const fn = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      reply = { type: 'store-result', id, value: await fn.apply(store, args) };
    } catch (err) {
      reply = { type: 'store-result', id, error: serializeError(err) };
    }
    if (!slot.retired) this.post(slot, reply);
  }

  private finish(slot: Slot, job: Job, err: Error | null): void {
    if (slot.job !== job) return;
    if (job.graceTimer) clearTimeout(job.graceTimer);
    slot.job = null;
    if (err) job.reject(err);
    else job.resolve();
    this.release(slot);
  }

  /** Terminates a worker that must not run again, and puts a fresh one in its place. */
  private retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    this.slots.delete(slot);
    this.reserved.delete(slot);
    void slot.worker.terminate();
    if (!this.closed) this.spawn();
  }

  private onDeath(slot: Slot, what: string): void {
    slot.onWarm();
    if (slot.retired) return;
    const job = slot.job;
    this.retire(slot);
    if (job) {
      this.options.logger?.error(`Run ${job.ctx.run.id}: ${what}`, { runId: job.ctx.run.id });
      this.finish(slot, job, new RunWorkerCrashedError(`The run stopped because ${what} (out of memory, a crash, or an exit in the pipeline)`));
    }
  }
}
