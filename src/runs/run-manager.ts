// The run lifecycle (DESIGN §2): start, queue, execute, cancel, end; crash recovery and shutdown.
// The database decides every race (conditional UPDATEs, the partial unique index on active runs);
// this facade only keeps what a process needs in memory and delegates each concern to its file:
// start-checks.ts, run-queue.ts, execute-run.ts, default-pipeline.ts, the follow-*.ts followers,
// recovery.ts; resources.ts holds what they share.
import type { LlmConfig } from '../config';
import type { Db } from '../db/client';
import type { Project } from '../db/generated/client/client';
import type { LogStore } from '../db/log-store';
import { isPostgresUrl } from '../db/provider';
import type { RunRepository } from '../db/run-repository';
import { AppError } from '../errors';
import type { GlossaryEngine, GlossaryStore, Reporter, RunScope } from '../pipeline/types';
import { runDefaultPipeline } from './default-pipeline';
import { flattenBatches } from './event-bus';
import { executeClaimedRun } from './execute-run';
import { followLogBatches } from './follow-logs';
import { followProgress } from './follow-progress';
import { followProjectStatus } from './follow-project-status';
import { InstanceLease, type LeaseOptions } from './instance-lease';
import { CANCELLED_PENDING_MESSAGE, SHUTDOWN_PENDING_MESSAGE } from './messages';
import type { ProjectStatusFeed } from './project-status-feed';
import { recoverInterrupted } from './recovery';
import { createRunResources, type RunResources } from './resources';
import type { RunEventBus } from './run-events';
import { RunQueue } from './run-queue';
import { RunRelay } from './run-relay';
import { RunWorkerPool, type RunWorkerPoolOptions } from './run-worker-pool';
import { checkDocumentIds, checkPreconditions, checkScope } from './start-checks';
import type { ProgressSnapshot, RunLogRow, RunRow, RunService, StartRunInput } from './types';

// Moved names stay importable from here (tests, runs/index.ts).
export * from './messages';
export { projectExtractOptions } from './default-pipeline';
export { makeOwnerId, parseOwnerId, processIsAlive } from './owner-id';

/** Where full errors go (the server log); the stored run error is the sanitized one. */
export interface RunLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** What a run executes with. The default runs the real pipeline; tests pass fakes. */
export interface RunContext {
  run: RunRow;
  project: Project;
  scope: RunScope;
  /** With EXTRACT: only these documents (incremental); null means all. */
  documentIds: number[] | null;
  signal: AbortSignal;
  reporter: Reporter;
  store: GlossaryStore;
}

export type ExecuteRun = (ctx: RunContext) => Promise<unknown>;
export type CreateEngine = (project: Project, signal: AbortSignal) => GlossaryEngine | Promise<GlossaryEngine>;

export interface RunManagerDeps {
  db: Db;
  /** One per process; shared with the schema layer's subscriptions. */
  bus?: RunEventBus;
  /** Runs executing at once in this process; more wait as PENDING, oldest first. */
  maxConcurrentRuns: number;
  /** `${hostname}:${pid}:${random}` by default; recorded on the runs this process executes. */
  ownerId?: string;
  logger?: RunLogger;
  /** Replaces the pipeline (tests, benchmarks). */
  executeRun?: ExecuteRun;
  /** Builds the project's engine for the default executeRun. */
  createEngine?: CreateEngine;
  /** For the default createEngine (src/llm/create-engine.ts). */
  llmConfig?: LlmConfig;
  /**
   * The SQLite file URL of `db`: log batches are then stored by a worker thread on its own
   * connection, off the thread that runs the pipelines. Without it, through `db`.
   */
  databaseUrl?: string;
  /** Overrides where log batches are stored (tests). */
  logStore?: LogStore;
  logFlushIntervalMs?: number;
  logMaxBatch?: number;
  progressPublishIntervalMs?: number;
  progressPersistIntervalMs?: number;
  /** How often a running run checks for a cancel requested by another process. */
  cancelPollIntervalMs?: number;
  /**
   * How often a follower re-reads the store while the run executes in another process (whose
   * bus events never reach this one), so it still sees every line and the end.
   */
  remotePollIntervalMs?: number;
  /** Whether a pid on this host is alive (crash recovery); injectable for tests. */
  isProcessAlive?: (pid: number) => boolean;
  /**
   * Execute the pipeline in a pool of `maxConcurrentRuns` warm worker threads, off the event loop
   * (the server does; see run-worker-pool.ts). Not with `executeRun` or `createEngine`, which are
   * functions of this thread.
   */
  runWorkers?: Omit<RunWorkerPoolOptions, 'size' | 'llmConfig' | 'logger'>;
  /**
   * Many instances on one PostgreSQL database (`databaseUrl` postgresql://…; ignored on SQLite):
   * any instance claims any queued run, live events cross instances by LISTEN/NOTIFY
   * (run-relay.ts), and a lease heartbeated every leaseMs / 3 replaces the pid check
   * (instance-lease.ts). An instance that loses its lease aborts its runs and claims none until
   * a heartbeat succeeds again; `lease` replaces its clock and heartbeat (tests).
   */
  instances?: { leaseMs: number; relayFlushMs?: number; lease?: LeaseOptions };
}

export class RunManager implements RunService {
  readonly ownerId: string;
  readonly bus: RunEventBus;
  readonly repo: RunRepository;
  private readonly $: RunResources;
  private readonly logger: RunLogger;
  private readonly executeRun: ExecuteRun;
  private readonly queue: RunQueue;
  /** The worker threads runs execute in, with `runWorkers`. */
  readonly workers: RunWorkerPool | null = null;
  private readonly logStore: LogStore;
  private readonly statusFeed: ProjectStatusFeed;
  /** With `instances` on PostgreSQL: this instance's lease and the relay to the others. */
  private readonly lease: InstanceLease | null = null;
  readonly relay: RunRelay | null = null;

  constructor(deps: RunManagerDeps) {
    if (!Number.isInteger(deps.maxConcurrentRuns) || deps.maxConcurrentRuns < 1) {
      throw new RangeError('maxConcurrentRuns must be an integer ≥ 1');
    }
    this.$ = createRunResources(deps);
    this.repo = this.$.repo;
    this.bus = this.$.bus;
    this.ownerId = this.$.ownerId;
    this.logger = this.$.logger;
    this.logStore = this.$.logStore;
    this.statusFeed = this.$.statusFeed;
    if (deps.runWorkers && !deps.executeRun) {
      if (deps.createEngine) throw new RangeError('runWorkers cannot use createEngine (a function of this thread)');
      this.workers = new RunWorkerPool({ ...deps.runWorkers, size: deps.maxConcurrentRuns, llmConfig: deps.llmConfig, logger: this.logger });
    }
    this.executeRun = deps.executeRun ?? this.workers?.execute ?? ((ctx) => runDefaultPipeline(deps, ctx));
    const clustered = deps.instances !== undefined && deps.databaseUrl !== undefined && isPostgresUrl(deps.databaseUrl);
    this.queue = new RunQueue(
      this.$,
      deps.maxConcurrentRuns,
      (entry, run) => executeClaimedRun(this.$, this.queue, this.executeRun, entry, run),
      clustered,
      // Many instances: not without the lease (also not before it exists), as a run claimed
      // without one looks orphaned to the others. Every claim checks this, whoever asked to pump.
      () => !clustered || this.lease?.isHeld === true,
    );
    if (clustered) {
      this.relay = this.$.relay = new RunRelay(
        this.$,
        deps.databaseUrl!,
        {
          cancelRequested: (runId) => {
            const entry = this.queue.get(runId);
            if (entry) this.queue.abort(entry, 'user');
          },
          // The pump claims nothing while stopping or without the lease (mayClaim above).
          runQueued: () => this.queue.pump(),
          // The store decides (abortIfStoppedInStore reads it); only runs executing here are read.
          runEnded: (runId) => this.abortIfStoppedInStore(runId),
          announcementsMissed: () => this.queue.runIds().forEach((runId) => this.abortIfStoppedInStore(runId)),
        },
        deps.instances!.relayFlushMs,
      );
      this.lease = new InstanceLease(
        this.$,
        deps.instances!.leaseMs,
        {
          // The others fail (or will fail) this instance's runs: stop them here too.
          lost: () => this.queue.abortAll('lease'),
          regained: () => {
            if (!this.queue.isStopping) this.queue.pump();
          },
        },
        deps.instances!.lease,
      );
    }
  }

  /** Runs this process is executing right now. */
  get runningCount(): number {
    return this.queue.size;
  }

  get isShuttingDown(): boolean {
    return this.queue.isStopping;
  }

  // ---------------------------------------------------------------- start

  async start(input: StartRunInput): Promise<RunRow> {
    if (this.queue.isStopping) throw new AppError('SHUTTING_DOWN', 'The server is shutting down; no new runs are accepted.');
    const scope = input.scope;
    checkScope(scope);
    if (!(await this.repo.projectExists(input.projectId))) {
      throw new AppError('NOT_FOUND', `Project ${input.projectId} does not exist.`, { projectId: input.projectId });
    }
    const documentIds = await checkDocumentIds(this.repo, input);
    await checkPreconditions(this.repo, input.projectId, scope, documentIds);

    const run = await this.repo.createPending({
      projectId: input.projectId,
      scope,
      documentIds,
      triggeredBy: input.triggeredBy ?? 'api',
      startedBy: input.startedBy ?? null,
      ownerId: this.ownerId,
    });
    // Shutdown began while we were inserting: its sweep of PENDING runs may have missed this one.
    if (this.queue.isStopping) {
      const cancelled = await this.repo.cancelPending(run.id, SHUTDOWN_PENDING_MESSAGE);
      if (cancelled.run) this.publishStatus(cancelled.run);
      throw new AppError('SHUTTING_DOWN', 'The server is shutting down; no new runs are accepted.');
    }
    this.publishStatus(run);
    this.queue.pump();
    return run;
  }

  // ---------------------------------------------------------------- cancel

  async cancel(runId: number, by: { cancelledBy?: string | null } = {}): Promise<RunRow> {
    // Statuses only move forward, so trying PENDING first and RUNNING second covers every order
    // in which the run may move meanwhile.
    const pending = await this.repo.cancelPending(runId, CANCELLED_PENDING_MESSAGE, new Date(), by.cancelledBy ?? null);
    if (pending.result === 'not_found') throw new AppError('NOT_FOUND', `Run ${runId} does not exist.`, { runId });
    if (pending.result === 'updated' && pending.run) {
      this.publishStatus(pending.run);
      return pending.run;
    }
    const running = await this.repo.requestCancel(runId, new Date(), by.cancelledBy ?? null);
    if (running.result === 'not_found') throw new AppError('NOT_FOUND', `Run ${runId} does not exist.`, { runId });
    if (running.result === 'updated' && running.run) {
      const entry = this.queue.get(runId);
      if (entry) this.queue.abort(entry, 'user');
      this.publishStatus(running.run);
      return running.run;
    }
    throw new AppError('RUN_NOT_ACTIVE', `Run ${runId} has already ended (${running.run?.status ?? 'unknown'}).`, {
      runId,
      status: running.run?.status,
    });
  }

  // ---------------------------------------------------------------- follow

  followLogBatches(runId: number, afterSeq: number, signal?: AbortSignal): AsyncGenerator<readonly RunLogRow[]> {
    return followLogBatches(this.$, this.queue, runId, afterSeq, signal);
  }

  /** followLogBatches one line at a time. */
  followLogs(runId: number, afterSeq: number, signal?: AbortSignal): AsyncIterableIterator<RunLogRow> {
    return flattenBatches(this.followLogBatches(runId, afterSeq, signal));
  }

  followProgress(runId: number, signal?: AbortSignal): AsyncGenerator<ProgressSnapshot> {
    return followProgress(this.$, this.queue, runId, signal);
  }

  followProjectStatus(projectId: number, signal?: AbortSignal, options: { includeCurrent?: boolean } = {}): AsyncGenerator<RunRow> {
    return followProjectStatus(this.$, projectId, signal, options);
  }

  private publishStatus(run: RunRow): void {
    this.$.publishStatus(run);
  }

  /** A run executing here that ended (or was cancelled) elsewhere stops. A failed read leaves it to the database's fence. */
  private abortIfStoppedInStore(runId: number): void {
    this.queue
      .abortIfStoppedInStore(runId)
      .catch((err) => this.logger.warn(`Run ${runId}: could not read whether it ended elsewhere`, { runId, err }));
  }

  // ---------------------------------------------------------------- recovery

  /** Ends or adopts runs left active by a process that is gone (recovery.ts), then runs the adopted ones. */
  async recoverInterrupted(): Promise<{ failed: number[]; adopted: number[] }> {
    if (this.lease) {
      // Many instances: liveness is the lease, not a pid; queued runs are anyone's to claim.
      await Promise.race([this.relay!.whenListening(), new Promise((r) => setTimeout(r, 5_000).unref())]);
      const failed = await this.lease.start();
      this.queue.pump();
      return { failed, adopted: [] };
    }
    const recovered = await recoverInterrupted(this.$);
    if (recovered.adopted.length) this.queue.pump();
    return recovered;
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops taking runs; cancels this process's queued runs (CANCELLED, "Server shut down before
   * the run started": a queue that silently resumed on the next start would surprise users);
   * aborts the running ones, which end CANCELLED with "Server shut down" after flushing their
   * logs; waits at most `timeoutMs` for them. Runs still running after the bound are left to crash
   * recovery at the next start. Finally closes every bus subscription. With `instances` (many on
   * PostgreSQL), queued runs are left to the other instances and the lease is given up.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.queue.stop();
    const deadline = Date.now() + timeoutMs;
    try {
      // Let a pump in progress finish its claim so no run is claimed after the sweep below.
      await this.queue.waitFor(() => !this.queue.isPumping, timeoutMs);
      // Many instances: queued runs stay queued for the others (this one cancels only its own runs).
      for (const run of this.lease ? [] : await this.repo.pendingOwnedBy(this.ownerId, 10_000)) {
        const res = await this.repo.cancelPending(run.id, SHUTDOWN_PENDING_MESSAGE);
        if (res.result === 'updated' && res.run) this.publishStatus(res.run);
      }
      this.queue.abortAll('shutdown');
      const finished = await this.queue.waitFor(() => this.queue.size === 0, Math.max(0, deadline - Date.now()));
      if (!finished) {
        this.logger.warn('Shutdown: runs still active after the timeout', { runs: this.queue.runIds() });
      }
    } finally {
      await this.relay?.close().catch((err) => this.logger.warn('Shutdown: closing the run relay failed', { err }));
      await this.lease?.stop();
      this.statusFeed.close();
      this.bus.close();
      await this.workers?.close().catch((err) => this.logger.warn('Shutdown: stopping the run workers failed', { err }));
      if (this.$.ownsLogStore) await this.logStore.close().catch((err) => this.logger.warn('Shutdown: closing the log store failed', { err }));
    }
  }

  /** Resolves when this process executes no run and no queued run of ours is waiting (tests, CLI). */
  whenIdle(timeoutMs = 60_000): Promise<void> {
    return this.queue.whenIdle(timeoutMs);
  }
}
