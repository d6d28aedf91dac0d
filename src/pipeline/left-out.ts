// Which entries the refined glossary leaves out. One rule for every engine: an issue with
// shouldExclude (the offline review's UNNECESSARY, or a model's review) leaves the entry out,
// while its term and the issue stay in their lists; required terms and entries a user edited are
// always kept, with the issue visible on them.
import { normalizeKey } from './normalize';
import type { GlossaryIssue, ProvisionalEntry } from './types';

/** Term key → the issue that leaves the entry out of the refined glossary. */
export function entriesLeftOut(
  entries: readonly ProvisionalEntry[],
  issues: readonly GlossaryIssue[],
  requiredTerms: readonly string[] = [],
): Map<string, GlossaryIssue> {
  const exclusions = new Map<string, GlossaryIssue>();
  for (const issue of issues) if (issue.shouldExclude && !exclusions.has(issue.termKey)) exclusions.set(issue.termKey, issue);
  const required = new Set(requiredTerms.map(normalizeKey));
  const leftOut = new Map<string, GlossaryIssue>();
  for (const entry of entries) {
    const exclusion = exclusions.get(entry.termKey);
    if (!exclusion || entry.editedByUser || required.has(entry.termKey) || required.has(normalizeKey(entry.term))) continue;
    leftOut.set(entry.termKey, exclusion);
  }
  return leftOut;
}
