// The vocabulary of definition finding: the patterns, their strengths and what a candidate is.
import type { Occurrence, Sentence } from '../../types';

export type DefinitionPattern =
  | 'is-a'
  | 'defined-as'
  | 'refers-to'
  | 'called'
  | 'the-term'
  | 'think-of'
  | 'which-is'
  | 'appositive'
  | 'does'
  | 'is'
  | 'to-wa'
  | 'to-iu-yougo'
  | 'no-koto'
  | 'wo-sasu'
  | 'to-yobu'
  | 'noun-predicate'
  | 'colon'
  | 'section-this'
  | 'this-named'
  | 'mention';

/** How strongly each pattern signals a definition (the study's ordering, strongest first). */
export const PATTERN_STRENGTH: Record<DefinitionPattern, number> = {
  'is-a': 1,
  'to-wa': 1,
  'defined-as': 0.95,
  'to-iu-yougo': 0.95,
  'no-koto': 0.95,
  'wo-sasu': 0.9,
  colon: 0.9,
  'refers-to': 0.85,
  called: 0.8,
  'to-yobu': 0.8,
  'the-term': 0.75,
  'noun-predicate': 0.75,
  'think-of': 0.7,
  'section-this': 0.7,
  'this-named': 0.6,
  'which-is': 0.7,
  appositive: 0.7,
  does: 0.55,
  is: 0.35,
  mention: 0,
};

/** A sentence that may define a term, with what made it a candidate. */
export interface DefinitionCandidate {
  sentence: Sentence;
  /** Position of the sentence in the corpus (documents in order, then sentences). */
  order: number;
  pattern: DefinitionPattern;
  /** Score used for ranking and as the entry's confidence, in [0, 1]. */
  score: number;
  /** The definition text (the sentence, or a cataphoric sentence joined with the next one). */
  text: string;
  sources: Occurrence[];
  /** Head noun of the predicate ("a file that …" → "file"; 「…仕組みです」 → 仕組み), when there is one. */
  genus: string | null;
  /** Sentences joined to the defining one in `text` (the rest of its paragraph, a cataphoric join). */
  joined: readonly Sentence[];
  /** The sentence right after, in the same document (for cataphoric joins and pronoun fixes). */
  next: Sentence | null;
  previous: Sentence | null;
}

export interface TermRef {
  key: string;
  text: string;
  occurrences: readonly Occurrence[];
  /** Extra surfaces to look for (variants of the same term). */
  variants?: readonly string[];
}

export interface PatternHit {
  pattern: DefinitionPattern;
  /** Text after the pattern's cue (the predicate), for genus extraction. */
  predicate: string;
}

/** Sentence kinds that are prose: only they define a term in a sentence of their own (lists and tables only in the "Term: definition" form). */
export const DEFINING_KINDS: ReadonlySet<Sentence['kind']> = new Set(['paragraph', 'quote']);
