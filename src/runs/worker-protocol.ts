// The messages between the run layer (main thread) and a run worker thread. Everything crosses by
// structured clone: rows, log and progress events, the store's arguments and results.
import type { LlmConfig } from '../config';
import type { Project } from '../db/generated/client/client';
import type { GlossaryStore, LogEvent, ProgressEvent, RunScope } from '../pipeline/types';
import type { RunRow } from './types';

/** The store methods a worker may call; each runs on the main thread's connection. */
export const STORE_METHODS = [
  'loadDocuments',
  'loadTerms',
  'saveTerms',
  'loadProvisional',
  'saveProvisional',
  'loadIssues',
  'saveIssues',
  'saveRefined',
  'loadExcluded',
  'loadRequired',
  'loadSynonymGroups',
  'loadAliasSplits',
] as const satisfies readonly (keyof GlossaryStore)[];
export type StoreMethod = (typeof STORE_METHODS)[number];

export interface WorkerBootData {
  entry: string;
  llmConfig: LlmConfig | null;
  /** A module whose `executeRun(ctx, data)` replaces the real pipeline (tests, benchmarks). */
  pipelineModule: string | null;
  pipelineData: unknown;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

export type ToWorker =
  | { type: 'run'; run: RunRow; project: Project; scope: RunScope; documentIds: number[] | null }
  | { type: 'cancel'; message: string }
  | { type: 'store-result'; id: number; value?: unknown; error?: SerializedError };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'warm-failed'; error: SerializedError }
  | { type: 'log'; event: LogEvent }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'store'; id: number; method: StoreMethod; args: unknown[] }
  | { type: 'done' }
  | { type: 'failed'; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, stack: err.stack, code: (err as { code?: string }).code };
  }
  return { name: 'Error', message: String(err) };
}

/** An Error with the original's name and message (execute-run.ts recognises CancelledError by name). */
export function deserializeError(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  if (e.code) (err as { code?: string }).code = e.code;
  return err;
}
