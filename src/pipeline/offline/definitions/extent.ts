// How far a definition reaches: its own clause of a sentence, the main clause before a coordinated
// one, the list it announces, and the sentences of its paragraph that go on about the term.
import { definedSubject, definedSubjects } from '../../extract/signals';
import type { Sentence } from '../../types';
import { isCodeWord } from './colon';
import { EXAMPLE_START, startsWithPronoun } from './mention-quality';
import type { IndexedSentence, SentenceIndex } from './sentence-index';
import { matchTerm, type TermMatch } from './term-match';
import type { DefinitionPattern } from './types';

/**
 * "Objects whose value can change are said to be mutable; objects whose value is unchangeable once
 * they are created are called immutable.": when the clauses of an English sentence each define a
 * term, each term's definition is its own clause (as a sentence), so both terms keep one and
 * neither takes the other's — so too when another clause defines another term ("A roaster controls
 * heat over time; the record of bean temperature against time is called the roast profile." gives
 * roaster its first clause). When only a later clause defines the term, the definition starts at
 * that clause — unless it refers back ("…; this is called degassing").
 */
export function ownClause(s: Sentence, match: TermMatch): string | null {
  if (s.language !== 'en' || !s.text.includes(';')) return null;
  const norm = s.text.normalize('NFKC');
  const start = norm.lastIndexOf(';', match.start) + 1;
  const semicolon = norm.indexOf(';', match.end);
  // Another clause defines another term ("A roaster controls heat; the record … is called the roast
  // profile."): each term keeps its own clause.
  const own = norm.slice(start, semicolon < 0 ? norm.length : semicolon).toLowerCase();
  const each = definedSubjects(s).some((subject) => !own.includes(subject.toLowerCase()));
  if (!each && (start === 0 || startsWithPronoun(norm.slice(start), false))) return null;
  const clause = norm.slice(start, each && semicolon >= 0 ? semicolon : norm.length).trim().replace(/[,:]$/, '');
  return clause === '' ? null : asSentence(clause);
}

/** A clause cut out of an English sentence, written as a sentence: capital first, full stop last. */
export function asSentence(clause: string): string {
  return `${clause[0]!.toUpperCase()}${clause.slice(1)}${/[.!?]$/.test(clause) ? '' : '.'}`;
}

/** Patterns that say what the term is in a main clause a coordinated clause can follow. */
const MAIN_CLAUSE_PATTERNS: ReadonlySet<DefinitionPattern> = new Set(['is-a', 'defined-as', 'refers-to', 'the-term']);
// ", so the import machinery begins …", ", and its particular quirks …": a coordinated clause with
// a subject of its own says something else.
// It needs a verb within a few words: ", a date, and the amount." ends a list, not a clause.
const NEW_CLAUSE = /,\s+(?:so|and|but)\s+(?:the|its|their|this|these|those|it|they|you|we|most|many|some|each|every)\s/i;
const CLAUSE_VERB = /^(?:\S+\s+){0,3}?(?:(?:is|are|was|were|can|could|may|might|must|will|would|should|has|have|had|does|do|did)\b|[a-z]+s\s+[a-z])/i;

/**
 * "The path based finder is a meta path finder, so the import machinery begins the import path
 * search by …": the definition is the main clause; what a coordinated clause with its own subject
 * adds is about something else. English only, and only after the term and its predicate.
 */
export function mainClause(s: Sentence, match: TermMatch, pattern: DefinitionPattern): string | null {
  if (s.language !== 'en' || !MAIN_CLAUSE_PATTERNS.has(pattern)) return null;
  const norm = s.text.normalize('NFKC');
  const next = NEW_CLAUSE.exec(norm.slice(match.end));
  if (!next || !CLAUSE_VERB.test(norm.slice(match.end + next.index + next[0].length))) return null;
  return asSentence(norm.slice(0, match.end + next.index).trim());
}

const LIST_ITEMS_MAX = 8;

/**
 * The list a sentence announces ("… is defined as one of the following:"): the list items right
 * after it, or short unpunctuated paragraphs (a converted list), all of them or none — a part of
 * a list would say less than it seems to. None when the whole would be longer than a definition
 * may be (CONTINUED_LIMIT) or when no list follows.
 */
export function listAfter(index: SentenceIndex, indexed: IndexedSentence): Sentence[] {
  const s = indexed.sentence;
  const ja = s.language === 'ja';
  const sizeOf = (text: string) => (ja ? text.length : text.split(/\s+/).length);
  let size = sizeOf(s.text);
  const items: Sentence[] = [];
  for (let k = 1; k <= LIST_ITEMS_MAX + 1; k++) {
    const next = index.sentences[indexed.order + k]?.sentence;
    const item =
      next !== undefined &&
      next.fileName === s.fileName &&
      (next.kind === 'list' || (next.kind === 'paragraph' && next.text.length <= 200 && !/[.!?。！？:：)）]$/.test(next.text.trim()) && !/^[(（]/.test(next.text)));
    if (!item) break;
    if (items.length === LIST_ITEMS_MAX) return [];
    size += sizeOf(next.text);
    if (size > (ja ? CONTINUED_LIMIT.ja : CONTINUED_LIMIT.en)) return [];
    items.push(next);
  }
  // Paragraphs stand for a list only two or more at a time (one is the next paragraph, not a list).
  return items.some((i) => i.kind === 'list') || items.length >= 2 ? items : [];
}

/** The announcing sentence and its items as one text: "…: a; b; c." / 「…：a、b、c。」 */
export function withItems(s: Sentence, items: readonly Sentence[]): string {
  const ja = s.language === 'ja';
  const bare = items.map((i) => i.text.trim().replace(/[.;,。、．]+$/u, ''));
  return ja ? `${s.text}${bare.join('、')}。` : `${s.text} ${bare.join('; ')}.`;
}

/** Patterns whose sentence says what the term is, so that a following sentence about it adds to it. */
export const CONTINUED_PATTERNS: ReadonlySet<DefinitionPattern> = new Set([
  'is-a', 'defined-as', 'refers-to', 'which-is', 'appositive', 'think-of', 'does', 'called', 'to-wa', 'to-iu-yougo', 'no-koto', 'wo-sasu', 'to-yobu', 'noun-predicate',
]);
/** Longest definition made of several sentences (the review calls longer ones unclear: 80 words, 200 characters). */
const CONTINUED_LIMIT = { en: 70, ja: 180 } as const;
/** Sentences of the paragraph that may follow the defining one. */
export const CONTINUED_SENTENCES = 2;

/**
 * True when `next` is the following sentence of the same paragraph and does not define another
 * term: a glossary's entry is the defining sentence with the rest of its paragraph ("A namespace is
 * a mapping from names to objects. Most namespaces are currently implemented as …"), as long as
 * the whole stays short (up to CONTINUED_SENTENCES more, called once per sentence with the text so
 * far). On pydocs-en-ja: mean similarity en 0.134 → 0.142 → 0.173 (one, then two more sentences),
 * ja 0.131 → 0.157, against joining only a sentence that opens with a pronoun or the term.
 */
export function continuesAbout(s: Sentence, next: Sentence | null, pattern: RegExp, soFar = s.text): boolean {
  if (!next || s.kind !== 'paragraph' || next.kind !== 'paragraph') return false;
  // Paragraphs are separated by a blank line: the next one starts at least two lines further on.
  if (next.line > s.line + (s.lineBreaks?.length ?? 0) + 1) return false;
  const ja = s.language === 'ja';
  const size = ja ? soFar.length + next.text.length : `${soFar} ${next.text}`.split(/\s+/).length;
  if (size > (ja ? CONTINUED_LIMIT.ja : CONTINUED_LIMIT.en)) return false;
  // An example or a parenthetical aside ("(In a sense, code is also …") adds nothing to what it is,
  // nor does a sentence about the document ("The comment above about negative indexes also …").
  if (EXAMPLE_START.test(next.text) || /^[(（]/.test(next.text) || DOCUMENT_DEIXIS.test(next.text)) return false;
  // A sentence ending in a colon announces what follows it (code, a list) and is cut off without it:
  // "Enumerations are Python classes, … . If we have this enumeration:".
  if (/[:：]\s*$/u.test(next.text)) return false;
  // "Loggers are plain Python objects. The addHandler method has no maximum …": a sentence whose
  // subject is a piece of code (a code span or a code spelling) and that does not name the term
  // speaks of that code ("logging.getLogger returns the same logger for a name" still adds to it).
  if (!ja && opensWithCode(next) && matchTerm(pattern, next.text.normalize('NFKC')).length === 0) return false;
  // A question (「…助けになったでしょうか？」) asks the reader; it says nothing about the term.
  if (ja && /[？?]\s*$/u.test(next.text)) return false;
  // A sentence that defines something else starts another entry ("A list is … . A tuple is …").
  // The subject must be the term itself, not a longer name containing it (焙煎 in 焙煎プロファイル).
  const subject = definedSubject(next)?.normalize('NFKC').trim();
  if (subject !== undefined && !matchTerm(pattern, subject).some((m) => m.start === 0 && m.end === subject.length)) return false;
  // 「先行書き込みログは…仕組みです。リストアの手順は、…大切です。」: a Japanese sentence whose topic is
  // something of another thing (「リストアの手順は」, 「コンポーネントの状態は」) speaks of that thing; a
  // bare topic (「主な利用場面は」), one that holds the term (「Python のイテレータは」) or points back
  // (この, その) is still about the term.
  if (ja) {
    const topic = JA_TOPIC_OWNER.exec(next.text.normalize('NFKC'));
    if (topic && !/^(?:この|その|これ|それ)/u.test(topic[1]!) && matchTerm(pattern, topic[0]).length === 0) return false;
  }
  return true;
}
/** True when an English sentence's first words (after an article) are code: `x`, addHandler, os.path. */
function opensWithCode(s: Sentence): boolean {
  const m = /^\W*(?:(?:the|a|an|this|each)\s+)?([^\s,;:()]+?)[.,;:]?(?:\s|$)/i.exec(s.text);
  return m !== null && isCodeWord(m[1]!, s.code);
}

/** The owner in the topic a Japanese sentence opens with: X in 「XのYは、…」 (first clause, first の). */
const JA_TOPIC_OWNER = /^[\s「『]*([^、。,，はがの]{1,20})\s?の[^、。,，はがで]{1,20}?\s?は[、,\s]/u;

// Words that point into the document rather than at the term: "the comment above", "as described
// previously", "this section", 「上記の」「前述の」「この節」.
const DOCUMENT_DEIXIS =
  /\b(?:the\s+\w+\s+(?:above|below)|(?:see|shown|described|mentioned|listed|given|explained|as)\s+(?:above|below|previously|earlier)|(?:this|the\s+(?:next|previous|following))\s+(?:section|chapter|document|tutorial|howto|example|paragraph))\b|上記|前述|後述|(?:この|次の|前の)(?:節|章|例|段落)/iu;

/** Two sentences as one text: no space between Japanese sentences, one otherwise. */
export function joinSentences(a: string, b: string): string {
  return /[。！？」』]$/.test(a) ? `${a}${b}` : `${a} ${b}`;
}

