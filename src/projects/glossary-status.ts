// Whether a project's glossary is current, derived from stored facts only: when each step last
// completed (the start time of its last COMPLETED run) against when its inputs last changed
// (documents, required/excluded terms, project settings). No "dirty" flag is stored, so nothing
// can drift out of step with the data. Removals leave no row behind, so a removed document or a
// lifted exclusion/requirement cannot be seen here (the schema keeps no tombstone for them).
import type { Db } from '../db/client';
import { type PipelineStep, RUN_SCOPE_STEPS, type RunScope } from '../pipeline/index';

export type GlossaryState = 'NEVER_RUN' | 'UP_TO_DATE' | 'NEEDS_RERUN' | 'RUNNING';
export type GlossaryStaleReason =
  | 'DOCUMENTS_ADDED'
  | 'TERMS_REQUIRED_OR_EXCLUDED'
  | 'SETTINGS_CHANGED'
  | 'STEP_NOT_RUN'
  | 'EARLIER_STEP_RERUN';

export const GLOSSARY_STATES: readonly GlossaryState[] = ['NEVER_RUN', 'UP_TO_DATE', 'NEEDS_RERUN', 'RUNNING'];
export const GLOSSARY_STALE_REASONS: readonly GlossaryStaleReason[] = [
  'DOCUMENTS_ADDED',
  'TERMS_REQUIRED_OR_EXCLUDED',
  'SETTINGS_CHANGED',
  'STEP_NOT_RUN',
  'EARLIER_STEP_RERUN',
];

export interface GlossaryStatus {
  state: GlossaryState;
  /** The earliest step that must re-run; null unless NEEDS_RERUN. */
  rerunFrom: PipelineStep | null;
  reasons: GlossaryStaleReason[];
}

/** What the derivation reads; every field is a stored timestamp or count. */
export interface GlossaryFacts {
  hasActiveRun: boolean;
  /** Start time of the last COMPLETED run of each scope (absent: never completed). */
  lastCompletedStart: Partial<Record<RunScope, Date>>;
  latestDocumentAt: Date | null;
  latestRequiredOrExcludedAt: Date | null;
  /** Project.updatedAt: any project update (settings, engine, also a rename) counts. */
  settingsUpdatedAt: Date;
}

const STEPS: readonly PipelineStep[] = ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED'];

/** Pure: the status the facts imply. A change at the very millisecond a run started counts as seen by it. */
export function deriveGlossaryStatus(facts: GlossaryFacts): GlossaryStatus {
  if (facts.hasActiveRun) return { state: 'RUNNING', rerunFrom: null, reasons: [] };
  const starts = Object.values(facts.lastCompletedStart);
  if (starts.length === 0) return { state: 'NEVER_RUN', rerunFrom: null, reasons: [] };

  // When each step last completed: the latest start of a completed run whose scope covers it.
  const done = new Map<PipelineStep, number>();
  for (const [scope, start] of Object.entries(facts.lastCompletedStart) as [RunScope, Date][]) {
    for (const step of RUN_SCOPE_STEPS[scope]) done.set(step, Math.max(done.get(step) ?? -Infinity, start.getTime()));
  }

  const reasons = new Set<GlossaryStaleReason>();
  let rerunFrom: PipelineStep | null = null;
  const stale = (step: PipelineStep, reason: GlossaryStaleReason) => {
    reasons.add(reason);
    if (rerunFrom === null || STEPS.indexOf(step) < STEPS.indexOf(rerunFrom)) rerunFrom = step;
  };

  // Extraction reads the documents, the required/excluded terms and the project's settings.
  const extractedAt = done.get('EXTRACT');
  if (extractedAt === undefined) stale('EXTRACT', 'STEP_NOT_RUN');
  else {
    const after = (d: Date | null) => d !== null && d.getTime() > extractedAt;
    if (after(facts.latestDocumentAt)) stale('EXTRACT', 'DOCUMENTS_ADDED');
    if (after(facts.latestRequiredOrExcludedAt)) stale('EXTRACT', 'TERMS_REQUIRED_OR_EXCLUDED');
    if (after(facts.settingsUpdatedAt)) stale('EXTRACT', 'SETTINGS_CHANGED');
  }
  // Each later step reads the previous one's output: it is stale when that output is newer.
  for (let i = 1; i < STEPS.length; i++) {
    const step = STEPS[i]!;
    const at = done.get(step);
    const before = done.get(STEPS[i - 1]!);
    if (at === undefined) stale(step, 'STEP_NOT_RUN');
    else if (before !== undefined && before > at) stale(step, 'EARLIER_STEP_RERUN');
  }

  if (rerunFrom === null) return { state: 'UP_TO_DATE', rerunFrom: null, reasons: [] };
  return { state: 'NEEDS_RERUN', rerunFrom, reasons: GLOSSARY_STALE_REASONS.filter((r) => reasons.has(r)) };
}

/**
 * Reads the facts in two queries: one grouped over the project's runs (index projectId, status, id),
 * one over the project with its newest document, required and excluded term (each by projectId).
 */
export async function loadGlossaryFacts(db: Db, projectId: number): Promise<GlossaryFacts | null> {
  const [runs, project] = await Promise.all([
    db.run.groupBy({
      by: ['scope', 'status'],
      where: { projectId, status: { in: ['COMPLETED', 'PENDING', 'RUNNING'] } },
      _max: { startedAt: true },
    }),
    db.project.findUnique({
      where: { id: projectId },
      select: {
        updatedAt: true,
        documents: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
        requiredTerms: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
        excludedTerms: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
      },
    }),
  ]);
  if (!project) return null;
  const lastCompletedStart: Partial<Record<RunScope, Date>> = {};
  let hasActiveRun = false;
  for (const row of runs) {
    if (row.status !== 'COMPLETED') hasActiveRun = true;
    else if (row._max.startedAt) lastCompletedStart[row.scope as RunScope] = row._max.startedAt;
  }
  const required = project.requiredTerms[0]?.createdAt ?? null;
  const excluded = project.excludedTerms[0]?.createdAt ?? null;
  return {
    hasActiveRun,
    lastCompletedStart,
    latestDocumentAt: project.documents[0]?.createdAt ?? null,
    latestRequiredOrExcludedAt: required && excluded ? (required > excluded ? required : excluded) : (required ?? excluded),
    settingsUpdatedAt: project.updatedAt,
  };
}
