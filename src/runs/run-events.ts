// What the run engine publishes. Small hints only: a reader that missed some re-reads the store.
import { EventBus } from './event-bus';
import type { ProgressSnapshot, RunLogRow, RunRow } from './types';

export type RunEvent =
  /** Lines just stored (a shared array: readers must not mutate it). */
  | { kind: 'logs'; runId: number; lines: readonly RunLogRow[] }
  /** Coalesced: at most one per run per ~100 ms, plus the final one. */
  | { kind: 'progress'; progress: ProgressSnapshot }
  /** The run row after a status change (or a cancel request). */
  | { kind: 'status'; run: RunRow }
  /**
   * Announcements from other instances may have been missed (the listening connection was lost,
   * or is back): re-read the store.
   */
  | { kind: 'resync' };

export interface RunBusEvents {
  /** Keyed by run id. */
  run: RunEvent;
  /** Keyed by project id: status changes of the project's runs. */
  project: { kind: 'status'; run: RunRow };
  /**
   * Keyed by project id: a change to what the project's glossary is made from (documents, term
   * rules, synonym groups, settings), for glossaryStatus followers. A hint: they re-derive the status.
   */
  glossary: { kind: 'inputs-changed'; cause: string };
}

export type RunEventBus = EventBus<RunBusEvents>;

/** A bus for run events (one per server process). */
export const createRunEventBus = (): RunEventBus => new EventBus<RunBusEvents>();
