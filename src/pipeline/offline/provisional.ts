// Provisional step of the offline engine: the best defining sentence per term, or its first
// mention with a low confidence when no sentence defines it.
import { throwIfCancelled } from '../../errors';
import type { Corpus, ExtractedTerm, ProvisionalEntry, StepContext } from '../types';
import { findDefinitionCandidates, type TermRef } from './definitions';

/**
 * What the definition search needs of a term. Aliases are left out: the term's pattern already
 * matches its spelling variants, and a parenthetical alias (VDOM) names the term but its own
 * sentences are not about the full form. Review, which only sees entries, then searches the same.
 */
export function termRefOf(term: Pick<ExtractedTerm, 'key' | 'text' | 'occurrences'>): TermRef {
  return { key: term.key, text: term.text, occurrences: term.occurrences };
}

/** One provisional entry per term, in the terms' order. */
export async function provisionalEntries(
  corpus: Corpus,
  terms: readonly ExtractedTerm[],
  ctx: StepContext,
): Promise<ProvisionalEntry[]> {
  const entries: ProvisionalEntry[] = [];
  let byPattern = 0;
  for (const [i, term] of terms.entries()) {
    throwIfCancelled(ctx.signal);
    const best = findDefinitionCandidates(corpus, termRefOf(term))[0];
    if (best && best.pattern !== 'mention') byPattern++;
    entries.push({
      termKey: term.key,
      term: term.text,
      definition: best?.text ?? '',
      confidence: best?.score ?? 0,
      sources: best?.sources ?? [],
      occurrences: term.occurrences,
    });
    ctx.reporter.progress({ step: 'PROVISIONAL', current: i + 1, total: terms.length, item: term.text });
  }
  ctx.reporter.log({
    level: 'INFO',
    step: 'PROVISIONAL',
    message: `Definitions: ${byPattern} from defining sentences, ${terms.length - byPattern} from first mentions or missing`,
    fields: { byPattern, fallback: terms.length - byPattern },
  });
  return entries;
}
