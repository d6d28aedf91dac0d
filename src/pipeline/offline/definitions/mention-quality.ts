// What makes a sentence worth quoting: a mention that reads as prose, does not open with a pronoun,
// is not an example; and the sentence-level penalties a definition's score takes.
import { isAside } from '../../extract/signals';
import { normalizeKey } from '../../normalize';
import type { Sentence } from '../../types';
import { DEFINING_KINDS } from './types';

// "This guide …" is a determiner, not a pronoun: a demonstrative counts only before a verb.
// "This process is called X" names what the previous sentence described: it refers back too.
const PRONOUN_START_EN =
  // "It is best to think of …", "It is possible to …": an expletive "it" refers to nothing before it.
  /^\W*(?:(?:it(?!\s+(?:is|was)\s+(?:\w+\s+)?(?:best|better|important|possible|impossible|easy|easier|hard|harder|useful|common|necessary|often|usually|sometimes|also|worth)\s+(?:to|that|noting|remembering)\b)|they)\b|(?:this|that|these|those|such)\s+(?:is|are|was|were|can|could|will|would|has|have|does|do|means?|refers?|allows?|lets?|makes?|provides?|gives?|helps?|represents?|describes?|contains?|defines?|holds?|returns?|includes?|supports?|stores?|works?|behaves?)\b|(?:this|that|these|those|such)\s+(?:\w+\s+){1,2}(?:is|are)\s+(?:called|known\s+as|named|termed|referred\s+to\s+as)\b)/i;
const PRONOUN_START_JA = /^[「『\s]*(?:(?:これ|それ|あれ|こちら|そちら|こう|そう)(?:ら)?(?:は|を|が|に|の|と|も)|(?:この|その|こうした|そうした|このような|そのような)[\p{sc=Han}\p{sc=Katakana}ー]{1,8}(?:を|は|が))/u;

/** True when the text opens with a pronoun (or "this process …") whose referent is in another sentence. */
export function startsWithPronoun(text: string, japanese: boolean): boolean {
  return japanese ? PRONOUN_START_JA.test(text) : PRONOUN_START_EN.test(text);
}

/**
 * Whether a mention reads as a sentence worth quoting when nothing defines the term: prose of a
 * reasonable length, mostly letters (not a table-of-contents line "3.4 Theory . . . . 33"), not
 * shouted in capitals, not an aside in parentheses or an announcement ending in a colon, not opening
 * with a pronoun.
 */
export function isQuotableMention(s: Sentence): boolean {
  if (!DEFINING_KINDS.has(s.kind)) return false;
  const text = s.text;
  const ja = s.language === 'ja';
  const size = ja ? text.length : text.split(/\s+/).length;
  if (ja ? size < 12 || size > 160 : size < 6 || size > 60) return false;
  // Dot leaders ("Theory . . . . 33") mark a table of contents or a list of figures.
  if (/(?:\.\s?){4,}/.test(text)) return false;
  const visible = text.replace(/\s/g, '');
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  if (letters < visible.length * 0.7) return false;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  const upper = text.match(/[A-Z]/g)?.length ?? 0;
  if (latin > 20 && upper > latin * 0.6) return false;
  // A whole sentence in parentheses is an aside to the one before it; one ending in a colon
  // announces what follows ("Following is a result of running the code:").
  if (isAside(text) || /[:：]\s*$/u.test(text)) return false;
  // Prose ends its sentences: without a full stop it is a title or a citation ("PEP 343 - The
  // "with" statement", 「PEP 343 - "with" ステートメント」).
  if (!(ja ? /[。．！？!?」』)）]\s*$/u : /[.!?)"'”’]\s*$/u).test(text)) return false;
  return !startsWithPronoun(text, ja);
}

/** Sentences that give an example rather than say what something is. */
// "In the following example, *age* is the public attribute …": a statement scoped to an example.
export const EXAMPLE_START =
  /^[\s*_「『]*(?:for\s+(?:example|instance)\b|e\.g\.|in\s+(?:this|that|these|the\s+(?:following|above|previous|next))\s+examples?\b|例えば|たとえば|例:|例：|(?:以下|次|上|この|前|下)の例では)/iu;

export function lengthPenalty(s: Sentence): number {
  if (s.language === 'ja') {
    const n = s.text.length;
    return n < 10 || n > 160 ? 0.2 : 0;
  }
  const words = s.text.split(/\s+/).length;
  return words < 4 || words > 60 ? 0.2 : 0;
}

export function namesTerm(heading: string | null, key: string): boolean {
  if (!heading) return false;
  const h = normalizeKey(heading);
  return h === key || h.startsWith(key) || h.endsWith(key) || h.replace(/とは$/, '') === key;
}

// Text after the term in a "the term X …" sentence that says too little to be a definition.
export const CATAPHORIC_TAIL = /^[\s"'”’*_」』]*(?:(?:is|will\s+be)\s+used\b[^.]*|appears\b[^.]*)?[.:;!?。]?\s*$/i;

/** True when a "the term X" sentence only introduces X and the definition follows in the next sentence. */
export function isCataphoric(text: string, termEnd: number): boolean {
  return CATAPHORIC_TAIL.test(text.slice(termEnd)) || text.slice(termEnd).trim().split(/\s+/).length <= 4;
}

