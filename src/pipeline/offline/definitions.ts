// Term-conditioned definition finding, shared by provisional, review and refine so that all three
// see the same candidates. Asking "which sentence defines X?" for a known X is far more reliable
// than detecting definitions in general (see docs/pipeline.md).
import { codeSpanRanges, detectLanguage, occurrenceIn } from '../corpus';
import { definedSubject, definedSubjects, headingName, isAside, isCodeSpelling } from '../extract/signals';
import { normalizeKey } from '../normalize';
import type { Corpus, Occurrence, Sentence } from '../types';

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

interface IndexedSentence {
  sentence: Sentence;
  order: number;
  /** NFKC text the term patterns run on. */
  norm: string;
  /** sentence.kind is one of DEFINING_KINDS / is 'heading', kept here so a scan over a term's
   * mentions reads this record only, not every sentence object as well. */
  defining: boolean;
  heading: boolean;
  firstUnderHeading: boolean;
  previous: Sentence | null;
  next: Sentence | null;
}

/** Sentences of a corpus, indexed once per run by document and line. */
export interface SentenceIndex {
  sentences: IndexedSentence[];
  /** fileName → line → orders of the sentences covering that line. */
  byLine: Map<string, number[][]>;
  /** Scratch marks for de-duplicating sentence orders without a Set per term. */
  seen: Uint32Array;
  generation: number;
  /**
   * Per-term results, so provisional, review and refine (and the several rules of review) share
   * one search per term instead of repeating it: the corpus never changes during a run.
   */
  mentions: Map<string, Mention[]>;
  candidates: Map<string, DefinitionCandidate[]>;
  /** Heading key → first sentences under headings of that name that open "This is …" / 「これは…」 (built on first use). */
  sectionOpeners: Map<string, IndexedSentence[]> | null;
}

interface Mention {
  indexed: IndexedSentence;
  matches: TermMatch[];
}

const termCacheKey = (term: TermRef) =>
  `${term.key}\u0000${[term.text, ...(term.variants ?? [])].join('\u0001')}\u0000${term.occurrences.length}`;

const indexCache = new WeakMap<Corpus, SentenceIndex>();

/** The sentence index of a corpus (built on first use, then cached for the corpus' lifetime). */
export function sentenceIndex(corpus: Corpus): SentenceIndex {
  const cached = indexCache.get(corpus);
  if (cached) return cached;
  const sentences: IndexedSentence[] = [];
  const byLine = new Map<string, number[][]>();
  for (const doc of corpus.documents) {
    doc.sentences.forEach((sentence, i) => {
      const order = sentences.length;
      const prev = doc.sentences[i - 1];
      sentences.push({
        sentence,
        order,
        norm: sentence.text.normalize('NFKC'),
        defining: DEFINING_KINDS.has(sentence.kind),
        heading: sentence.kind === 'heading',
        firstUnderHeading: sentence.kind !== 'heading' && prev?.kind === 'heading',
        previous: prev ?? null,
        next: doc.sentences[i + 1] ?? null,
      });
      const span = sentence.lineBreaks?.length ?? 0;
      for (let l = sentence.line; l <= sentence.line + span; l++) {
        let lines = byLine.get(sentence.fileName);
        if (!lines) byLine.set(sentence.fileName, (lines = []));
        (lines[l] ??= []).push(order);
      }
    });
  }
  const index: SentenceIndex = {
    sentences,
    byLine,
    seen: new Uint32Array(sentences.length),
    generation: 0,
    mentions: new Map(),
    candidates: new Map(),
    sectionOpeners: null,
  };
  indexCache.set(corpus, index);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Matching a term inside a sentence

const KATAKANA = /[\u30a1-\u30fa\u30fc\uff66-\uff9f]/;
const LATIN_END = /[A-Za-z]$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Patterns by their surfaces: review and refine ask again for the patterns provisional built (per
// entry, per definition they judge). Bounded so a long-lived server does not keep every term.
const patternCache = new Map<string, RegExp | null>();
const PATTERN_CACHE_LIMIT = 10_000;

/**
 * A regex matching a surface and its spelling variants: case, width, hyphen/space, trailing ー, plural.
 * The same RegExp object is returned for the same surfaces; it is global, so use it through
 * matchTerm (which resets lastIndex) rather than test().
 */
export function termPattern(surfaces: readonly string[]): RegExp | null {
  const cacheKey = surfaces.join('\u0000');
  const cached = patternCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const pattern = buildTermPattern(surfaces);
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
  patternCache.set(cacheKey, pattern);
  return pattern;
}

function buildTermPattern(surfaces: readonly string[]): RegExp | null {
  const alternatives = new Set<string>();
  for (const raw of surfaces) {
    const s = raw.normalize('NFKC').trim();
    if (!s) continue;
    let p = '';
    let prev = '';
    for (const ch of s) {
      // 「仮想DOM」 and 「仮想 DOM」 are one term: a space may come and go where the script changes.
      if (prev && /[A-Za-z0-9]/.test(prev) !== /[A-Za-z0-9]/.test(ch) && !/[\s\-‐‑–・_]/.test(prev + ch)) p += '\\s?';
      if (/[\s\-‐‑–・_]/.test(ch)) p += '[\\s\\-‐‑–・_]?';
      else if (ch === 'ー') p += 'ー?';
      else p += escapeRegExp(ch);
      prev = ch;
    }
    if (KATAKANA.test(s.slice(-1)) && !s.endsWith('ー')) p += 'ー?';
    alternatives.add(p);
  }
  if (alternatives.size === 0) return null;
  const body = [...alternatives].sort((a, b) => b.length - a.length).join('|');
  return new RegExp(`(${body})((?<=[A-Za-z])(?:es|s))?`, 'giu');
}

// Latin word characters [A-Za-z0-9_], KATAKANA and kanji [\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]
// as code-unit tests: isTermBoundary runs twice per match of every term
// in every sentence that mentions it. An offset outside the text gives NaN, which is in no class.
const isWordCode = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isKatakanaCode = (c: number): boolean => (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || (c >= 0xff66 && c <= 0xff9f);
const isKanjiCode = (c: number): boolean =>
  (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005;
const HYPHEN = 0x2d;

/** True when [start, end) is a whole word: not inside a longer Latin, katakana or kanji word. */
export function isTermBoundary(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (isWordCode(first) && (isWordCode(before) || (before === HYPHEN && isWordCode(text.charCodeAt(start - 2))))) return false;
  if (isWordCode(last) && (isWordCode(after) || (after === HYPHEN && isWordCode(text.charCodeAt(end + 1))))) return false;
  if (isKatakanaCode(first) && isKatakanaCode(before)) return false;
  if (isKatakanaCode(last) && isKatakanaCode(after)) return false;
  if (isKanjiCode(first) && isKanjiCode(before)) return false;
  if (isKanjiCode(last) && isKanjiCode(after)) return false;
  return true;
}

export interface TermMatch {
  start: number;
  /** End of the whole match, plural suffix included. */
  end: number;
  /** The matched surface without a plural suffix. */
  surface: string;
}

/** Every boundary-respecting match of the pattern in a text. */
export function matchTerm(pattern: RegExp, text: string): TermMatch[] {
  const out: TermMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const start = m.index;
    let end = start + m[0].length;
    let surface = m[1]!;
    if (!isTermBoundary(text, start, end) && m[2]) {
      // "class" inside "classes" is fine, "cat" + "s" inside "cats" too; retry without the suffix.
      end = start + surface.length;
    }
    if (!isTermBoundary(text, start, end)) continue;
    if (end === start + surface.length) surface = text.slice(start, end);
    out.push({ start, end, surface });
  }
  return out;
}

/** Whether a match of `pattern` in `text` covers the match `m` ("asynchronous generator expression" covers "asynchronous generator"). */
export function coversMatch(pattern: RegExp, text: string, m: TermMatch): boolean {
  return matchTerm(pattern, text).some((o) => o.start <= m.start && o.end >= m.end);
}

/** Indexed sentences that mention the term (found through its occurrences, else by a full scan). */
export function sentencesMentioning(index: SentenceIndex, term: TermRef, pattern: RegExp): Mention[] {
  const key = termCacheKey(term);
  const cached = index.mentions.get(key);
  if (cached) return cached;
  const found = searchMentions(index, term, pattern);
  index.mentions.set(key, found);
  return found;
}

function searchMentions(index: SentenceIndex, term: TermRef, pattern: RegExp): Mention[] {
  const generation = ++index.generation;
  const orders: number[] = [];
  let file = '';
  let lines: number[][] | undefined;
  for (const o of term.occurrences) {
    if (o.fileName !== file) {
      file = o.fileName;
      lines = index.byLine.get(file);
    }
    for (const order of lines?.[o.line] ?? []) {
      if (index.seen[order] === generation) continue;
      index.seen[order] = generation;
      orders.push(order);
    }
  }
  orders.sort((a, b) => a - b);
  const scan = (candidates: Iterable<IndexedSentence>) => {
    const found: Mention[] = [];
    for (const indexed of candidates) {
      const matches = matchTerm(pattern, indexed.norm);
      if (matches.length > 0) found.push({ indexed, matches });
    }
    return found;
  };
  const viaOccurrences = scan(orders.map((o) => index.sentences[o]!));
  // Terms without usable occurrences (required terms, occurrences from older documents) are looked up directly.
  return viaOccurrences.length > 0 ? viaOccurrences : scan(index.sentences);
}

// ---------------------------------------------------------------------------------------------
// Patterns

const OPEN_MARKS = /^[\s「『"'“‘*_(（]*$/;
const SKIP_AFTER_TERM = /^[」』"'”’*_]*\s*(?:(?:\([^)]{1,80}\)|（[^）]{1,80}）)\s*)?/;
const JA_DEMONSTRATIVE = /(?:この|その|あの|どの|各|同|本|新|旧|該)[\s「『]*$/;
// The term opens the sentence, perhaps after a short framing phrase ("In Vue 3, a store is …").
const DETERMINER = /^\s*(?:[^,.;:]{1,40},\s*)?(?:(?:a|an|the)\s+)?[「『"'“‘*_]*$/i;
const CONDITION_FIRST = /^\s*(?:if|unless|when|whenever|once|until|after|before|because|since|although|though)\b/i;

// "X is …" describes X, unless what follows is a degree, a quantity or a negation ("is about 72",
// "are no longer limited", "is directly proportional"), a place or a passive ("is in", "is given"),
// a property ("is extensible", "are mutable"; not "are responsible for", which says what X does), a
// likeness ("is similar to") or a state ("is said to be in interactive mode").
const WEAK_IS =
  /^(?:is|are)\s+(?!the\s+(?:same|most|best|only|first|last|main|easiest|simplest)\b|as\b|subject\s+to\b|(?:not|no|also|still|now|then|very|more|less|most|least|often|usually|only|always|never|quite|rather|too|so|about|approximately|around|roughly|nearly|almost|equal|given|shown|calculated|obtained|found|plotted|listed|\w+ly|\w+ed|in|on|at|from|to|for|with|by|of|into|under|over|then|there|here|being|done|run|made|written|taken|kept|set|put|said|known|seen|held|sent|built|left|meant|thought|bound|read|brought|chosen|drawn|driven|gotten|hidden|lost|split|spread|told|thrown|understood|begun|broken|spoken|shut|cut|hit|let|laid|paid|sold|bought|caught|taught|led|fed|met|spent|grown|blown|flown|worn|torn|won|similar|analogous|comparable|different|(?!responsible\b)\w+(?:able|ible))\b|\d)(?=\w)/i;

/** What may follow a name being introduced: the end of the clause, an aside, a gloss. */
const NAME_ENDS = /^["'”’*_]*\s*(?:$|[.,;:!?)]|\(|—|–|-\s|and\b|or\b|which\b|that\b|is\b|are\b|in\s)/i;
// "An object is called iterable if you can get an iterator for it.": after "is/are called", a
// condition may follow the name ("of the called function when it is called" names nothing).
const CONDITION_AFTER_NAME = /^["'”’*_]*\s+(?:if|when|whenever)\s/i;
const IS_CALLED_BEFORE = /\b(?:is|are)\s+(?:called|said\s+to\s+be)\s+(?:(?:a|an|the)\s+)?["'“‘*_]*$/i;

interface PatternHit {
  pattern: DefinitionPattern;
  /** Text after the pattern's cue (the predicate), for genus extraction. */
  predicate: string;
}

function englishPattern(norm: string, match: TermMatch): PatternHit | null {
  const before = norm.slice(0, match.start);
  // The text after the term is cut out only once the text before allows a pattern: most mentions
  // are not at the start of their sentence and need no copy of the rest.
  const afterTerm = () => norm.slice(match.end).replace(SKIP_AFTER_TERM, '');
  // "named" only after a verb ("is named X"): "named parameters" is an adjective. "Objects whose
  // value can change are said to be mutable" names an adjective the same way.
  // The name must end where the naming does: "is called a coroutine function" names the function,
  // not "coroutine"; "the called function" is no naming at all. "The class of a class is known as
  // that class's metaclass": a possessive names the term of its bearer.
  if (
    /\b(?:called|known\s+as|termed|(?:is|are|be|been)\s+named|referred\s+to\s+as|(?:is|are)\s+said\s+to\s+be)\s+(?:(?:a|an|the)\s+|(?:that|this)\s+[\w-]+(?:'s|’s)\s+)?["'“‘*_]*$/i.test(before) &&
    // "What we did is specify what is known as a positional argument": "what is known as X" only
    // stands for X; the sentence names it without saying what it is.
    !/\bwhat\s+(?:is|are)\s+(?:called|known\s+as|termed|referred\s+to\s+as)\s+(?:(?:a|an|the)\s+)?["'“‘*_]*$/i.test(before) &&
    (NAME_ENDS.test(norm.slice(match.end)) || (CONDITION_AFTER_NAME.test(norm.slice(match.end)) && IS_CALLED_BEFORE.test(before)))
  ) {
    return { pattern: 'called', predicate: before };
  }
  // "The term X …" opens the sentence (after a short framing phrase at most): "worthy of the name
  // 'class' without …" only mentions the word.
  if (
    /\bthe\s+(?:term|word|name|notion|concept(?:\s+of)?)\s+["'“‘*_]*$/i.test(before) &&
    (/^\s*(?:[^,.;:]{1,40},\s*)?the\s+\w+(?:\s+of)?\s+["'“‘*_]*$/i.test(before) || CATAPHORIC_TAIL.test(norm.slice(match.end)))
  ) {
    return { pattern: 'the-term', predicate: afterTerm() };
  }
  // "I use the word *attribute* for any name following a dot": the author says what the word names.
  if (/\b(?:use|uses|used|using)\s+the\s+(?:term|word|name)\s+["'“‘*_]*$/i.test(before)) {
    const rest = afterTerm();
    const m = /^(?:for|to\s+(?:mean|refer\s+to|describe|denote))\s+/i.exec(rest);
    if (m) return { pattern: 'the-term', predicate: rest.slice(m[0].length) };
  }
  // "It is best to think of a dictionary as a set of key: value pairs": the picture the author
  // gives of the thing — weaker than "is a", stronger than what it does.
  if (/\bthink\s+of\s+(?:(?:a|an)\s+)?["'“‘*_]*$/i.test(before)) {
    const rest = afterTerm();
    const m = /^as\s+(?!if\b|though\b|well\b|follows?\b)/i.exec(rest);
    return m ? { pattern: 'think-of', predicate: rest.slice(m[0].length) } : null;
  }
  // "An object's type determines …", "The type of an object is …": a relational noun is defined
  // of its bearer in general (an indefinite one — "the module's name" is one module's).
  const relational = RELATIONAL_BEARER.test(before);
  if (!relational && !DETERMINER.test(before)) return null;
  let after = afterTerm();
  if (!relational) {
    const of = /^of\s+(?:a|an|any|each|every)\s+(?:[\w-]+\s+){0,2}?(?=(?:is|are|determines?|describes?|specif(?:ies|y)|represents?|indicates?)\s)/i.exec(after);
    if (of && /^\s*(?:(?:a|an|the)\s+)?[「『"'“‘*_]*$/i.test(before)) after = after.slice(of[0].length);
  }
  // "The arguments are those passed to …", "The names are period-separated …": a definite plural
  // speaks of particular ones the text just mentioned, not of the kind.
  const particular = /\bthe\s+[「『"'“‘*_]*$/i.test(before) && match.end > match.start + match.surface.length;
  if (particular && !relational) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(?:is|are)\s+(?:defined|known|described)\s+as\s+/i.exec(after))) {
    return { pattern: 'defined-as', predicate: after.slice(m[0].length) };
  }
  // "is the same as", "is the first": a comparison, not what the thing is.
  if ((m = /^(?:is|are)\s+(?=(?:a|an|the|one)\s)(?!the\s+(?:same|only|first|last|main|default)\b)/i.exec(after))) {
    const predicate = after.slice(m[0].length);
    if (!isRanking(predicate)) return { pattern: 'is-a', predicate };
  }
  if ((m = /^(?:refers?\s+to|means|denotes|stands\s+for)\s+/i.exec(after))) {
    return { pattern: 'refers-to', predicate: after.slice(m[0].length) };
  }
  if ((m = /^,\s*which\s+(?:is|are)\s+/i.exec(after))) return { pattern: 'which-is', predicate: after.slice(m[0].length) };
  // "Watchers are callbacks that …": a plural genus needs no article.
  if ((m = /^are\s+(?!not\b)/i.exec(after)) && isPluralNounPhrase(after.slice(m[0].length)) && !isProgressive(after.slice(m[0].length), match.surface)) {
    return { pattern: 'is-a', predicate: after.slice(m[0].length) };
  }
  // "Python, an interpreted language, …": an appositive naming the kind right after the subject.
  if ((m = APPOSITIVE.exec(after)) && !/\b(?:is|are|was|were)\b/i.test(m[1]!)) return { pattern: 'appositive', predicate: m[1]! };
  // "Roasting turns green beans into …", "The roast level describes how far …": what the term does
  // or is for, said of the term as subject — a functional definition, weaker than "is a".
  // ("The parameters describe the exception …" speaks of particular parameters: excluded above.)
  if ((m = FUNCTIONAL_VERB.exec(after))) return { pattern: 'does', predicate: after.slice(m[0].length) };
  // "If encoding is not specified, the default is platform dependent": what holds in one case.
  if ((m = WEAK_IS.exec(after)) && !isRanking(after.slice(m[0].length)) && !CONDITION_FIRST.test(before) && !isProgressive(after.slice(m[0].length), match.surface)) {
    return { pattern: 'is', predicate: after.slice(m[0].length) };
  }
  return null;
}

// A superlative ranks the thing among others — "the largest single gain", "the most obvious way to
// restore state" — unless its noun names a kind: "the smallest possible component of a text", "the
// most basic elements of expressions", "the lowest built-in severity level".
const SUPERLATIVE =
  /^the\s+(?:(?:most|least)\s+[\w-]+|best|worst|(?:larg|small|bigg|simpl|easi|fast|slow|high|low|near|clos|great|short|long|old|new|lat|earli|strong|weak|cheap|saf|hard|fin|wid|deep|light|heavi)est)\b/i;
const SUPERLATIVE_HEAD = /^the\s+((?:[\w-]+\s+)*?[\w-]+)(?=\s+(?:of|in|among|within|for|to|that|which|who|we|you|i)\b|\s*[,.;:()]|\s*$)/i;
const JUDGEMENT_NOUNS: ReadonlySet<string> = new Set(['way', 'ways', 'choice', 'option', 'gain', 'gains', 'improvement', 'problem', 'reason', 'thing', 'things', 'part', 'case', 'collision', 'example', 'approach', 'solution', 'idea', 'mistake', 'one', 'ones']);
function isRanking(predicate: string): boolean {
  if (!SUPERLATIVE.test(predicate)) return false;
  const words = SUPERLATIVE_HEAD.exec(predicate)?.[1]!.split(/\s+/) ?? [];
  // "the largest" alone, or its noun a judgement: a ranking.
  return words.length < 2 || /(?:est|most|least|best|worst)$/i.test(words.at(-1)!) || JUDGEMENT_NOUNS.has(words.at(-1)!.toLowerCase());
}

/**
 * "Ashley is demonstrating a travers", "Riders are linking pieces of music": a verb in the
 * progressive says what one is doing, not what it is. After a process noun the -ing word is a
 * gerund that may define it ("Serialization is converting an object into bytes").
 */
function isProgressive(predicate: string, subject: string): boolean {
  return /^\w+ing\b/i.test(predicate) && !/(?:ing|tion|sion|ment|ance|ence|sis|ity|ism)$/i.test(subject);
}

/** "An object's ", "each module's ": the generic bearer of a relational noun, opening the sentence. */
const RELATIONAL_BEARER = /^\s*(?:[^,.;:]{1,40},\s*)?(?:a|an|each|every)\s+[\w-]+(?:'s|’s)\s+[「『"'“‘*_]*$/i;
const APPOSITIVE = /^,\s+((?:a|an)\s+[^,;:.()]{3,80}?),\s+\S/i;
// Verbs that say what a thing does or is for; not "returns", "uses", "holds" (statements about a
// use or a state — 「ストアは状態を保持します」 — not about what the thing is). An object must
// follow: a verb at the end of the sentence says nothing.
const FUNCTIONAL_VERB =
  /^(?:turns?|converts?|transforms?|describes?|represents?|specif(?:ies|y)|identif(?:ies|y)|indicates?|measures?|lets|allows?|enables?|provides?|encapsulates?|determines?|controls?|manages?|caches?|records?|tracks?|watches|monitors?|maps?|groups?|bundles?|combines?)\s+(?=\S+\s+\S)/i;

const JA_CLAUSE_AFTER_SEMICOLON = /\s*[;；][\s\S]*$/u;
const JA_CLAUSE_AFTER_BUT = /((?:ます|ません|ました|です|でした|である))が[、,][\s\S]*$/u;
const JA_PAREN = /^[」』"'”’*_]*\s*(?:（[^）]{1,80}）|\([^)]{1,80}\))?\s*/;
// 「とは異なり」 compares, 「値とは何か」 asks: neither says what the term is.
const NOT_A_DEFINITION_AFTER_TOWA = /^(?:異な|違|限ら|限り|別に|無関係|関係な|比べ|対照的|何(?:か|で|な|だ|を))/;
const NO_KOTO_END = /(?:のこと|こと|もの)\s?(?:です|である|だ|を指す|を指します|をいう|をいいます)?[。．!！]?$/;
// 「焙煎は生豆を…に変える工程」ではなく「焙煎は生豆を…に変える。」: what the term does (a functional definition).
// The stative 「…を提供しています」 says the same as 「…を提供します」 (「リスト内包表記はリストを生成する簡潔な手段を提供しています」).
const JA_DOES_END = /(?:に変える|に変えます|に変換する|に変換します|を示す|を示します|を管理する|を管理します|を可能にする|を可能にします|を提供する|を提供します|を決める|を決めます|を制御する|を制御します|を記録する|を記録します|を監視する|を監視します|をキャッシュする|をキャッシュします|をまとめる|をまとめます|(?:に変え|に変換し|を示し|を管理し|を可能にし|を提供し|を決め|を制御し|を記録し|を監視し|をキャッシュし|をまとめ)てい(?:る|ます))[。．!！]?$/;
const WO_SASU_END = /(?:を指す|を指します|をいう|をいいます|を言う|を言います|を意味する|を意味します|を表す|を表します|(?:を指し|を意味し|を表し)てい(?:る|ます))[。．!！]?$/;
// Common nouns written with okurigana: hiragana at their end does not make them verbs or adjectives.
const OKURIGANA_NOUNS = '仕組み|取り組み|組み|手続き|振る舞い|集まり|まとまり|つながり|繋がり|入れ物|受け皿|決まり|区切り|見出し|割り当て|問い合わせ|書き込み|読み込み|呼び出し|引数|戻り値';
// A noun right before the copula: kanji, katakana or Latin (hiragana there means an adjective or verb).
// (Flattened markup may leave a space before the copula: 「… コンテキストマネージャ です。」.)
const NOUN_PREDICATE_END = new RegExp(`(?:[\\p{sc=Han}\\p{sc=Katakana}A-Za-z0-9ー）)」』]|${OKURIGANA_NOUNS})\\s?(?:です|である|だ)[。．!！]?$`, 'u');

// 「インポート機構を動かす最も一般的な方法です」: a superlative with a judgement noun ranks the thing
// among ways of doing something (as "the most common way" does in English).
const JA_RANKING = /(?:最も|もっとも|一番|いちばん)[^、。]{0,15}(?:方法|手段|やり方|選択肢|例|もの)\s?(?:です|である|だ)[。．!！]?$/u;

// 「…することが可能です」「…は重要です」「…より効率的です」: an adjectival noun (形容動詞語幹) before the
// copula says how the thing is — possible, needed, simple — not what it is; nor does a comparison
// (「…の定義よりコンパクトです」) say what it is, only what it is more or less than.
const ADJECTIVAL_PREDICATE_END =
  /(?:より(?:\p{Script=Katakana}+|[^、。\p{Script=Katakana}]{1,3})|可能|不可能|必要|不要|重要|簡単|便利|不便|有効|無効|同様|同じ|自由|任意|容易|困難|危険|安全|十分|不十分|明らか|適切|不適切|正確|有用|単純|複雑|不明|不正|大切|特別|得意|苦手|自然|普通|一般的|的)(?:です|である|だ)[。．!！]?$/u;

// A noun character right before the term means the term is only the tail of a longer compound
// (「仮想 DOM とは」 defines 仮想 DOM, not DOM).
const COMPOUND_BEFORE = /[\p{sc=Han}\p{sc=Katakana}ーA-Za-z0-9] ?$/u;

function japanesePattern(norm: string, match: TermMatch): PatternHit | null {
  const before = norm.slice(0, match.start);
  if (JA_DEMONSTRATIVE.test(before) || COMPOUND_BEFORE.test(before)) return null;
  const after = norm.slice(match.end).replace(JA_PAREN, '');
  let m: RegExpExecArray | null;
  // 「公開された名前とは…」 defines the modified phrase (public names), not 名前.
  if ((m = /^とは[、,]?\s*/.exec(after)) && !NOT_A_DEFINITION_AFTER_TOWA.test(after.slice(m[0].length)) && !RELATIVE_CLAUSE_BEFORE.test(before)) {
    return { pattern: 'to-wa', predicate: after.slice(m[0].length) };
  }
  if ((m = /^という(?:用語|言葉|語|概念|名前)は[、,]?\s*/.exec(after))) {
    return { pattern: 'to-iu-yougo', predicate: after.slice(m[0].length) };
  }
  // 「… は "クラス" と呼ぶに値しません」 (not worthy of the name) and 「と呼びません」 name nothing.
  // 「…は "dunder" な名前と呼ばれます」 gives the name 「"dunder" な名前」, not 名前: a name a な or の
  // modifier opens is longer than the term.
  // 「ディレクトリとファイルという比喩」: the name is the pair's, not the term's. 「「ソケット」という言葉が
  // 文脈によって違うものを指す」 speaks of the word (the は form is the "the term X" pattern above).
  if (
    /^と(?:呼ぶ|呼び|呼ばれ|呼んで|いう|いい|言う|言い|称する|称し|名付け)/.test(after) &&
    !YOBU_NEGATED.test(after) &&
    !MODIFIED_NAME.test(before) &&
    !COORDINATED_BEFORE.test(before) &&
    !/^という(?:用語|言葉|語|概念|名前)/.test(after) &&
    // 「検索する path entry という引数」: a verb's clause before the name makes it one Y of the
    // sentence's ("the path entry to search, an argument"), not a name for a kind.
    !(/^という/.test(after) && VERB_CLAUSE_BEFORE.test(before))
  ) {
    return { pattern: 'to-yobu', predicate: before };
  }
  if (!OPEN_MARKS.test(before)) return null;
  if ((m = /^は[、,]?\s*/.exec(after))) {
    // A semicolon closes a clause as a full stop would (translations keep the original's ";"):
    // 「イテレータは連続データを表現するオブジェクトです; このオブジェクトは…」 says what it is first.
    // So does 「…が、」 after a finished clause: 「ジェネレータ式は常に括弧の中に書かなければなりませんが、
    // …括弧でも大丈夫です」 ends in a second clause with a subject of its own.
    const predicate = after.slice(m[0].length).replace(JA_CLAUSE_AFTER_SEMICOLON, '').replace(JA_CLAUSE_AFTER_BUT, '$1');
    if (NO_KOTO_END.test(predicate)) return { pattern: 'no-koto', predicate };
    if (WO_SASU_END.test(predicate)) return { pattern: 'wo-sasu', predicate };
    if (NOUN_PREDICATE_END.test(predicate) && !/ではない|でない/.test(predicate) && !ADJECTIVAL_PREDICATE_END.test(predicate) && !JA_RANKING.test(predicate)) {
      return { pattern: 'noun-predicate', predicate };
    }
    if (JA_DOES_END.test(predicate)) return { pattern: 'does', predicate };
  }
  return null;
}

/** 「X は…」 opening the sentence: the sentence says something about X itself. */
function isJapaneseTopic(norm: string, match: TermMatch): boolean {
  const before = norm.slice(0, match.start);
  if (!OPEN_MARKS.test(before)) return false;
  return norm.slice(match.end).replace(JA_PAREN, '').startsWith('は');
}

const RELATIVE_CLAUSE_BEFORE = /[\p{Script=Hiragana}](?:た|れる|ない)\s?[「『"]*$/u;
const VERB_CLAUSE_BEFORE = /(?:[\p{Script=Han}\p{Script=Hiragana}](?:する|される|した|された|れる|ない)|[\p{Script=Hiragana}](?:た|だ))\s?[「『"]*$/u;
const COORDINATED_BEFORE = /[\p{L}\p{N}」』)）]\s?(?:と|や)\s?[「『"]*$/u;
const MODIFIED_NAME = /[なの]\s?[「『"'“‘]*$/u;
const YOBU_NEGATED = /^と(?:呼ぶ|いう|言う|称する)(?:に(?:は)?値し|には(?:ふさわしく|足り)|べきでは|ことはでき)|^と(?:呼び|呼ば|いい|言い)(?:ません|ない)|^と呼べ(?:ない|ません)/;
const JA_NEXT = /^[」』）)\s]*[\u3040-\u30ff\u4e00-\u9fff（]/;

/** The definition pattern at a match: Japanese rules when Japanese follows the term, English ones otherwise. */
function patternAt(norm: string, match: TermMatch, language: Sentence['language']): PatternHit | null {
  // 「Vue Router とは」 is a Japanese definition of an English name; "SFC は" too.
  const japaneseNext = JA_NEXT.test(norm.slice(match.end, match.end + 4));
  return language === 'ja' || japaneseNext ? japanesePattern(norm, match) : englishPattern(norm, match);
}

// ---------------------------------------------------------------------------------------------
// "Term: definition" — glossary lines and list items ("- **X**: …", "X — …", 「用語：説明」)

/** Kinds where only the "Term: definition" form counts (other list items and cells stay excluded). */
const COLON_ONLY_KINDS: ReadonlySet<Sentence['kind']> = new Set(['list', 'table']);
// Opening marks only between the start of the sentence/line and the term.
const COLON_BEFORE = /^[\s「『"'“‘*_`(（[]*$/;
// Closing marks and a parenthetical alias after the term ("Single-File Component (SFC): …").
const COLON_SKIP = /^[」』"'”’*_`\]]*(?:\s*(?:\([^)]{1,80}\)|（[^）]{1,80}）))?/;
// The separator: a colon (NFKC turns ： into :) followed by a space or Japanese — never "10:30",
// "1:16" or "https://" —, a dash (— – ─ ―), or a hyphen with spaces on both sides.
const COLON_SEPARATOR = /^(?:\s*:(?=\s|[\u3040-\u30ff\u3400-\u9fff「『（])|\s*[—–─―━]+|\s+-(?=\s))\s*/u;
// A line that starts another "Label: …" entry ends the definition of a glossary paragraph.
const LABEL_LINE = /^[\s*_`「『]*[^\s:：。.!?][^:：。.!?]{0,60}?[*_`」』]*\s*(?::\s|：|\s[—–─―]\s)/u;

/** A line that opens with "Label: …" — a colon inside inline code ("JSON POST with `Accept: text/plain`") is no label's. */
function isLabelLine(line: string, code: readonly string[] | undefined): boolean {
  const label = LABEL_LINE.exec(line);
  // A label is a name, not a clause: "With databaseUrl, batches go to WorkerLogStore: a …" is prose.
  if (!label || /[,、，]/.test(label[0])) return false;
  // Where the separator starts: the colon itself, or the space before a dash.
  const colon = label[0].length - /(?::\s|：|\s[—–─―]\s)$/u.exec(label[0])![0].length;
  const ranges = codeSpanRanges(line, code ?? []);
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! < colon && colon < ranges[i + 1]!) return false;
  return true;
}
// Labels that introduce remarks, not definitions of the word itself ("Note: …", 「注意：…」).
const NOT_A_TERM_LABEL = new Set(
  [
    'note', 'notes', 'nb', 'example', 'examples', 'e.g', 'eg', 'warning', 'caution', 'tip', 'tips', 'hint', 'important',
    'info', 'update', 'edit', 'todo', 'fixme', 'see', 'seealso', 'source', 'sources', 'q', 'a', 'question', 'answer',
    'summary', 'result', 'results', 'output', 'input', 'usage', 'step', 'remark', 'remarks', 'status', 'date', 'time',
    'version', 'author', 'tl;dr', 'tldr', 'ps',
    '注', '注意', '注記', '例', '例文', '備考', 'メモ', 'ヒント', '警告', '重要', '補足', '参考', '参照', '手順', 'ステップ',
    '質問', '回答', '答え', '問', '答', '出典', '結果', '出力', '入力', '使い方', '要約', 'まとめ', '日付', '時刻',
  ].map(normalizeKey),
);
const JA_TEXT = /[\u3040-\u30ff\u3400-\u9fff]/;

export interface ColonHit {
  /** The definition: what follows the separator, in the sentence's own text. */
  text: string;
  genus: string | null;
}

/** True when no earlier sentence of the document ends on the line where this one starts. */
function opensLine(indexed: IndexedSentence): boolean {
  const before = indexed.previous;
  if (!before) return true;
  const lastLine = before.line + (before.lineBreaks?.length ?? before.text.split('\n').length - 1);
  return lastLine < indexed.sentence.line;
}

/** Offsets in `norm` where the sentence's source lines begin (0 included). */
function normLineStarts(indexed: IndexedSentence): number[] {
  const breaks = indexed.sentence.lineBreaks ?? [];
  const text = indexed.sentence.text;
  const same = text.length === indexed.norm.length;
  return [0, ...breaks.map((b) => (same ? b : text.slice(0, b).normalize('NFKC').length))];
}

/**
 * "Term: definition" where the term opens the sentence, a line of a paragraph or a list item (or a
 * table cell), the definition being what follows the separator up to the end of the sentence (in
 * a glossary paragraph, up to the next "Label: …" line).
 */
export function colonDefinitionAt(indexed: IndexedSentence, match: TermMatch): ColonHit | null {
  const { norm, sentence } = indexed;
  // The separator first: it rules out almost every mention at once.
  const rest = norm.slice(match.end, match.end + 100);
  const skip = COLON_SKIP.exec(rest)![0].length;
  const sep = COLON_SEPARATOR.exec(rest.slice(skip));
  if (!sep) return null;
  const starts = normLineStarts(indexed);
  let lineIndex = 0;
  for (let i = 1; i < starts.length; i++) if (starts[i]! <= match.start) lineIndex = i;
  if (!COLON_BEFORE.test(norm.slice(starts[lineIndex]!, match.start))) return null;
  // The label opens an entry: a sentence that starts its source line (not one that follows another
  // sentence on it, nor a table's later cell: "| Query limits | CPU: refused … |"), or, inside a
  // sentence, a line after another "Label: …" line. A wrapped paragraph's line starts anywhere
  // ("…not a model\nlist — never what the server answered").
  if (!opensLine(indexed) || (lineIndex > 0 && !isLabelLine(norm.slice(starts[lineIndex - 1]!, starts[lineIndex]!), sentence.code))) return null;
  if (NOT_A_TERM_LABEL.has(normalizeKey(match.surface)) || /^[\d\s.]+$/.test(match.surface)) return null;
  const from = match.end + skip + sep[0].length;
  let to = norm.length;
  // In a paragraph of "Label: …" lines each line is its own entry.
  if (sentence.kind === 'paragraph') {
    for (let i = lineIndex + 1; i < starts.length; i++) {
      if (isLabelLine(norm.slice(starts[i]!, starts[i + 1] ?? norm.length), sentence.code)) {
        to = starts[i]!;
        break;
      }
    }
  }
  // The sentence splitter keeps "… 196 °C. After first crack …" together; the definition stops at
  // such an inner sentence end (not after a single initial as in "J. Smith").
  const inner = /(?<!(?:^|[\s(])[A-Z])[.!?](?=\s+["'“‘(]?[A-Z])/.exec(norm.slice(from, to));
  if (inner) to = from + inner.index + 1;
  // A nomenclature flattened onto one line ("CP : power coefficient of wind turbine rotor : maximum
  // rotor power coefficient : …") separates its entries by a spaced colon: the label's entry ends there.
  const next = /(?<![\d\s])\s:\s(?=\p{L})/u.exec(norm.slice(from, to));
  if (next) to = from + next.index;
  const same = sentence.text.length === norm.length;
  let text = (same ? sentence.text.slice(from, to) : norm.slice(from, to)).trim();
  const ja = JA_TEXT.test(text) && detectLanguage(text) === 'ja';
  // Code first says how the label is spelled or called ("Ollama — `POST /api/chat` with …",
  // "Enums: `RunScope { … }`"), not what it is.
  if (startsWithCode(text, sentence.code)) return null;
  // A web address ("Arnd Bronkhorst – arnd.nl"), an example or a first-person narrative
  // ("Shoulder-fore: I start by …") follows a label, not a definition.
  if (/^(?:\S*(?::\/\/|www\.|[a-z]\.[a-z]{2,}\b)|(?:I|we|you|my|our)\b)/i.test(text)) return null;
  // A bare value ("Version: 3", "Status: done") is no definition, nor a list of code names
  // ("Comparisons: `eq()`, `ne()`, `lt()` and `gt()`.").
  if (ja ? text.replace(/\s/g, '').length < 6 : text.split(/\s+/).filter((w) => /\p{L}/u.test(w) && !isCodeWord(w, sentence.code)).length < 3) return null;
  // Nor is an inventory ("Projects: name, documents, glossary size, last run; create, clone, …"),
  // nor a clause about something else ("batches: every client subscribes … and gets a message per
  // batch", "Code — the services use one Db type"): a scenario under its label, not what it is.
  if (isInventory(text, ja) || (!ja && OTHER_SUBJECT_CLAUSE.test(text))) return null;
  // Nor is a mapping ("category: every part a proper noun → person_name; … → common_noun"): rules
  // for what the label takes, not what it is. (A chain "extract → provisional → …" may define.)
  if (/(?:→|->|=>|⇒)[^→;,]*[;,][^→]*(?:→|->|=>|⇒)/.test(text)) return null;
  // "Hilda Gurney: Lessons from a Judge's Perspective": a title in Title Case under a name, not a
  // definition (an acronym's label may be spelled out so: "GRECO: Group of States against …").
  if (!ja && !/^[A-Z0-9&.-]+$/.test(match.surface) && isTitleCase(text)) return null;
  // "first crack: water vapour and …" reads as a definition once it starts with a capital.
  if (!ja && /^[a-z]+(?=[\s,;:]|$)/.test(text)) text = text.charAt(0).toUpperCase() + text.slice(1);
  const genus = ja ? japaneseGenus(text) : /^(?:a|an|the|one)\s/i.test(text) ? englishGenus(text) : null;
  return { text, genus };
}

const TITLE_SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'to', 'for', 'from', 'and', 'or', 'with', 'at', 'by', 'vs']);
/** Whether a text opens with three capitalised words (small words aside): a title, not a sentence. */
function isTitleCase(text: string): boolean {
  let capitals = 0;
  for (const word of text.split(/\s+/)) {
    if (TITLE_SMALL_WORDS.has(word)) continue;
    if (!/^[A-Z]/.test(word)) return false;
    if (++capitals === 3) return true;
  }
  return false;
}

// "every client subscribes …", "each line gets …": every/each take a singular noun, then the verb;
// "the services use one Db type": a plural subject, then a verb's plain form; "wink-nlp (…) tags
// each sentence": a hyphenated name (a tool, a library), then its verb and an object.
const OTHER_SUBJECT_CLAUSE =
  /^(?:(?:every|each)\s+(?!of\b)[\w-]+\s+(?:[\w-]+\s+)?(?:is|has|does|can|may|must|will|should|[a-z]+[^s\W]s)|(?:the|its|their|our|these|those|all)\s+(?:[\w-]+\s+)?[\w-]+[^s\W]s\s+(?:use|run|share|keep|hold|get|take|need|call|read|write|store|send|return|wait|go|come|make|have|do|are|were|can|may|must|will|should|would)|[\w.-]*[a-z][\w.-]*-[\w.-]+(?:\s+\([^)]*\))?\s+[a-z]+[^s\W]s\s+(?:each|every|a|an|the|its|their|all)\s)\b/i;

const CODE_FIRST_PATTERNS: ReadonlySet<DefinitionPattern> = new Set(['is', 'is-a', 'to-wa', 'noun-predicate']);
/** Whether a text opens with one of its sentence's code spans ("a `Map` of runs" has a genus first). */
function startsWithCode(text: string, code: readonly string[] | undefined, alone = false): boolean {
  const rest = text.replace(/^[\s"'“‘*_、]*/u, '');
  return code?.some((c) => c.trim() !== '' && rest.startsWith(c.trim()) && (!alone || CODE_ALONE_JA.test(rest.slice(c.trim().length)))) ?? false;
}
const CODE_ALONE_JA = /^\s*(?:の(?:こと)?)?\s*(?:です|である|だ|を指します|を指す)?\s*[。．.]?\s*$/u;

/** Items of an inventory at least; each no longer than a short name (words in English, characters in Japanese). */
const INVENTORY = { items: 4, en: 3, ja: 8 } as const;

/**
 * True when a text is a list of short items and nothing else — what a label holds ("name,
 * documents, glossary size, last run"; 「名前、文書、用語数、最終実行」) — rather than a phrase or a
 * clause saying what the label is. Asides in parentheses are left out first.
 */
function isInventory(text: string, ja: boolean): boolean {
  const items = text
    .replace(/\([^()]*\)|（[^（）]*）/g, '')
    .split(/[,;、，；]|\s(?:and|or)\s/)
    .map((item) => item.replace(/[.。!！]+\s*$/, '').trim())
    .filter((item) => item !== '');
  if (items.length < INVENTORY.items) return false;
  return items.every((item) => (ja ? item.replace(/\s/g, '').length <= INVENTORY.ja : item.split(/\s+/).length <= INVENTORY.en));
}

/** A word of code rather than prose: a code spelling (a call, snake_case, a dotted name) or one of the sentence's code spans. */
function isCodeWord(word: string, code: readonly string[] | undefined): boolean {
  const bare = word.replace(/[,.;:!?]+$/, '');
  return isCodeSpelling(bare) || (code?.includes(bare) ?? false);
}

const EN_NP_STOP = new Set([
  'that', 'which', 'who', 'whose', 'where', 'when', 'of', 'for', 'to', 'in', 'on', 'with', 'by', 'from',
  'used', 'and', 'or', 'as', 'at', 'is', 'are', 'can', 'into', 'than', 'like', 'without', 'between',
  'you', 'we', 'it', 'they', 'whereas', 'while', 'but', 'so', 'because', 'if', 'such', 'using', 'called',
  // Prepositions end a noun phrase too ("unique among active tokens" is no plural noun phrase).
  'among', 'about', 'after', 'before', 'across', 'against', 'along', 'around', 'behind', 'beyond', 'during',
  'except', 'inside', 'outside', 'over', 'per', 'since', 'through', 'toward', 'towards', 'under', 'upon', 'via', 'within',
]);

/** True when the predicate opens with a plural noun phrase ("reusable callbacks that …"). */
function isPluralNounPhrase(predicate: string): boolean {
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

// ---------------------------------------------------------------------------------------------
// Candidates

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

const DEFINING_KINDS: ReadonlySet<Sentence['kind']> = new Set(['paragraph', 'quote']);
/** Sentences that give an example rather than say what something is. */
// "In the following example, *age* is the public attribute …": a statement scoped to an example.
export const EXAMPLE_START =
  /^[\s*_「『]*(?:for\s+(?:example|instance)\b|e\.g\.|in\s+(?:this|that|these|the\s+(?:following|above|previous|next))\s+examples?\b|例えば|たとえば|例:|例：|(?:以下|次|上|この|前|下)の例では)/iu;
const EXAMPLE_PENALTY = 0.35;
/**
 * Genera that name what a text talks about, not what a thing is; and roles a thing plays in
 * something else ("the rider is the cause of the problem", "Collection is the goal in dressage",
 * 「…の目的です」): a statement about it, not its kind.
 */
const DISCOURSE_GENERA: ReadonlySet<string> = new Set([
  'topic', 'subject', 'matter', 'issue', '話題', 'トピック', 'テーマ', '問題',
  'cause', 'goal', 'beginning', 'heart', 'core', 'essence', 'answer', 'pivot', 'aim', 'focus', 'backbone', 'cornerstone',
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

function lengthPenalty(s: Sentence): number {
  if (s.language === 'ja') {
    const n = s.text.length;
    return n < 10 || n > 160 ? 0.2 : 0;
  }
  const words = s.text.split(/\s+/).length;
  return words < 4 || words > 60 ? 0.2 : 0;
}

function namesTerm(heading: string | null, key: string): boolean {
  if (!heading) return false;
  const h = normalizeKey(heading);
  return h === key || h.startsWith(key) || h.endsWith(key) || h.replace(/とは$/, '') === key;
}

// Text after the term in a "the term X …" sentence that says too little to be a definition.
const CATAPHORIC_TAIL = /^[\s"'”’*_」』]*(?:(?:is|will\s+be)\s+used\b[^.]*|appears\b[^.]*)?[.:;!?。]?\s*$/i;

/** True when a "the term X" sentence only introduces X and the definition follows in the next sentence. */
export function isCataphoric(text: string, termEnd: number): boolean {
  return CATAPHORIC_TAIL.test(text.slice(termEnd)) || text.slice(termEnd).trim().split(/\s+/).length <= 4;
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
      const genus = colon
        ? colon.genus
        : hit.pattern === 'is-a' || hit.pattern === 'defined-as' || hit.pattern === 'refers-to' || hit.pattern === 'which-is' || hit.pattern === 'appositive' || hit.pattern === 'think-of'
          ? englishGenus(hit.predicate)
          : hit.pattern === 'to-wa' || hit.pattern === 'no-koto' || hit.pattern === 'noun-predicate' || hit.pattern === 'to-iu-yougo'
            ? japaneseGenus(hit.predicate)
            : null;
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
 * "Objects whose value can change are said to be mutable; objects whose value is unchangeable once
 * they are created are called immutable.": when the clauses of an English sentence each define a
 * term, each term's definition is its own clause (as a sentence), so both terms keep one and
 * neither takes the other's — so too when another clause defines another term ("A roaster controls
 * heat over time; the record of bean temperature against time is called the roast profile." gives
 * roaster its first clause). When only a later clause defines the term, the definition starts at
 * that clause — unless it refers back ("…; this is called degassing").
 */
function ownClause(s: Sentence, match: TermMatch): string | null {
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
function asSentence(clause: string): string {
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
function mainClause(s: Sentence, match: TermMatch, pattern: DefinitionPattern): string | null {
  if (s.language !== 'en' || !MAIN_CLAUSE_PATTERNS.has(pattern)) return null;
  const norm = s.text.normalize('NFKC');
  const next = NEW_CLAUSE.exec(norm.slice(match.end));
  if (!next || !CLAUSE_VERB.test(norm.slice(match.end + next.index + next[0].length))) return null;
  return asSentence(norm.slice(0, match.end + next.index).trim());
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
const LIST_ITEMS_MAX = 8;

/**
 * The list a sentence announces ("… is defined as one of the following:"): the list items right
 * after it, or short unpunctuated paragraphs (a converted list), all of them or none — a part of
 * a list would say less than it seems to. None when the whole would be longer than a definition
 * may be (CONTINUED_LIMIT) or when no list follows.
 */
function listAfter(index: SentenceIndex, indexed: IndexedSentence): Sentence[] {
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
function withItems(s: Sentence, items: readonly Sentence[]): string {
  const ja = s.language === 'ja';
  const bare = items.map((i) => i.text.trim().replace(/[.;,。、．]+$/u, ''));
  return ja ? `${s.text}${bare.join('、')}。` : `${s.text} ${bare.join('; ')}.`;
}

/** Patterns whose sentence says what the term is, so that a following sentence about it adds to it. */
const CONTINUED_PATTERNS: ReadonlySet<DefinitionPattern> = new Set([
  'is-a', 'defined-as', 'refers-to', 'which-is', 'appositive', 'think-of', 'does', 'called', 'to-wa', 'to-iu-yougo', 'no-koto', 'wo-sasu', 'to-yobu', 'noun-predicate',
]);
/** Longest definition made of several sentences (the review calls longer ones unclear: 80 words, 200 characters). */
const CONTINUED_LIMIT = { en: 70, ja: 180 } as const;
/** Sentences of the paragraph that may follow the defining one. */
const CONTINUED_SENTENCES = 2;

/**
 * True when `next` is the following sentence of the same paragraph and does not define another
 * term: a glossary's entry is the defining sentence with the rest of its paragraph ("A namespace is
 * a mapping from names to objects. Most namespaces are currently implemented as …"), as long as
 * the whole stays short (up to CONTINUED_SENTENCES more, called once per sentence with the text so
 * far). On pydocs-en-ja: mean similarity en 0.134 → 0.142 → 0.173 (one, then two more sentences),
 * ja 0.131 → 0.157, against joining only a sentence that opens with a pronoun or the term.
 */
function continuesAbout(s: Sentence, next: Sentence | null, pattern: RegExp, soFar = s.text): boolean {
  if (!next || s.kind !== 'paragraph' || next.kind !== 'paragraph') return false;
  // Paragraphs are separated by a blank line: the next one starts at least two lines further on.
  if (next.line > s.line + (s.lineBreaks?.length ?? 0) + 1) return false;
  const ja = s.language === 'ja';
  const size = ja ? soFar.length + next.text.length : `${soFar} ${next.text}`.split(/\s+/).length;
  if (size > (ja ? CONTINUED_LIMIT.ja : CONTINUED_LIMIT.en)) return false;
  // An example or a parenthetical aside ("(In a sense, code is also …") adds nothing to what it is,
  // nor does a sentence about the document ("The comment above about negative indexes also …").
  if (EXAMPLE_START.test(next.text) || /^[(（]/.test(next.text) || DOCUMENT_DEIXIS.test(next.text)) return false;
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

/** The match of the term that a definition pattern fires on, if the text defines the term. */
export function definingMatch(text: string, termText: string): { match: TermMatch; matches: TermMatch[]; pattern: DefinitionPattern } | null {
  const pattern = termPattern([termText]);
  if (!pattern) return null;
  const norm = text.normalize('NFKC');
  const matches = matchTerm(pattern, norm);
  const language = detectLanguage(norm);
  for (const match of matches) {
    const hit = patternAt(norm, match, language);
    if (hit) return { match, matches, pattern: hit.pattern };
  }
  return null;
}

/** "This is …", "It is …", 「これは…」: a section's first sentence speaking of what its heading names. */
const SECTION_THIS = /^(?:(?:this|it)\s+(?:is|was)\s+(?:an?|the|one)\s|これは|これが)/iu;

/**
 * "## CPython" then "This is the original and most-maintained implementation of Python, written in
 * C." (「これは最も保守されている初代の Python 実装で…」): under a heading that is the term's name, a
 * first sentence opening "This is a …" / 「これは…」 says what the term is, without naming it. The
 * quote puts the name in the pronoun's place.
 */
function sectionOpenersOf(index: SentenceIndex, key: string): IndexedSentence[] {
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
function namedByThis(indexed: IndexedSentence, match: TermMatch, key: string): { text: string; from: Sentence } | null {
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

