// Definitions that do not name the term where they say what it is: a section's "This is a …" under a
// heading that names it, and "…; this **degassing**" naming what the clause before described.
import { headingName } from '../../extract/signals';
import { normalizeKey } from '../../normalize';
import type { Sentence } from '../../types';
import { asSentence } from './extent';
import type { IndexedSentence, SentenceIndex } from './sentence-index';
import type { TermMatch } from './term-match';
import { DEFINING_KINDS } from './types';

/** "This is …", "It is …", 「これは…」: a section's first sentence speaking of what its heading names. */
const SECTION_THIS = /^(?:(?:this|it)\s+(?:is|was)\s+(?:an?|the|one)\s|これは|これが)/iu;

/**
 * "## CPython" then "This is the original and most-maintained implementation of Python, written in
 * C." (「これは最も保守されている初代の Python 実装で…」): under a heading that is the term's name, a
 * first sentence opening "This is a …" / 「これは…」 says what the term is, without naming it. The
 * quote puts the name in the pronoun's place.
 */
export function sectionOpenersOf(index: SentenceIndex, key: string): IndexedSentence[] {
  if (!index.sectionOpeners) {
    const openers = new Map<string, IndexedSentence[]>();
    for (const indexed of index.sentences) {
      const s = indexed.sentence;
      if (!indexed.firstUnderHeading || !indexed.defining || s.heading === null || !SECTION_THIS.test(indexed.norm)) continue;
      for (const name of headingName(s.heading) ?? []) openers.set(name, [...(openers.get(name) ?? []), indexed]);
    }
    index.sectionOpeners = openers;
  }
  return index.sectionOpeners.get(key) ?? [];
}

// "this **degassing**" after a clause boundary or opening the sentence; 「この**脱気**」 opening it.
const THIS_BEFORE_EN = /(?:^|[;:,]\s+(?:and\s+|so\s+)?)["'“‘*_]*this\s+["'“‘*_]*$/i;
const THIS_BEFORE_JA = /^[「『\s]*(?:この|こうした|このような)\s*[「『"*_]*$/u;
/** Words a described clause has at least (English), characters (Japanese sentence). */
const DESCRIBED_MIN = { en: 4, ja: 10 } as const;

/**
 * "Freshly roasted beans release carbon dioxide for several days; this **degassing** is why …",
 * 「豆は焙煎後も数日間ガスを出す。この**脱気**が…」: an author who sets the term in bold right after
 * "this" names what was just described — the clause before it, or the sentence before when "this"
 * opens the sentence. Only a term the author marked there: "this function returns …" is a mention.
 */
export function namedByThis(indexed: IndexedSentence, match: TermMatch, key: string): { text: string; from: Sentence } | null {
  const s = indexed.sentence;
  const ja = s.language === 'ja';
  const before = indexed.norm.slice(0, match.start);
  const cue = (ja ? THIS_BEFORE_JA : THIS_BEFORE_EN).exec(before);
  if (!cue || !s.emphasized.some((e) => !s.code?.includes(e) && normalizeKey(e) === key)) return null;
  if (cue.index > 0) {
    const clause = indexed.norm.slice(0, cue.index).trim();
    if (clause.split(/\s+/).length < DESCRIBED_MIN.en) return null;
    return { text: asSentence(clause), from: s };
  }
  const previous = indexed.previous;
  if (!previous || !DEFINING_KINDS.has(previous.kind) || previous.kind !== s.kind) return null;
  const words = ja ? previous.text.length : previous.text.split(/\s+/).length;
  return words >= (ja ? DESCRIBED_MIN.ja : DESCRIBED_MIN.en) ? { text: previous.text, from: previous } : null;
}
