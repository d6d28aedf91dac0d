// The public face of runs/ for the schema layer. Implementations live beside this file.
import type { Run, RunLog } from '../db/generated/client/client';
import type { PipelineStep, RunScope } from '../pipeline/types';

export type RunStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export const ACTIVE_STATUSES: readonly RunStatus[] = ['PENDING', 'RUNNING'];
export const TERMINAL_STATUSES: readonly RunStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
export const isTerminal = (s: string): boolean => (TERMINAL_STATUSES as readonly string[]).includes(s);

export type RunRow = Run;
export type RunLogRow = RunLog;

export interface StartRunInput {
  projectId: number;
  scope: RunScope;
  /** With EXTRACT: add terms from these documents only, keeping the rest. */
  documentIds?: number[] | null;
  triggeredBy?: 'api' | 'cli' | 'auto';
  /** Name of the API token that started it (Run.startedBy); null without one. */
  startedBy?: string | null;
}

export interface ProgressSnapshot {
  runId: number;
  status: RunStatus;
  step: PipelineStep | null;
  current: number;
  total: number;
  currentItem: string | null;
  /** 0–100, over the whole run (steps weighted equally). */
  percent: number;
}

/** Lifecycle of runs: queueing, the one-active-run rule, cancellation, persistence, recovery. */
export interface RunService {
  /**
   * Creates a PENDING run (AppError RUN_ALREADY_ACTIVE with details.activeRunId when the project
   * has one; NOT_FOUND, NO_DOCUMENTS, NO_TERMS, BAD_USER_INPUT, SHUTTING_DOWN) and queues it.
   */
  start(input: StartRunInput): Promise<RunRow>;
  /** PENDING → CANCELLED at once; RUNNING → cancel requested, aborts the pipeline. NOT_FOUND / RUN_NOT_ACTIVE. */
  cancel(runId: number, by?: { cancelledBy?: string | null }): Promise<RunRow>;
  /** Stored lines after `afterSeq`, then live ones; ends after the last line of a terminal run. */
  followLogs(runId: number, afterSeq: number, signal?: AbortSignal): AsyncIterable<RunLogRow>;
  /** The same lines as followLogs, a batch at a time (consecutive seqs, never empty). */
  followLogBatches(runId: number, afterSeq: number, signal?: AbortSignal): AsyncIterable<readonly RunLogRow[]>;
  /** The current snapshot first, then every (coalesced) change; ends when the run is terminal. */
  followProgress(runId: number, signal?: AbortSignal): AsyncIterable<ProgressSnapshot>;
  /** Every status change of the project's runs (the run row after the change). Never ends by itself. */
  followProjectStatus(projectId: number, signal?: AbortSignal, options?: { includeCurrent?: boolean }): AsyncIterable<RunRow>;
  /** Stops taking runs, aborts active ones, waits (bounded) for them to record their end, flushes logs. */
  shutdown(timeoutMs: number): Promise<void>;
}
