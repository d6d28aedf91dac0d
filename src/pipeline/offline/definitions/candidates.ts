// Term-conditioned definition finding, shared by provisional, review and refine so that all three
// see the same candidates. Asking "which sentence defines X?" for a known X is far more reliable
// than detecting definitions in general (see docs/pipeline.md).
import { occurrenceIn } from '../../corpus';
import { headingName, isAside } from '../../extract/signals';
import { normalizeKey } from '../../normalize';
import type { Corpus, Occurrence, Sentence } from '../../types';
import { colonDefinitionAt, COLON_ONLY_KINDS, startsWithCode } from './colon';
import { continuesAbout, CONTINUED_PATTERNS, CONTINUED_SENTENCES, joinSentences, listAfter, mainClause, ownClause, withItems } from './extent';
import { englishGenus, japaneseGenus } from './genus';
import { isJapaneseTopic } from './japanese';
import { EXAMPLE_START, isCataphoric, isQuotableMention, lengthPenalty, namesTerm } from './mention-quality';
import { namedByThis, sectionOpenersOf } from './named-by-this';
import { patternAt } from './patterns';
import { sentenceIndex, sentencesMentioning, termCacheKey, type IndexedSentence, type Mention, type SentenceIndex } from './sentence-index';
import { termPattern, type TermMatch } from './term-match';
import { DEFINING_KINDS, PATTERN_STRENGTH, type DefinitionCandidate, type DefinitionPattern, type PatternHit, type TermRef } from './types';

/** Patterns whose predicate may open with code ("Extraction is `extractTerms` …"), which then says nothing. */
const CODE_FIRST_PATTERNS: ReadonlySet<DefinitionPattern> = new Set(['is', 'is-a', 'to-wa', 'noun-predicate']);
const EXAMPLE_PENALTY = 0.35;
/**
 * Genera that name what a text talks about, not what a thing is; and roles a thing plays in
 * something else ("the rider is the cause of the problem", "Collection is the goal in dressage",
 * 「…の目的です」): a statement about it, not its kind.
 */
const DISCOURSE_GENERA: ReadonlySet<string> = new Set([
  'topic', 'subject', 'matter', 'issue', '話題', 'トピック', 'テーマ', '問題',
  'cause', 'goal', 'beginning', 'heart', 'core', 'essence', 'answer', 'pivot', 'aim', 'focus', 'backbone', 'cornerstone', 'aspect',
  '原因', '目的', '目標', '核心', '秘訣',
]);
/**
 * A framing phrase that scopes the definition to a context ("In pattern matching,", "When used as an
 * expression,", 「パターンマッチでは、」): what follows holds there, maybe not in general. Not the
 * connectives that scope nothing ("In general,", "In other words,", 「一般に、」).
 */
const SCOPING_FRAME =
  /^[\s*_]*(?:(?:in|within|inside|under|when\s+used\s+(?:as|in|with))\s+(?!general\b|short\b|brief\b|summary\b|practice\b|essence\b|fact\b|particular\b|other\s+words\b|addition\b|contrast\b|turn\b|this\b|that\b)[^,.;:]{1,40},\s|[^、。\s]{1,20}(?:では|においては|の場合(?:は)?)、)/iu;
const SCOPE_PENALTY = 0.15;
const ANNOUNCES_LIST = /(?:\bthe\s+following|\bas\s+follows|次の(?:とおり|通り|よう)|以下の(?:とおり|通り|よう))[^.。]{0,20}[:：]?\s*$|[:：]\s*$/iu;
const LIST_INTRO_PENALTY = 0.3;
const MENTION_CONFIDENCE = { prose: 0.25, other: 0.15 } as const;

/** Patterns whose predicate opens with the kind the term is, in English and in Japanese. */
const ENGLISH_GENUS_PATTERNS: ReadonlySet<DefinitionPattern> = new Set(['is-a', 'defined-as', 'refers-to', 'which-is', 'appositive', 'think-of']);
const JAPANESE_GENUS_PATTERNS: ReadonlySet<DefinitionPattern> = new Set(['to-wa', 'no-koto', 'noun-predicate', 'to-iu-yougo']);

/** The kind a pattern's predicate names ("a file format that …" → format), if the pattern names one. */
function genusOf(hit: PatternHit): string | null {
  if (ENGLISH_GENUS_PATTERNS.has(hit.pattern)) return englishGenus(hit.predicate);
  if (JAPANESE_GENUS_PATTERNS.has(hit.pattern)) return japaneseGenus(hit.predicate);
  return null;
}

/** Sentences joined from one line are one source: "brewing.md:8" once, not once per sentence. */
function distinctLines(sources: Occurrence[]): Occurrence[] {
  return sources.filter((o, i) => sources.findIndex((p) => p.fileName === o.fileName && p.line === o.line) === i);
}

/**
 * The first quotable mention in the term's home document, the one that mentions it most (ties: the
 * earlier one): the document about the term introduces it, while the corpus' first mention is
 * wherever the files happen to sort (the Python HOWTOs before the Tutorial: "list" was quoted from
 * the curses HOWTO's "complete lists of all the functions").
 */
function homeMention(mentions: readonly Mention[]): { indexed: IndexedSentence; match: TermMatch } | null {
  const counts = new Map<string, number>();
  let home = '';
  for (const m of mentions) {
    const file = m.indexed.sentence.fileName;
    const n = (counts.get(file) ?? 0) + 1;
    counts.set(file, n);
    if (n > (counts.get(home) ?? 0)) home = file;
  }
  let first: { indexed: IndexedSentence; match: TermMatch } | null = null;
  for (const m of mentions) {
    const s = m.indexed.sentence;
    if (s.fileName !== home || !m.indexed.defining || !isQuotableMention(s) || EXAMPLE_START.test(m.indexed.norm)) continue;
    // In Japanese, a sentence with the term as its topic (「リストは…」) speaks about it.
    if (s.language === 'ja' && isJapaneseTopic(m.indexed.norm, m.matches[0]!)) return { indexed: m.indexed, match: m.matches[0]! };
    first ??= { indexed: m.indexed, match: m.matches[0]! };
    if (s.language !== 'ja') break;
  }
  return first;
}

/**
 * Every sentence that may define the term, best first; the term's first mention is added as a
 * low-confidence 'mention' candidate so callers always have a fallback when the term occurs.
 */
export function findDefinitionCandidates(corpus: Corpus, term: TermRef): DefinitionCandidate[] {
  const index = sentenceIndex(corpus);
  const key = termCacheKey(term);
  let found = index.candidates.get(key);
  if (!found) {
    found = searchCandidates(index, term);
    index.candidates.set(key, found);
  }
  return [...found];
}

function searchCandidates(index: SentenceIndex, term: TermRef): DefinitionCandidate[] {
  const pattern = termPattern([term.text, ...(term.variants ?? [])]);
  if (!pattern) return [];
  const mentions = sentencesMentioning(index, term, pattern);
  const candidates: DefinitionCandidate[] = [];
  const firstOrder = mentions[0]?.indexed.order ?? -1;
  let fallback: { indexed: IndexedSentence; match: TermMatch } | null = null;
  let quotable: { indexed: IndexedSentence; match: TermMatch } | null = null;
  let lead: { indexed: IndexedSentence; match: TermMatch } | null = null;
  let topical: { indexed: IndexedSentence; match: TermMatch } | null = null;

  for (const { indexed, matches } of mentions) {
    const s = indexed.sentence;
    // Prose defines; list items and table cells only in the "Term: definition" form.
    const prose = indexed.defining;
    if (!prose && !COLON_ONLY_KINDS.has(s.kind)) continue;
    // "(The built-in names actually also live in a module; this is called builtins.)": an aside
    // defines nothing (as for the ranking, and it is never quoted as a mention either).
    if (prose && isAside(s.text)) continue;
    if (prose) {
      fallback ??= { indexed, match: matches[0]! };
      if (!quotable && isQuotableMention(s) && !EXAMPLE_START.test(indexed.norm)) quotable = { indexed, match: matches[0]! };
      if (!topical && s.language === 'ja' && isJapaneseTopic(indexed.norm, matches[0]!) && isQuotableMention(s) && !EXAMPLE_START.test(indexed.norm)) {
        topical = { indexed, match: matches[0]! };
      }
      // "## Lambda Expressions" then "Small anonymous functions can be created with the lambda
      // keyword.": the first sentence of a section named after the term introduces it, so it is the
      // mention to quote (still a mention: the entry keeps its MISSING issue).
      if (!lead && indexed.firstUnderHeading && s.heading !== null && headingName(s.heading)?.includes(term.key) && isQuotableMention(s) && !EXAMPLE_START.test(indexed.norm)) {
        lead = { indexed, match: matches[0]! };
      }
    }
    for (const match of matches) {
      const colon = colonDefinitionAt(indexed, match);
      // "type is a soft keyword.": English prose opens sentences with a capital, so a lower-case
      // term opening one is an identifier whose backticks the documentation generator dropped; the
      // sentence defines the keyword, not the concept. ("extract: …" units are not prose.)
      if (!colon && match.start === 0 && s.language === 'en' && /^[a-z]/.test(indexed.norm)) continue;
      // 「Unicode 文字列型が unicode と呼ばれ」: Japanese text spells a Latin name as it is written,
      // so a capitalised term written all in lower case there is another name (a type, a keyword).
      // (English capitalises sentence starts: "Iterable" is the same word as "iterable".)
      if (s.language === 'ja' && /[A-Z]/.test(term.text) && /^[a-z][a-z0-9_-]*$/.test(match.surface)) continue;
      let hit: PatternHit | null = colon ? { pattern: 'colon', predicate: colon.text } : prose ? patternAt(indexed.norm, match, s.language) : null;
      // "Extraction is `extractTerms` from src/pipeline/extract": code first says where the term is
      // implemented, not what it is (as after a colon).
      // In Japanese modifiers come first (「`extractTerms` を呼ぶ処理のことです」 is a definition): only
      // a predicate that is the code alone (「抽出は `extractTerms` です」) says nothing more.
      if (hit && CODE_FIRST_PATTERNS.has(hit.pattern) && startsWithCode(hit.predicate, s.code, hit.pattern === 'to-wa' || hit.pattern === 'noun-predicate')) hit = null;
      if (!hit) {
        const named = prose ? namedByThis(indexed, match, term.key) : null;
        if (named) {
          candidates.push({
            sentence: s,
            order: indexed.order,
            pattern: 'this-named',
            score: clamp(0.4 + 0.5 * PATTERN_STRENGTH['this-named'] - lengthPenalty(named.from), 0.05, 0.98),
            text: named.text,
            sources: distinctLines([...(named.from === s ? [] : [occurrenceIn(named.from)]), occurrenceIn(s, match.start, match.end)]),
            joined: named.from === s ? [] : [named.from],
            genus: null,
            next: indexed.next,
            previous: indexed.previous,
          });
        }
        continue;
      }
      let bonus = 0;
      if (indexed.firstUnderHeading && namesTerm(s.heading, term.key)) bonus += 0.1;
      if (indexed.order === firstOrder) bonus += 0.05;
      if (s.emphasized.some((e) => normalizeKey(e.replace(/\s*[（(][^）)]*[）)]\s*$/, '')) === term.key)) bonus += 0.05;
      const strength = PATTERN_STRENGTH[hit.pattern];
      // An example ("For example, a store is …") shows a use of the term: a last resort.
      if (EXAMPLE_START.test(indexed.norm)) bonus -= EXAMPLE_PENALTY;
      // "In pattern matching, a mapping is …", 「パターンマッチでは、…」: true in that context only.
      if (match.start > 0 && SCOPING_FRAME.test(indexed.norm)) bonus -= SCOPE_PENALTY;
      // "X is defined as one of the following:" announces a list: its items belong to the
      // definition; without them (none follow, or too many to quote) it says nothing yet.
      const items = !colon && ANNOUNCES_LIST.test(indexed.norm) ? listAfter(index, indexed) : null;
      if (items?.length === 0) bonus -= LIST_INTRO_PENALTY;
      const score = clamp(0.4 + 0.5 * strength + bonus - lengthPenalty(s), 0.05, 0.98);
      const joinNext =
        hit.pattern === 'the-term' && indexed.next !== null && DEFINING_KINDS.has(indexed.next.kind) && isCataphoric(indexed.norm, match.end);
      const genus = colon ? colon.genus : genusOf(hit);
      // "Regular expressions are a complex topic", 「正規表現は複雑な話題です」: the genus is the
      // text's subject matter (or a role: "the cause of the problem"), not a kind the term is.
      if (genus !== null && DISCOURSE_GENERA.has(genus)) continue;
      // "An iterator is an object … . It returns …": the rest of the paragraph belongs to the
      // definition, as in a glossary's first paragraph (continuesAbout says how far).
      const clause = colon || joinNext ? null : (ownClause(s, match) ?? mainClause(s, match, hit.pattern));
      const listed = items !== null && items.length > 0;
      const joined: Sentence[] = joinNext ? [indexed.next!] : listed ? [...items] : [];
      let text = clause ?? (joinNext ? joinSentences(s.text, indexed.next!.text) : listed ? withItems(s, items) : s.text);
      if (!colon && !joinNext && !clause && !listed && CONTINUED_PATTERNS.has(hit.pattern)) {
        // Up to CONTINUED_SENTENCES more sentences of the paragraph, while the whole stays short.
        let last = s;
        for (let k = 1; k <= CONTINUED_SENTENCES; k++) {
          const next = index.sentences[indexed.order + k];
          if (!next || next.sentence.fileName !== s.fileName || !continuesAbout(last, next.sentence, pattern, text)) break;
          joined.push(next.sentence);
          text = joinSentences(text, next.sentence.text);
          last = next.sentence;
        }
      }
      candidates.push({
        sentence: s,
        order: indexed.order,
        pattern: hit.pattern,
        score,
        text: colon ? colon.text : text,
        sources: distinctLines([occurrenceIn(s, match.start, match.end), ...joined.map((j) => occurrenceIn(j))]),
        joined,
        genus,
        next: indexed.next,
        previous: indexed.previous,
      });
      break;
    }
  }
  for (const indexed of sectionOpenersOf(index, term.key)) {
    const s = indexed.sentence;
    candidates.push({
      sentence: s,
      order: indexed.order,
      pattern: 'section-this',
      score: clamp(0.4 + 0.5 * PATTERN_STRENGTH['section-this'] - lengthPenalty(s), 0.05, 0.98),
      // The pronoun stands for the heading's name: the quote says it ("CPython is the original …").
      text: s.text.replace(/^(?:this|it)\b/i, term.text).replace(/^これ(?=[はが])/u, term.text),
      sources: [occurrenceIn(s)],
      joined: [],
      genus: null,
      next: indexed.next,
      previous: indexed.previous,
    });
  }
  candidates.sort((a, b) => b.score - a.score || fuller(a, b) || a.order - b.order);

  // The fallback: the first sentence of a section named after the term, else the first mention
  // that reads as a sentence in the term's home document, else (Japanese) the first with the term
  // as topic, else the first that reads as a sentence, else the first in prose, else anywhere.
  const home = homeMention(mentions);
  const homeTopical = home !== null && home.indexed.sentence.language === 'ja' && isJapaneseTopic(home.indexed.norm, home.match);
  const first = lead ?? (homeTopical ? home : (topical ?? home)) ?? quotable ?? fallback ?? (mentions[0] ? { indexed: mentions[0].indexed, match: mentions[0].matches[0]! } : null);
  if (first && !candidates.some((c) => c.order === first.indexed.order)) {
    const s = first.indexed.sentence;
    candidates.push({
      sentence: s,
      order: first.indexed.order,
      pattern: 'mention',
      score: DEFINING_KINDS.has(s.kind) ? MENTION_CONFIDENCE.prose : MENTION_CONFIDENCE.other,
      text: s.text,
      sources: [occurrenceIn(s, first.match.start, first.match.end)],
      joined: [],
      genus: null,
      next: first.indexed.next,
      previous: first.indexed.previous,
    });
  }
  return candidates;
}

/**
 * Between two definitions of equal strength in one language, the fuller one first (the defining
 * sentence with more of its paragraph): corpus order is only where the files sort, and of 「メソッドとは、
 * オブジェクトに "属する" 関数のことです。」 (classes) and the same definition followed by how a
 * method is written and what it belongs to (controlflow) a glossary keeps the second; so in English
 * of "UTF-8 is one of the most commonly used encodings, …" and "UTF-8 is a byte oriented encoding. …".
 */
function fuller(a: DefinitionCandidate, b: DefinitionCandidate): number {
  return a.sentence.language === b.sentence.language ? b.text.length - a.text.length : 0;
}

/** List items quoted after a definition that announces them, at most. */

/** Other prose sentences that mention the term, in corpus order (for "next best sentence"). */
export function mentionSentences(corpus: Corpus, term: TermRef): Sentence[] {
  const pattern = termPattern([term.text, ...(term.variants ?? [])]);
  if (!pattern) return [];
  return sentencesMentioning(sentenceIndex(corpus), term, pattern)
    .filter((m) => m.indexed.defining)
    .map((m) => m.indexed.sentence);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x * 100) / 100));
}

