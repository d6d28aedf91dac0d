// The genus of a definition: the head noun of its predicate ("a file format that …" → format;
// 「…ための関数のことです」 → 関数), and whether two genera name different kinds.
import { normalizeKey } from '../../normalize';
import { OKURIGANA_NOUNS } from './japanese';

const EN_NP_STOP = new Set([
  'that', 'which', 'who', 'whose', 'where', 'when', 'of', 'for', 'to', 'in', 'on', 'with', 'by', 'from',
  'used', 'and', 'or', 'as', 'at', 'is', 'are', 'can', 'into', 'than', 'like', 'without', 'between',
  'you', 'we', 'it', 'they', 'whereas', 'while', 'but', 'so', 'because', 'if', 'such', 'using', 'called',
  // Prepositions end a noun phrase too ("unique among active tokens" is no plural noun phrase).
  'among', 'about', 'after', 'before', 'across', 'against', 'along', 'around', 'behind', 'beyond', 'during',
  'except', 'inside', 'outside', 'over', 'per', 'since', 'through', 'toward', 'towards', 'under', 'upon', 'via', 'within',
]);

/** True when the predicate opens with a plural noun phrase ("reusable callbacks that …"). */
export function isPluralNounPhrase(predicate: string): boolean {
  let last = '';
  for (const raw of predicate.split(/\s+/).slice(0, 4)) {
    const word = raw.replace(/[^A-Za-z-].*$/, '');
    if (!word || EN_NP_STOP.has(word.toLowerCase()) || WEAK_IS_WORD.test(word)) break;
    last = word;
    if (word !== raw) break;
  }
  return /[a-z]{2}s$/i.test(last) && !/(?:ss|ous|ics|is|us)$/i.test(last);
}

const WEAK_IS_WORD = /^(?:very|more|less|most|often|usually|only|always|never|also|still|now|then|\w+ly)$/i;

/** Head noun of an English predicate noun phrase ("a reactive store that …" → "store"). */
export function englishGenus(predicate: string): string | null {
  const words = predicate.replace(/^\s*(?:a|an|the|one)\s+/i, '').split(/\s+/);
  let head: string | null = null;
  for (const raw of words) {
    const word = raw.replace(/^["'“‘(*_]+/, '');
    const clean = word.replace(/[^A-Za-z0-9-].*$/, '');
    if (!clean || EN_NP_STOP.has(clean.toLowerCase())) break;
    head = clean;
    if (clean !== word) break;
  }
  if (!head) return null;
  const lower = head.toLowerCase();
  return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}

/** Head noun of a Japanese predicate: the noun run before のこと/もの/です (「…仕組みです。」 → 仕組み). */
export function japaneseGenus(predicate: string): string | null {
  const core = predicate
    .replace(/[。．!！\s]+$/, '')
    .replace(/(?:を指す|を指します|をいう|をいいます|を言う|を言います|を意味する|を意味します|を表す|を表します)$/, '')
    .replace(/\s?(?:です|である|だ)$/, '')
    .replace(/(?:のこと|こと|もの)$/, '');
  const okurigana = new RegExp(`(?:${OKURIGANA_NOUNS})$`, 'u').exec(core);
  if (okurigana) return okurigana[0];
  const m = /([\p{sc=Han}\p{sc=Katakana}ーA-Za-z0-9][\p{sc=Han}\p{sc=Katakana}ーA-Za-z0-9 ]*)$/u.exec(core);
  const genus = m?.[1]?.trim();
  return genus ? genus.normalize('NFKC') : null;
}

/** True when two genera name different kinds (neither is a suffix of the other: ライブラリ ~ 状態管理ライブラリ). */
export function generaDiffer(a: string, b: string): boolean {
  const x = normalizeKey(a);
  const y = normalizeKey(b);
  return !(x.endsWith(y) || y.endsWith(x));
}
