// What each language's extractor returns before the two are merged and ranked together.
import type { Language, Occurrence, TermCategory } from '../types';

export interface TermCandidate {
  /** normalizeKey() of the canonical form (English: plural merged on the head noun). */
  key: string;
  language: Language;
  /** Surface form → count; the most frequent becomes the term's text. */
  surfaces: Map<string, number>;
  /** Language-specific score (C-value × specificity, FLR): comparable only within one language. */
  score: number;
  category: TermCategory;
  /** Every occurrence; frequency = occurrences.length. */
  occurrences: Occurrence[];
  /** Parenthetical or other aliases found for this candidate. */
  aliases: string[];
  /**
   * The score the candidate's uses as a gloss would give it (「仮引数 (parameter)」: the English name of
   * the Japanese term before it), when they are not counted in `score`: the merge ranks it where this
   * score falls in its list, without it taking a place there (mergeLanguages).
   */
  glossScore?: number;
}

/** The most frequent surface form (the first seen on a tie), '' for none. */
export function mostFrequentSurface(surfaces: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [surface, n] of surfaces) {
    if (n > bestCount) {
      bestCount = n;
      best = surface;
    }
  }
  return best;
}
