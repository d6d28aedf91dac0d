// This process's share of the queue: which runs it executes now (their AbortControllers and
// progress trackers), the pump that claims its PENDING runs oldest first into free slots, and
// waiting until it is idle. The queue itself is the table (status PENDING, ownerId = us).
import { CancelledError } from '../errors';
import { CANCELLED_MESSAGE, ENDED_ELSEWHERE_MESSAGE, LEASE_LOST_MESSAGE, SHUTDOWN_MESSAGE } from './messages';
import type { ProgressTracker } from './progress-tracker';
import type { RunResources } from './resources';
import { isTerminal, type RunRow } from './types';

export interface ActiveRun {
  id: number;
  projectId: number;
  controller: AbortController;
  reason: AbortReason | null;
  tracker: ProgressTracker | null;
  done: Promise<void>;
}

/**
 * Why a run was aborted: a user's cancel, this process's shutdown, this instance's lost lease, or
 * the run already ended in the database (`ended`: another instance failed it, typically while this
 * one was paused past its lease; its stored end stands and nothing more is recorded).
 */
export type AbortReason = 'user' | 'shutdown' | 'lease' | 'ended';

const ABORT_MESSAGES: Record<AbortReason, string> = {
  user: CANCELLED_MESSAGE,
  shutdown: SHUTDOWN_MESSAGE,
  lease: LEASE_LOST_MESSAGE,
  ended: ENDED_ELSEWHERE_MESSAGE,
};

/** Executes a claimed run to its recorded end (execute-run.ts). */
export type ExecuteClaimed = (entry: ActiveRun, run: RunRow) => Promise<void>;

export class RunQueue {
  private readonly active = new Map<number, ActiveRun>();
  private stopping = false;
  private pumping = false;
  private pumpAgain = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly $: RunResources,
    private readonly maxConcurrent: number,
    private readonly execute: ExecuteClaimed,
    /**
     * Many instances on one PostgreSQL database: claim the oldest queued run of any owner (FIFO
     * over all instances). Otherwise only runs queued by this process.
     */
    private readonly shared = false,
    /** Whether this process may claim runs now (many instances: only while it holds its lease). */
    private readonly mayClaim: () => boolean = () => true,
  ) {}

  get size(): number {
    return this.active.size;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  get isPumping(): boolean {
    return this.pumping;
  }

  /** Whether this process executes the run right now. */
  isLocal(id: number): boolean {
    return this.active.has(id);
  }

  /** The live progress of a run this process executes. */
  trackerOf(id: number): ProgressTracker | null {
    return this.active.get(id)?.tracker ?? null;
  }

  get(id: number): ActiveRun | undefined {
    return this.active.get(id);
  }

  runIds(): number[] {
    return [...this.active.keys()];
  }

  /** No run is claimed from now on. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Fills free slots with this process's PENDING runs, oldest first. The queue is the table
   * itself (status PENDING, ownerId = us), so a cancel from anywhere simply removes a run from it.
   * One pump at a time; a request during a pump makes it go round again.
   */
  pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop()
      .catch((err) => {
        this.$.logger.error('Run queue: could not start queued runs; retrying in 1 s', { err });
        // A database error (busy past the timeout) must not strand queued runs until the next start or end.
        setTimeout(() => {
          if (!this.stopping) this.pump();
        }, 1_000).unref();
      })
      .finally(() => {
        this.pumping = false;
        this.notifyIdle();
      });
  }

  private async pumpLoop(): Promise<void> {
    do {
      this.pumpAgain = false;
      while (!this.stopping && this.mayClaim() && this.active.size < this.maxConcurrent) {
        const [next] = await this.nextQueued();
        if (!next || this.stopping || !this.mayClaim()) break;
        const claimed = this.shared ? await this.$.repo.claimQueued(next.id, this.$.ownerId) : await this.$.repo.claim(next.id, this.$.ownerId);
        // wrong_state: cancelled (or adopted elsewhere) meanwhile; the next query moves on.
        if (claimed.result === 'updated' && claimed.run) {
          const entry = this.launch(claimed.run);
          // The lease was lost while the claim was in flight: the run ends at once like the others.
          if (!this.mayClaim()) this.abort(entry, 'lease');
        }
      }
    } while (this.pumpAgain && !this.stopping);
  }

  private nextQueued(): Promise<RunRow[]> {
    return this.shared ? this.$.repo.oldestPending(1) : this.$.repo.pendingOwnedBy(this.$.ownerId, 1);
  }

  private launch(run: RunRow): ActiveRun {
    const entry: ActiveRun = {
      id: run.id,
      projectId: run.projectId,
      controller: new AbortController(),
      reason: null,
      tracker: null,
      done: Promise.resolve(),
    };
    this.active.set(run.id, entry);
    entry.done = this.execute(entry, run)
      .catch((err) => this.$.logger.error(`Run ${run.id}: the run engine failed to record its end`, { runId: run.id, err }))
      .finally(() => {
        this.active.delete(run.id);
        this.notifyIdle();
        if (!this.stopping) this.pump();
      });
    return entry;
  }

  /** Fires the run's AbortSignal; the first reason given is the one its end reports. */
  abort(entry: ActiveRun, reason: AbortReason): void {
    entry.reason ??= reason;
    if (!entry.controller.signal.aborted) entry.controller.abort(new CancelledError(ABORT_MESSAGES[reason]));
  }

  abortAll(reason: AbortReason): void {
    for (const entry of this.active.values()) this.abort(entry, reason);
  }

  /**
   * Reads what another process recorded for a run executing here and aborts it accordingly: ended
   * in the database (`ended`) or a cancel requested (`user`). The store decides, whatever hint
   * led here (the cancel poll, an announcement from another instance). No read for a run not here.
   */
  async abortIfStoppedInStore(id: number): Promise<void> {
    const entry = this.active.get(id);
    if (!entry || entry.controller.signal.aborted) return;
    const state = await this.$.repo.stopState(id);
    // The run ended here meanwhile (its entry is gone or another one): nothing to stop.
    if (!state || this.active.get(id) !== entry) return;
    if (isTerminal(state.status)) this.abort(entry, 'ended');
    else if (state.cancelRequested) this.abort(entry, 'user');
  }

  /** Resolves true when `done()` holds, false after `timeoutMs`. Re-checked whenever a run or pump ends. */
  waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== check);
        resolve(done());
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== check);
        resolve(true);
      };
      this.idleWaiters.push(check);
    });
  }

  private notifyIdle(): void {
    for (const waiter of [...this.idleWaiters]) waiter();
  }

  /** Resolves when this process executes no run and no queued run of ours is waiting (tests, CLI). */
  async whenIdle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.waitFor(() => this.active.size === 0 && !this.pumping, Math.max(0, deadline - Date.now()));
      const [pending] = await this.nextQueued();
      // Stopping, or without a lease: queued runs are not ours to execute now.
      if ((!pending || this.stopping || !this.mayClaim()) && this.active.size === 0) return;
      if (Date.now() >= deadline) throw new Error('RunManager.whenIdle: timed out');
      this.pump();
      await new Promise((r) => setImmediate(r));
    }
  }
}
