// What start() checks before it inserts a run: the user hears about bad input and missing
// inputs at once, not from a run that fails a second later. The queries run in the order they
// always did, so the same error wins when several apply.
import type { RunRepository } from '../db/run-repository';
import { AppError } from '../errors';
import { RUN_SCOPE_STEPS, type RunScope } from '../pipeline/types';
import type { StartRunInput } from './types';

export const SCOPES = Object.keys(RUN_SCOPE_STEPS) as RunScope[];
export const MAX_DOCUMENT_IDS = 10_000;

export function checkScope(scope: RunScope): void {
  if (!SCOPES.includes(scope)) {
    throw new AppError('BAD_USER_INPUT', `Unknown scope "${String(scope)}"; expected one of ${SCOPES.join(', ')}.`);
  }
}

export async function checkDocumentIds(repo: RunRepository, input: StartRunInput): Promise<number[] | null> {
  if (input.documentIds == null) return null;
  if (input.scope !== 'EXTRACT') {
    throw new AppError('BAD_USER_INPUT', 'documentIds can only be given with scope EXTRACT (incremental extraction).');
  }
  const ids = [...new Set(input.documentIds)];
  if (ids.length === 0) {
    throw new AppError('BAD_USER_INPUT', 'documentIds is empty; omit it to extract from every document.');
  }
  if (ids.length > MAX_DOCUMENT_IDS || ids.some((id) => !Number.isInteger(id) || id < 1)) {
    throw new AppError('BAD_USER_INPUT', `documentIds must be at most ${MAX_DOCUMENT_IDS} positive integers.`);
  }
  const found = await repo.documentIdsOfProject(input.projectId, ids);
  if (found.length !== ids.length) {
    const known = new Set(found);
    const unknown = ids.filter((id) => !known.has(id));
    throw new AppError('BAD_USER_INPUT', `Documents ${unknown.join(', ')} do not belong to project ${input.projectId}.`, {
      documentIds: unknown,
    });
  }
  return ids.sort((a, b) => a - b);
}

/** The user hears about missing inputs at once, not from a run that fails a second later. */
export async function checkPreconditions(repo: RunRepository, projectId: number, scope: RunScope, documentIds: number[] | null): Promise<void> {
  const steps = RUN_SCOPE_STEPS[scope];
  // Every step reads the corpus (definitions and reviews are grounded in the documents).
  if (!documentIds && (await repo.documentCount(projectId)) === 0) {
    throw new AppError('NO_DOCUMENTS', `Project ${projectId} has no documents; add documents first.`, { projectId });
  }
  if (steps.includes('EXTRACT')) return;
  if ((await repo.termCount(projectId)) === 0) {
    throw new AppError('NO_TERMS', `Project ${projectId} has no extracted terms; run EXTRACT (or FULL) first.`, { projectId });
  }
  if (steps[0] === 'ISSUES' || steps[0] === 'REFINED') {
    if ((await repo.provisionalCount(projectId)) === 0) {
      throw new AppError('NO_TERMS', `Project ${projectId} has no provisional glossary; run GENERATE (or FROM_TERMS) first.`, {
        projectId,
      });
    }
  }
}
