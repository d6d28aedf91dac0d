// A run's progress: kept in memory on every report, published coalesced (≤ 1 event per
// `publishIntervalMs`) and written to the run row throttled (≤ 1 write per `persistIntervalMs`).
// A pipeline reporting per item can call it thousands of times a second at no cost.
import type { RunRepository } from '../db/run-repository';
import { RUN_SCOPE_STEPS, type PipelineStep, type ProgressEvent, type RunScope } from '../pipeline/types';
import type { RunEventBus } from './run-events';
import type { ProgressSnapshot, RunRow, RunStatus } from './types';

/** 0–100 over the whole run, the scope's steps weighted equally. */
export function percentOf(scope: string, step: string | null, current: number, total: number, status: string): number {
  if (status === 'COMPLETED') return 100;
  const steps = RUN_SCOPE_STEPS[scope as RunScope] ?? [];
  const index = step ? steps.indexOf(step as PipelineStep) : -1;
  if (index < 0 || steps.length === 0) return 0;
  const fraction = total > 0 ? Math.min(Math.max(current / total, 0), 1) : 0;
  return Math.round(((index + fraction) / steps.length) * 1000) / 10;
}

/** The snapshot a stored run row describes (for runs not executing in this process). */
export function snapshotFromRow(run: RunRow): ProgressSnapshot {
  return {
    runId: run.id,
    status: run.status as RunStatus,
    step: (run.step as PipelineStep | null) ?? null,
    current: run.progressCurrent,
    total: run.progressTotal,
    currentItem: run.currentItem,
    percent: percentOf(run.scope, run.step, run.progressCurrent, run.progressTotal, run.status),
  };
}

export interface ProgressTrackerOptions {
  repo: RunRepository;
  bus: RunEventBus;
  run: RunRow;
  publishIntervalMs?: number;
  persistIntervalMs?: number;
  onError?: (err: unknown) => void;
}

export class ProgressTracker {
  private readonly repo: RunRepository;
  private readonly bus: RunEventBus;
  private readonly runId: number;
  private readonly scope: string;
  private readonly publishIntervalMs: number;
  private readonly persistIntervalMs: number;
  private readonly onError: (err: unknown) => void;
  private state: { step: PipelineStep | null; current: number; total: number; currentItem: string | null };
  private status: RunStatus;
  private lastPublishAt = 0;
  private publishTimer: NodeJS.Timeout | null = null;
  private lastPersistAt = 0;
  private persistTimer: NodeJS.Timeout | null = null;
  private persisting: Promise<void> | null = null;
  private dirty = false;
  private closed = false;

  constructor(options: ProgressTrackerOptions) {
    this.repo = options.repo;
    this.bus = options.bus;
    this.runId = options.run.id;
    this.scope = options.run.scope;
    this.status = options.run.status as RunStatus;
    this.publishIntervalMs = options.publishIntervalMs ?? 100;
    this.persistIntervalMs = options.persistIntervalMs ?? 250;
    this.onError = options.onError ?? (() => {});
    this.state = {
      step: (options.run.step as PipelineStep | null) ?? null,
      current: options.run.progressCurrent,
      total: options.run.progressTotal,
      currentItem: options.run.currentItem,
    };
  }

  /** The latest state, as subscribers see it. */
  snapshot(): ProgressSnapshot {
    const { step, current, total, currentItem } = this.state;
    return {
      runId: this.runId,
      status: this.status,
      step,
      current,
      total,
      currentItem,
      percent: percentOf(this.scope, step, current, total, this.status),
    };
  }

  /** Records a report; synchronous, never throws. */
  update(event: ProgressEvent): void {
    this.state = {
      step: event.step,
      current: Number.isFinite(event.current) ? event.current : 0,
      total: Number.isFinite(event.total) ? event.total : 0,
      currentItem: event.item === undefined ? null : String(event.item).slice(0, 500),
    };
    this.dirty = true;
    // After close() the final state is stored and published by the run's end, not by timers.
    if (this.closed) return;
    this.schedulePublish();
    this.schedulePersist();
  }

  /** Stops the timers and stores the last state (before the terminal status is written). */
  async close(): Promise<void> {
    this.clearTimers();
    if (this.persisting) await this.persisting;
    if (this.dirty) await this.persist();
  }

  /** Publishes the final snapshot with the run's end status (after the terminal status is written). */
  publishFinal(status: RunStatus): void {
    this.clearTimers();
    this.status = status;
    this.bus.publish('run', this.runId, { kind: 'progress', progress: this.snapshot() });
  }

  /** A status change (PENDING → RUNNING) shows in the snapshot at once. */
  setStatus(status: RunStatus): void {
    this.status = status;
  }

  private schedulePublish(): void {
    if (this.publishTimer) return;
    const wait = this.lastPublishAt + this.publishIntervalMs - Date.now();
    if (wait <= 0) {
      this.publishNow();
      return;
    }
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.publishNow();
    }, wait);
  }

  private publishNow(): void {
    this.lastPublishAt = Date.now();
    this.bus.publish('run', this.runId, { kind: 'progress', progress: this.snapshot() });
  }

  private schedulePersist(): void {
    if (this.persistTimer || this.persisting) return;
    const wait = Math.max(0, this.lastPersistAt + this.persistIntervalMs - Date.now());
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      this.persist().catch(this.onError);
    }, wait);
  }

  private persist(): Promise<void> {
    this.dirty = false;
    this.lastPersistAt = Date.now();
    const { step, current, total, currentItem } = this.state;
    this.persisting = this.repo
      .saveProgress(this.runId, { step, progressCurrent: current, progressTotal: total, currentItem })
      .catch(this.onError)
      .finally(() => {
        this.persisting = null;
        // Reports that arrived during the write are stored by the next one.
        if (this.dirty && !this.closed) this.schedulePersist();
      });
    return this.persisting;
  }

  private clearTimers(): void {
    this.closed = true;
    if (this.publishTimer) clearTimeout(this.publishTimer);
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.publishTimer = null;
    this.persistTimer = null;
  }
}
