// Whether a project's glossary is current, derived from stored facts only: when each step last
// completed (the start time of its last COMPLETED run) against when its inputs last changed
// (documents, required/excluded terms, synonym groups, output-changing settings). No "dirty" flag
// is stored, so nothing can drift out of step with the data. Removals leave no row behind, so the
// project keeps a timestamp per kind of input (documentsRemovedAt, termRulesChangedAt,
// groupsChangedAt, aliasSplitsChangedAt, settingsChangedAt), written in the transaction of the change.
import type { Db } from '../db/client';
import { type PipelineStep, RUN_SCOPE_STEPS, type RunScope } from '../pipeline/index';

export type GlossaryState = 'NEVER_RUN' | 'UP_TO_DATE' | 'NEEDS_RERUN' | 'RUNNING';
export type GlossaryStaleReason =
  | 'DOCUMENTS_ADDED'
  | 'DOCUMENTS_REMOVED'
  | 'TERMS_REQUIRED_OR_EXCLUDED'
  | 'GROUPS_CHANGED'
  | 'SETTINGS_CHANGED'
  | 'STEP_NOT_RUN'
  | 'EARLIER_STEP_RERUN';

export const GLOSSARY_STATES: readonly GlossaryState[] = ['NEVER_RUN', 'UP_TO_DATE', 'NEEDS_RERUN', 'RUNNING'];
export const GLOSSARY_STALE_REASONS: readonly GlossaryStaleReason[] = [
  'DOCUMENTS_ADDED',
  'DOCUMENTS_REMOVED',
  'TERMS_REQUIRED_OR_EXCLUDED',
  'GROUPS_CHANGED',
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
  /** Last document removal (Project.documentsRemovedAt). */
  documentsRemovedAt?: Date | null;
  /** Newest required/excluded row, or the last change of the lists (removals included), whichever is later. */
  latestRequiredOrExcludedAt: Date | null;
  /** Last synonym group edit: definitions onward read the groups. */
  groupsChangedAt?: Date | null;
  /** Last rejected suggestion (split): extraction reads the splits. */
  aliasSplitsChangedAt?: Date | null;
  /** Last change of a setting that changes the glossary (not a rename, not autoExtract). */
  settingsChangedAt: Date | null;
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
    if (after(facts.documentsRemovedAt ?? null)) stale('EXTRACT', 'DOCUMENTS_REMOVED');
    if (after(facts.latestRequiredOrExcludedAt)) stale('EXTRACT', 'TERMS_REQUIRED_OR_EXCLUDED');
    if (after(facts.aliasSplitsChangedAt ?? null)) stale('EXTRACT', 'GROUPS_CHANGED');
    if (after(facts.settingsChangedAt)) stale('EXTRACT', 'SETTINGS_CHANGED');
  }
  // Groups are applied to the stored terms by every step from definitions on.
  const definedAt = done.get('PROVISIONAL');
  if (definedAt !== undefined && facts.groupsChangedAt && facts.groupsChangedAt.getTime() > definedAt) stale('PROVISIONAL', 'GROUPS_CHANGED');
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
        settingsChangedAt: true,
        documentsRemovedAt: true,
        termRulesChangedAt: true,
        groupsChangedAt: true,
        aliasSplitsChangedAt: true,
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
  const latest = (...dates: (Date | null | undefined)[]): Date | null =>
    dates.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);
  return {
    hasActiveRun,
    lastCompletedStart,
    latestDocumentAt: project.documents[0]?.createdAt ?? null,
    documentsRemovedAt: project.documentsRemovedAt,
    latestRequiredOrExcludedAt: latest(project.requiredTerms[0]?.createdAt, project.excludedTerms[0]?.createdAt, project.termRulesChangedAt),
    groupsChangedAt: project.groupsChangedAt,
    aliasSplitsChangedAt: project.aliasSplitsChangedAt,
    settingsChangedAt: project.settingsChangedAt,
  };
}
