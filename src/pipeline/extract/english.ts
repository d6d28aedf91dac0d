// English term candidates: wink-nlp part-of-speech tags → noun-phrase candidates
// `(ADJ|NOUN|PROPN|participle)* (NOUN|PROPN)`, ranked by C-value (Frantzi, Ananiadou & Mima 2000)
// × domain specificity against a general-language word list (SUBTLEX-US). See docs/quality.md.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import winkNLP from 'wink-nlp';
import type { ItsFunction, ItsHelpers, WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { throwIfCancelled } from '../../errors';
import { contextSnippet, sentenceLineAt } from '../corpus';
import { normalizeKey } from '../normalize';
import type { Occurrence, Sentence, TermCategory } from '../types';
import { mostFrequentSurface, type TermCandidate } from './candidate';
import { EVERYDAY_WORD_COUNT, generalWordCounts } from './general-words';

export interface EnglishTagger {
  nlp: WinkMethods;
  its: ItsHelpers;
}

let tagger: EnglishTagger | null = null;

/** The wink-nlp tagger, built once per process (≈0.3 s); only the POS stage runs (sentences are ours). */
export function loadEnglishTagger(): EnglishTagger {
  if (!tagger) {
    // Sentence splitting, NER, negation and sentiment are not needed and cost 3× the tagging time.
    const nlp = winkNLP(model, ['pos']);
    tagger = { nlp, its: nlp.its };
  }
  return tagger;
}


// Word classes inside a candidate.
const OTHER = 0;
const NOUN = 1;
const PROPN = 2;
const ADJ = 3;
/** A VBN/VBG verb form used as a modifier ("named slot", "the rotating blade"). */
const PARTICIPLE = 4;

/** Longest candidate in words: longer noun phrases are descriptions, not terms. */
const MAX_WORDS = 6;
/** Sentences between cancellation checks (and event-loop yields, so an abort can arrive at all). */
export const CHECK_EVERY = 200;
/** Same width as the Japanese extractor, so `file:line — context` lists look alike. */
const CONTEXT_CHARS = 60;
const WHITESPACE_RUN = /\s+/gu;

/**
 * Modifiers that say which or how many, not what: a candidate never starts with them
 * ("other factors", "several riders"). General English, not tuned to any domain.
 */
const NON_DESCRIPTIVE = new Set([
  'other', 'such', 'many', 'several', 'same', 'various', 'own', 'certain', 'different', 'particular',
  'following', 'previous', 'respective', 'possible', 'more', 'most', 'few', 'further', 'additional',
  'whole', 'entire', 'next', 'last', 'much', 'less', 'least', 'important', 'necessary', 'relevant',
  'appropriate', 'usual', 'similar', 'example', 'above', 'below', 'overall', 'only', 'each', 'every',
  'any', 'all', 'some', 'no', 'latter', 'former', 'able', 'likely', 'numerous', 'given', 'existing',
  'above-mentioned', 'aforementioned', 'said', 'new', 'good', 'great', 'big', 'current',
]);

/** Words wink may tag as nouns that never form a term on their own or as a head. */
const NON_TERM_HEADS = new Set([
  'etc', 'e.g', 'i.e', 'eg', 'ie', 'vs', 'cf', 'lot', 'lots', 'thing', 'things', 'something', 'anything',
  'everything', 'nothing', 'someone', 'anyone', 'everyone', 'way', 'ways', 'kind', 'sort', 'part',
  'example', 'fact', 'use', 'time', 'times', 'one', 'ones', 'others',
  'addition', 'respect', 'regard', 'means', 'terms', 'end', 'basis',
  // Document furniture, not subject matter.
  'figure', 'fig', 'table', 'section', 'chapter', 'page', 'appendix', 'no', 'nr', 'www', 'http',
  'https', 'com', 'org', 'pp', 'vol', 'et', 'al', 'ibid', 'annex', 'paragraph',
]);

/** Words that introduce a person name (Dr. Smith) or suffixes that mark an organisation or a place. */
const PERSON_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sir', 'madam']);
const ORGANIZATION_HEADS = new Set([
  'inc', 'ltd', 'llc', 'corp', 'corporation', 'company', 'group', 'association', 'federation',
  'commission', 'committee', 'council', 'university', 'institute', 'ministry', 'agency', 'bank',
  'foundation', 'union', 'organisation', 'organization', 'court', 'office', 'department', 'society',
  'gmbh', 'ag', 'plc', 'sa', 'nv', 'bv',
]);
const PLACE_HEADS = new Set([
  'city', 'county', 'province', 'river', 'island', 'islands', 'republic', 'kingdom', 'sea', 'ocean',
  'mountains', 'lake', 'street', 'state', 'states', 'region', 'valley', 'bay', 'coast',
]);

const ARTICLES = new Set(['a', 'an', 'the']);
const isNounClass = (cls: number | undefined): boolean => cls === NOUN || cls === PROPN;

/** Tags after which a -ing/-ed form is a verb, not a modifier. */
const VERBAL_CONTEXT = new Set(['ADP', 'AUX', 'VERB', 'PART', 'SCONJ', 'PRON']);

/** A word as the candidate finder sees it: hyphenated parts already re-joined. */
interface Word {
  text: string;
  lower: string;
  /** Lower-case canonical form when the word heads a candidate (plural → singular). */
  head: string;
  cls: number;
  pos: string;
  start: number;
  end: number;
}

interface Accumulator {
  key: string;
  surfaces: Map<string, number>;
  occurrences: Occurrence[];
  /** Lower-case words and their head forms of the first occurrence: the nested candidates' keys. */
  lowers: string[];
  heads: string[];
  classes: number[];
  /** Occurrences whose every word was capitalised and tagged PROPN. */
  properVotes: number;
  /** Occurrences not at the start of a sentence, and how many of them were capitalised. */
  midSentence: number;
  midCapitalized: number;
  personVotes: number;
  /** Occurrences followed by a number ("Article 9", "Figure 3.2"): a label of a cross-reference. */
  numbered: number;
  /** Occurrences right after a number ("300 KB gzip", "32 SHA-1 rounds"): a unit and what it measures. */
  counted: number;
  /** Occurrences in a sentence repeated verbatim earlier (templates, running headers): not counted for ranking. */
  repeated: number;
  /** Occurrences found only as an emphasised span (inline code, bold) rather than by the tagger. */
  emphasized: boolean;
}

/** Tunable weights of the English ranking (defaults are what docs/quality.md reports). */
export interface EnglishRankingOptions {
  /** Extra background word counts (e.g. other document sets), added to the general list. */
  background?: ReadonlyMap<string, number>;
  /** Exponent of the specificity factor (0 = C-value alone). */
  specificityWeight?: number;
  /** How a phrase's specificity comes from its words': 'min' = its most general word decides. */
  specificityOf?: 'mean' | 'max' | 'min' | 'head';
  /** Exponent of the frequency part of C-value (1 = Frantzi et al.; below 1 favours rare phrases). */
  frequencyWeight?: number;
  /** Factor by phrase length in words (index 0 = one word; the last applies to longer phrases). */
  lengthPrior?: readonly number[];
  /** Factor for a name the text capitalises mid-sentence (nearly) every time. */
  properNameBonus?: number;
  /** Factor for a word mostly followed by a number (a reference label such as "Article 9"). */
  referenceLabelFactor?: number;
  /** Also take "X of Y" phrases ("angle of attack") as candidates (off: −0.01 F1 on ACTER, see docs/quality.md). */
  ofPhrases?: boolean;
  /** Count occurrences in verbatim-repeated sentences for ranking too (default false). */
  countRepeatedSentences?: boolean;
  /** Exponent of the share of occurrences not nested in a longer candidate (0 = plain C-value). */
  nestedWeight?: number;
  /** How far a cohesive phrase's specificity moves from its most general word's towards its most specific word's (0 = not at all). */
  cohesionWeight?: number;
}

/**
 * A phrase's specificity moved from `base` (its most general word's) towards its most specific
 * word's, in log terms, by cohesion × weight — cohesion being how often the text writes the words
 * together: the phrase's count over its rarest word's (at most 1). "context manager" names one thing.
 */
export function cohesiveSpecificity(base: number, specs: readonly number[], phraseCount: number, wordCounts: readonly number[], weight: number): number {
  const cohesion = Math.min(1, phraseCount / Math.max(1, Math.min(...wordCounts)));
  const floor = Math.max(base, 1e-6);
  return floor * Math.pow(Math.max(...specs) / floor, Math.min(1, weight * cohesion));
}

/** The ranking docs/quality.md reports, chosen on all three ACTER domains together. */
export const DEFAULT_ENGLISH_RANKING: Required<Omit<EnglishRankingOptions, 'background'>> = {
  specificityWeight: 3,
  specificityOf: 'min',
  frequencyWeight: 1,
  lengthPrior: [1, 1, 0.6, 0.3],
  properNameBonus: 3,
  referenceLabelFactor: 0.2,
  nestedWeight: 0.6,
  countRepeatedSentences: false,
  ofPhrases: false,
  cohesionWeight: 0.75,
};

/**
 * English term candidates from the given sentences, ranked by C-value × specificity (higher is
 * better). Async so a run can be cancelled: throws CancelledError when `signal` fires (checked every
 * CHECK_EVERY sentences); `onProgress` is told how many sentences are done.
 */
export async function extractEnglishCandidates(
  sentences: readonly Sentence[],
  signal: AbortSignal,
  onProgress?: (done: number, total: number) => void,
  options: EnglishRankingOptions = {},
): Promise<TermCandidate[]> {
  const ranking = { ...DEFAULT_ENGLISH_RANKING, ...options };
  throwIfCancelled(signal);
  const { nlp, its } = loadEnglishTagger();
  const terms = new Map<string, Accumulator>();
  const wordCounts = new Map<string, number>();
  let wordTotal = 0;
  const seenSentences = new Set<string>();
  const keyCache = new Map<string, string>();
  const keyOf = (canonical: string): string => {
    let k = keyCache.get(canonical);
    if (k === undefined) {
      k = normalizeKey(canonical);
      keyCache.set(canonical, k);
    }
    return k;
  };

  // Tag every sentence first: how the whole text tags a word decides a compound's head below.
  const tagged: Word[][] = new Array(sentences.length);
  const nounVotes = new Map<string, NounVotes>();
  for (let s = 0; s < sentences.length; s++) {
    if (s > 0 && s % CHECK_EVERY === 0) {
      onProgress?.(s, sentences.length);
      await yieldToEventLoop();
      throwIfCancelled(signal);
    }
    const words = tagWords(nlp, its, sentences[s]!.text);
    tagged[s] = words;
    countNounVotes(words, nounVotes);
  }
  for (let s = 0; s < sentences.length; s++) {
    if (s > 0 && s % CHECK_EVERY === 0) {
      await yieldToEventLoop();
      throwIfCancelled(signal);
    }
    const sentence = sentences[s]!;
    const text = sentence.text;
    const words = tagged[s]!;
    repairCompoundHeads(words, nounVotes);
    for (const w of words) {
      if (w.cls === OTHER && !/[a-z]/.test(w.lower)) continue;
      wordCounts.set(w.lower, (wordCounts.get(w.lower) ?? 0) + 1);
      wordTotal++;
    }
    const repeat = !ranking.countRepeatedSentences && seenSentences.has(text);
    seenSentences.add(text);
    const seen = new Set<string>();
    let context = '';
    let contextStart = Infinity;
    let contextEnd = -1;
    forEachCandidate(words, (i, j, of) => {
      const canonicalWords = [];
      // The phrase before "of" carries the plural: "conflicts of interest" → "conflict of interest".
      for (let k = i; k < j; k++) canonicalWords.push(k === of - 1 ? words[k]!.head : words[k]!.lower);
      canonicalWords.push(words[j]!.head);
      const key = keyOf(canonicalWords.join(' '));
      if (key === '') return;
      seen.add(key);
      let acc = terms.get(key);
      if (!acc) {
        acc = newAccumulator(key, words, i, j);
        terms.set(key, acc);
      }
      const surface = text.slice(words[i]!.start, words[j]!.end);
      acc.surfaces.set(surface, (acc.surfaces.get(surface) ?? 0) + 1);
      const start = words[i]!.start;
      const end = words[j]!.end;
      // Phrases nested in the one just recorded share its snippet: one context per head, not per phrase.
      if (start < contextStart || end > contextEnd) {
        context = snippet(text, start, end);
        contextStart = start;
        contextEnd = end;
      }
      acc.occurrences.push(occurrence(sentence, start, end, context));
      if (repeat) acc.repeated++;
      if (/^\d/.test(words[j + 1]?.text ?? '')) acc.numbered++;
      if (i > 0 && /^\d/.test(words[i - 1]!.text)) acc.counted++;
      if (isProperSpan(words, i, j)) acc.properVotes++;
      if (i > 0) {
        acc.midSentence++;
        if (/^\p{Lu}/u.test(words[i]!.text)) acc.midCapitalized++;
      }
      const before = i > 0 ? withoutFinalDot(words[i - 1]!.lower) : '';
      if (before && PERSON_TITLES.has(before)) acc.personVotes++;
    }, ranking.ofPhrases);
    for (const span of sentence.emphasized) addEmphasizedSpan(span, sentence, seen, terms, keyOf);
  }
  throwIfCancelled(signal);
  onProgress?.(sentences.length, sentences.length);

  mergePlurals(terms);
  const { cvalues, standalone } = cValues(terms, keyOf);
  const nestedWeight = ranking.nestedWeight;
  const { counts: generalCounts, total: generalTotal } = generalWordCounts();
  const weight = ranking.specificityWeight;
  const background = options.background;
  let backgroundTotal = 0;
  if (background) for (const n of background.values()) backgroundTotal += n;

  const specificityOf = (word: string): number => {
    const domain = (wordCounts.get(word) ?? 0) / Math.max(1, wordTotal);
    let generalShare = ((generalCounts.get(word) ?? 0) + 1) / generalTotal;
    // A contrastive corpus is far smaller than the general list: mixed as shares, not added as counts.
    if (background && backgroundTotal > 0) generalShare = (generalShare + ((background.get(word) ?? 0) + 1) / backgroundTotal) / 2;
    return Math.log2(1 + domain / generalShare);
  };
  const mode = ranking.specificityOf;
  const lengthPrior = ranking.lengthPrior;
  const properBonus = ranking.properNameBonus;
  const labelFactor = ranking.referenceLabelFactor;
  const frequencyWeight = ranking.frequencyWeight;
  const cohesionWeight = ranking.cohesionWeight;

  const candidates: TermCandidate[] = [];
  for (const acc of terms.values()) {
    const cvalue = cvalues.get(acc.key) ?? 0;
    if (cvalue <= 0 && !acc.emphasized) continue;
    // "of" says nothing about specificity or length: "abuse of power" is a two-word term.
    const contentWords = acc.lowers.filter((w) => w !== 'of');
    const words = contentWords.length > 0 ? contentWords : [acc.key];
    const specs = words.map(specificityOf);
    let spec =
      mode === 'max' ? Math.max(...specs) : mode === 'min' ? Math.min(...specs) : mode === 'head' ? specs[specs.length - 1]! : specs.reduce((a, b) => a + b, 0) / specs.length;
    // "context manager", "list comprehension": a phrase of general words that the text (nearly)
    // always writes together names one thing, so its most general word decides less. Cohesion is
    // the phrase's count over its rarest word's count; at 1 the phrase's specificity moves
    // cohesionWeight of the way (in log terms) from its most general word's to its most specific.
    if (cohesionWeight > 0 && words.length > 1) {
      spec = cohesiveSpecificity(spec, specs, acc.occurrences.length, words.map((w) => wordCounts.get(w) ?? 0), cohesionWeight);
    }
    candidates.push({
      key: acc.key,
      language: 'en',
      surfaces: acc.surfaces,
      score:
        Math.pow(Math.max(cvalue, 0.5), frequencyWeight) *
        Math.pow(Math.max(spec, 0.01), weight) *
        Math.pow(Math.max(standalone.get(acc.key) ?? 1, 0.05), nestedWeight) *
        (lengthPrior[Math.min(words.length, lengthPrior.length) - 1] ?? 1) *
        (acc.midSentence > 0 && acc.midCapitalized >= 0.8 * acc.midSentence ? properBonus : 1) *
        (acc.numbered * 2 >= acc.occurrences.length && !isSeriesAcronym(acc.surfaces) ? labelFactor : 1) *
        (words.length > 1 && acc.counted * 2 >= acc.occurrences.length && isUnitSpelling(mostFrequentSurface(acc.surfaces)) ? labelFactor : 1),
      category: categoryOf(acc, generalCounts),
      occurrences: acc.occurrences,
      aliases: [],
    });
  }
  return candidates.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A phrase after a number opens with its unit when that is written in lower case or capitals ("300
 * KB gzip", "32 SHA-1 rounds"); a capitalised word opens a name that a figure or version number
 * precedes ("Figure 1.3 Darrieus rotor", "Version 01.1 Joint Implementation Supervisory Committee").
 */
const isUnitSpelling = (surface: string): boolean => !/^\p{Lu}\p{Ll}/u.test(surface);

/**
 * An acronym followed by a number names a numbered series of documents or standards (PEP 8, RFC
 * 2616, ISO 9001): the series is a term a reader needs explained, unlike a layout word that labels a
 * figure, table or article ("Figure 3.2", "Article 9"), which the reference-label factor is for.
 */
const isSeriesAcronym = (surfaces: ReadonlyMap<string, number>): boolean => /^[A-Z]{2,5}$/.test(mostFrequentSurface(surfaces));

/** Number of wink tokens in the texts: the English part of the benchmark's "tokenization alone". */
export function tokenizeEnglish(texts: readonly string[]): number {
  const { nlp, its } = loadEnglishTagger();
  let n = 0;
  for (const text of texts) n += nlp.readDoc(text).tokens().out(its.pos).length;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Tagging

const WORDLIKE = /[\p{L}\p{N}]/u;
const TWO_LETTERS = /\p{L}[^]*\p{L}/u;
const CONTRACTION = /^\p{L}+(?:['’](?:m|re|ve|ll|d)|n['’]t)$/u;
const POSSESSIVE = /^\p{L}[\p{L}\p{N}-]*['’]s$/u;
const COMPARATIVE_SHAPE = /^[a-z]{3,}er$/;
const comparatives = new Map<string, boolean>();

/**
 * wink tags some comparatives as nouns ("it needs a coarser grind size"): a word in -er is a
 * comparative when it is the -er form of an adjective (coarse, fine, big, easy) and rarer in
 * general English than that adjective — "number" (numb), "matter" (matt) are nouns.
 */
function isComparative(nlp: WinkMethods, its: ItsHelpers, word: string): boolean {
  let known = comparatives.get(word);
  if (known === undefined) {
    const { counts } = generalWordCounts();
    const stems = [word.slice(0, -1), word.slice(0, -2), /([b-df-hj-np-tv-z])\1er$/.test(word) ? word.slice(0, -3) : '', word.endsWith('ier') ? `${word.slice(0, -3)}y` : ''];
    known = stems.some(
      (stem) =>
        stem.length >= 2 &&
        (counts.get(stem) ?? 0) > (counts.get(word) ?? 0) &&
        (nlp.readDoc(stem).tokens().out(its.pos) as string[])[0] === 'ADJ',
    );
    comparatives.set(word, known);
  }
  return known;
}

/** Characters that join the tokens around them into one word when no space separates them. */
const JOINERS = new Set(['-', '–', '—', '_', '.', '/', ':', '::', '__']);
/** An emoticon wink reads inside a word: "bench:pipeline" → "bench", ":p", "ipeline". */
const GLUED_EMOTICON = /^([:;=])(\p{L}+)$/u;
/** Characters that start a code word: ".md", "__init__", "_private". */
const JOINER_START = new Set(['.', '_', '__']);
const DASHES = new Set(['-', '–', '—', '/']);
const OBJECT_START_TAGS = new Set(['DET', 'NUM', 'PRON']);

/** Tags one sentence and re-joins hyphenated words (wink splits "state-of-the-art" into 7 tokens). */
function tagWords(nlp: WinkMethods, its: ItsHelpers, text: string): Word[] {
  const tokens = nlp.readDoc(text).tokens();
  const values = tokens.out() as string[];
  const tags = tokens.out(its.pos) as string[];
  // Token types only where wink may have read an emoticon inside a word (":p" of "bench:pipeline").
  const types = values.some((v) => GLUED_EMOTICON.test(v)) ? (tokens.out(its.type) as string[]) : null;
  // wink's typings declare lemma with an extra parameter its own ItsFunction type lacks.
  const lemmaIts = its.lemma as unknown as ItsFunction<string>;
  // Offsets by search: wink keeps every character, so each token follows the previous one.
  const starts: number[] = [];
  let cursor = 0;
  for (const v of values) {
    const at = text.indexOf(v, cursor);
    const start = at < 0 ? cursor : at;
    starts.push(start);
    cursor = start + v.length;
  }
  const words: Word[] = [];
  const touches = (a: number, b: number) => starts[b] === starts[a]! + values[a]!.length;
  // Give an emoticon's letters back to the word they belong to: "bench" ":" "pipeline".
  if (types) for (let t = 0; t + 1 < values.length; t++) {
    const emoticon = types[t] === 'emoticon' && touches(t, t + 1) ? GLUED_EMOTICON.exec(values[t]!) : null;
    if (!emoticon) continue;
    values[t] = emoticon[1]!;
    values[t + 1] = emoticon[2]! + values[t + 1]!;
    starts[t + 1] = starts[t]! + 1;
  }
  for (let t = 0; t < values.length; t++) {
    let last = t;
    // Characters with no space between them are one word: "state-of-the-art", "Schwartz–Hearst",
    // "4xx", "LLM_DEBUG_DIR", "os.path", "README.md", "__init__" (wink splits them all).
    let glued = false;
    if (JOINER_START.has(values[t]!) && !(t > 0 && touches(t - 1, t)) && t + 1 < values.length && touches(t, t + 1) && WORDLIKE.test(values[t + 1]!)) {
      glued = true;
      last = t + 1;
    }
    for (;;) {
      const next = last + 1;
      if (next >= values.length || !touches(last, next)) break;
      const joiner = values[next]!;
      if (JOINERS.has(joiner) && next + 1 < values.length && touches(next, next + 1) && WORDLIKE.test(values[next + 1]!) && WORDLIKE.test(values[last]!)) {
        // Dashes and slashes join words of a name ("Schwartz–Hearst", "TCP/IP"); the rest is code.
        if (!DASHES.has(joiner)) glued = true;
        last = next + 1;
      } else if (/\d$/.test(values[last]!) !== /^\d/.test(joiner) && WORDLIKE.test(joiner) && /[\p{L}\p{N}]$/u.test(values[last]!) && /^[\p{L}\p{N}]/u.test(joiner) && !/^['’]/.test(joiner)) {
        // A digit glued to letters ("4xx", "2xx") is a code or a version, not a word of a term.
        glued = true;
        last = next;
      } else if (joiner === '__' && glued) {
        last = next;
      } else break;
    }
    const start = starts[t]!;
    const end = starts[last]! + values[last]!.length;
    const surface = text.slice(start, end);
    const lower = surface.toLowerCase();
    const pos = tags[last]!;
    let cls: number;
    if (glued) {
      // Code, paths, file names and codes like 4xx are never parts of a noun phrase; a capitalised
      // dotted name is a product (Vue.js, ASP.NET).
      cls = /^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/.test(surface) ? PROPN : OTHER;
    } else if (last > t) {
      // A hyphenated word is a noun when its last part is one, else a modifier ("well-known", "10-meter").
      cls = pos === 'NOUN' ? NOUN : pos === 'PROPN' ? (/^[A-Z]/.test(surface) ? PROPN : NOUN) : WORDLIKE.test(surface) ? ADJ : OTHER;
    } else {
      cls = pos === 'NOUN' ? NOUN : pos === 'PROPN' ? PROPN : pos === 'ADJ' ? ADJ : OTHER;
      if (pos === 'VERB' && /(?:ed|en|ing)$/.test(lower)) cls = PARTICIPLE;
      else if (cls === NOUN && COMPARATIVE_SHAPE.test(lower) && isComparative(nlp, its, lower)) cls = ADJ;
    }
    // Numbers, symbols and one-letter words are never parts of a term, whatever the tagger says.
    if (cls !== OTHER && !TWO_LETTERS.test(surface)) cls = OTHER;
    // A title introduces a name but is not part of it ("Dr. Margaret Hollis" → "Margaret Hollis").
    if (PERSON_TITLES.has(withoutFinalDot(lower))) cls = OTHER;
    // wink keeps "I'm", "we've", "don't" as one token, often tagged a proper noun: a pronoun or a
    // verb with its contraction is never part of a term.
    if (CONTRACTION.test(lower)) cls = OTHER;
    // wink splits a possessive off its noun ("the server" "'s"), but not before a full stop: "… as
    // much as the server's." is the server's own, a possessive with its noun left out, no term.
    if (POSSESSIVE.test(lower)) cls = OTHER;
    const lastLower = values[last]!.toLowerCase();
    // Lemmas only for nouns that may be plural: lemmatising every token costs as much as tagging.
    const headLast = cls === NOUN && /s$|men$|ren$|ice$/.test(lastLower) ? singular(lastLower, tokens.itemAt(last).out(lemmaIts) as string) : lastLower;
    const head = last > t ? lower.slice(0, lower.length - lastLower.length) + headLast : headLast;
    words.push({ text: surface, lower, head, cls, pos: last > t ? (cls === NOUN ? 'NOUN' : 'ADJ') : pos, start, end });
    t = last;
  }
  // A participle modifies only inside a noun phrase, before a noun or adjective ("the rotating
  // blade"); after a preposition, auxiliary or verb it is a verb ("by using wind", "is named").
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // wink tags noun modifiers that are also verbs as verbs ("a render function", "the search box"):
    // after an article and before a noun, a base-form verb can only be a modifier.
    if (w.pos === 'VERB' && w.cls === OTHER && ARTICLES.has(words[i - 1]?.lower ?? '') && isNounClass(words[i + 1]?.cls)) {
      w.cls = NOUN;
      continue;
    }
    // "which returns True", "will return the member": see isVerbAfter.
    if (w.cls === NOUN && w.pos === 'NOUN' && isVerbAfter(words[i - 1], w)) {
      w.cls = OTHER;
      continue;
    }
    // "the function returns the value", "the server returns 4xx errors": a plural-looking noun after
    // a noun and before a determiner, number or pronoun is the sentence's verb.
    if (w.cls === NOUN && w.pos === 'NOUN' && /[^s]s$/.test(w.lower) && isNounClass(words[i - 1]?.cls)) {
      const next = words[i + 1];
      if (next && (OBJECT_START_TAGS.has(next.pos) || /^\d/.test(next.text))) {
        w.cls = OTHER;
        continue;
      }
    }
    if (w.cls !== PARTICIPLE) continue;
    const prev = words[i - 1];
    const next = words[i + 1];
    const prevOk = prev === undefined || !VERBAL_CONTEXT.has(prev.pos);
    const nextOk = next !== undefined && (next.cls === NOUN || next.cls === PROPN || next.cls === ADJ);
    if (prevOk && nextOk) continue;
    // A gerund closing a noun phrase is its head ("lazy loading", "Server-Side Rendering").
    if (w.lower.endsWith('ing') && prev !== undefined && (isNounClass(prev.cls) || prev.cls === ADJ) && !nextOk) {
      w.cls = NOUN;
      w.head = w.lower;
      continue;
    }
    w.cls = OTHER;
  }
  markMissedVerbs(words);
  return words;
}

/** How often the text tags a word as a noun, and as an adjective or verb. */
interface NounVotes {
  noun: number;
  other: number;
}

function countNounVotes(words: readonly Word[], votes: Map<string, NounVotes>): void {
  for (const w of words) {
    const noun = w.pos === 'NOUN';
    if (!noun && w.pos !== 'ADJ' && w.pos !== 'VERB') continue;
    let v = votes.get(w.head);
    if (!v) votes.set(w.head, (v = { noun: 0, other: 0 }));
    if (noun) v.noun++;
    else v.other++;
  }
}

/** Noun tags a word needs in the whole text, at least, to head a compound wink tagged otherwise. */
const HEAD_NOUN_VOTES = 3;
/** …and at least this share of its adjective and verb tags. */
const HEAD_NOUN_SHARE = 0.5;
/** Tags that end a noun phrase after its head. */
const PHRASE_END_TAGS = new Set(['AUX', 'VERB', 'ADP', 'CCONJ', 'SCONJ', 'PUNCT', 'PART']);
/** Determiners that open a noun phrase. */
const PHRASE_OPENERS = new Set(['a', 'an', 'the', 'each', 'every', 'this', 'that', 'these', 'those', 'any', 'no', 'its', 'their', 'our', 'your', 'his', 'her']);

/**
 * wink tags the noun that closes a compound as an adjective or a verb when the word can be one:
 * "A class variable is …", "Open the text file and …", "an asynchronous iterable can …". A word
 * that closes a noun phrase opened by a determiner, right after a noun or an adjective, heads it
 * when the text tags it a noun often enough elsewhere ("variable" in "the variable x",
 * "variables"). The phrase is then a candidate (class variable, global variable, text file) and
 * its plural merges with it (string literals → string literal).
 */
function repairCompoundHeads(words: Word[], votes: ReadonlyMap<string, NounVotes>): void {
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (!(w.cls === ADJ || (w.cls === OTHER && w.pos === 'VERB')) || !/^[a-z]{3,}$/.test(w.lower)) continue;
    const next = words[i + 1];
    if (next && !PHRASE_END_TAGS.has(next.pos)) continue;
    let k = i - 1;
    if (!isNounClass(words[k]!.cls) && words[k]!.cls !== ADJ) continue;
    while (k >= 0 && (isNounClass(words[k]!.cls) || words[k]!.cls === ADJ)) k--;
    if (k < 0 || !PHRASE_OPENERS.has(words[k]!.lower)) continue;
    const v = votes.get(w.lower);
    if (v && v.noun >= HEAD_NOUN_VOTES && v.noun >= v.other * HEAD_NOUN_SHARE) w.cls = NOUN;
  }
}

/** Pronouns that open a clause as its subject (not possessives such as "its", "their"; not "these", "those"). */
const SUBJECT_PRONOUNS = new Set(['it', 'this', 'that', 'which', 'who', 'he', 'she', 'what', 'whatever', 'whichever']);
const MODALS = new Set(['will', 'would', 'can', 'could', 'may', 'might', 'must', 'shall', 'should']);

/**
 * A word the tagger calls a noun is the verb after a subject pronoun when it has the -s of a third
 * person ("which returns True", "it defaults to 0", "a descriptor that returns a constant": a
 * determiner "this"/"that" never takes a plural), or after a modal ("will return the member").
 */
function isVerbAfter(prev: Word | undefined, w: Word): boolean {
  if (!prev) return false;
  if (MODALS.has(prev.lower)) return true;
  return SUBJECT_PRONOUNS.has(prev.lower) && /[^s]s$/.test(w.lower) && w.head !== w.lower;
}

/** Tokens that end a clause for markMissedVerbs. */
const CLAUSE_ENDS = new Set([',', ';', ':', '.', '!', '?', '(', ')', '—', '–']);

/**
 * wink sometimes tags a whole clause as nouns when its verb also reads as a noun: "Most roasters
 * rest beans for three days", "A roaster controls heat over time", "Freshly roasted beans release
 * carbon dioxide". A clause with no verb or auxiliary at all has lost its verb inside its first
 * noun run; it is the "-s" word after a singular noun ("roaster | controls | heat") or the word
 * after a plural one ("roasters | rest | beans"). Only when more of the clause follows the run: a
 * heading or list label ("Unicode filenames", "Request headers") is a noun phrase by itself.
 */
function markMissedVerbs(words: Word[]): void {
  let start = 0;
  for (let k = 0; k <= words.length; k++) {
    if (k < words.length && !CLAUSE_ENDS.has(words[k]!.text)) continue;
    const clause = words.slice(start, k);
    start = k + 1;
    if (clause.some((w) => w.pos === 'VERB' || w.pos === 'AUX')) continue;
    const first = clause.findIndex((w) => isNounClass(w.cls));
    if (first < 0) continue;
    let end = first;
    while (end + 1 < clause.length && clause[end + 1]!.cls !== OTHER) end++;
    if (end + 1 >= clause.length) continue;
    for (let i = first + 1; i <= end; i++) {
      const w = clause[i]!;
      const prev = clause[i - 1]!;
      if (prev.cls !== NOUN || w.cls !== NOUN) continue;
      const prevPlural = prev.head !== prev.lower;
      if (prevPlural || (/[^s]s$/.test(w.lower) && w.head !== w.lower)) {
        w.cls = OTHER;
        break;
      }
    }
  }
}

/** "dr." → "dr": the same as replace(/\.$/, ''), without a regex run for every word. */
const withoutFinalDot = (lower: string): string => (lower.endsWith('.') ? lower.slice(0, -1) : lower);

/** The American spelling of a British word ending (colour, offence, centre, organisation, catalogue, programme). */
function americanSpelling(word: string): string {
  return word
    .replace(/our$/, 'or')
    .replace(/ence$/, 'ense')
    .replace(/([^aeiou])re$/, '$1er')
    .replace(/is(ation|e|er)$/, 'iz$1')
    .replace(/yse$/, 'yze')
    .replace(/ogue$/, 'og')
    .replace(/amme$/, 'am');
}

/** Singular of a plural noun from wink's lemma, only where the lemma is a plain singular of it. */
export function singular(lower: string, lemma: string): string {
  if (lemma === lower || lemma === '') return lower;
  if (/yses$/.test(lower)) return lower.slice(0, -3) + 'sis';
  if (lower.endsWith('s')) {
    // wink sometimes lemmatises to another word form ("analyses" → "analyzes"); keep only true singulars.
    if (lemma.endsWith('s') && !lemma.endsWith('ss') && !lemma.endsWith('us') && !lemma.endsWith('is')) return lower;
    // wink's lemmas are American ("offences" → "offense", "colours" → "color"): a British text keeps
    // its own spelling, so the plural meets its singular ("offence") under one key.
    const bare = lower.slice(0, -1);
    if (bare !== lemma && americanSpelling(bare) === lemma) return bare;
    if (lower.startsWith(lemma.slice(0, Math.max(1, lemma.length - 2)))) return lemma;
    return lower;
  }
  if (/(?:men|ren|ice)$/.test(lower) && lemma.length <= lower.length) return lemma;
  return lower;
}

/** Calls visit(i, j) for every candidate words[i..j] (inclusive): maximal phrases and the phrases nested in them. */
function forEachCandidate(
  words: readonly Word[],
  visit: (i: number, j: number, of: number) => void,
  ofPhrases: boolean,
): void {
  let runStart = -1;
  let previousRun: [number, number] | null = null;
  for (let k = 0; k <= words.length; k++) {
    const cls = k < words.length ? words[k]!.cls : OTHER;
    if (cls !== OTHER) {
      if (runStart < 0) runStart = k;
      continue;
    }
    if (runStart >= 0) {
      for (let j = runStart; j < k; j++) {
        if (!isHead(words, j)) continue;
        for (let i = Math.max(runStart, j - MAX_WORDS + 1); i <= j; i++) {
          if (NON_DESCRIPTIVE.has(words[i]!.lower)) continue;
          visit(i, j, -1);
        }
      }
      if (ofPhrases && previousRun && previousRun[1] === runStart - 1 && words[runStart - 1]!.lower === 'of') {
        visitOfPhrases(words, previousRun, [runStart, k], visit);
      }
      previousRun = [runStart, k];
    } else previousRun = null;
    runStart = -1;
  }
}

/**
 * Nouns that mostly relate one thing to another ("a type of", "the number of", "for instance", "in
 * order to") but name a concept when they stand alone or closing a phrase ("type", "complex number",
 * "class instance", "method resolution order"): a head only outside those frames.
 */
const RELATIONAL_HEADS = new Set(['type', 'types', 'instance', 'instances', 'number', 'numbers', 'order', 'case', 'cases', 'equivalent', 'equivalents']);
const RELATIONAL_BEFORE = new Set(['for', 'in', 'at', 'this', 'that', 'these', 'those', 'each', 'every', 'any', 'which', 'what', 'same', 'another', 'such', 'either', 'neither', 'one', 'first', 'second', 'latter', 'former', 'all', 'both', 'some']);

/** Whether words[j] can close a candidate phrase. */
function isHead(words: readonly Word[], j: number): boolean {
  const w = words[j]!;
  if (!(w.cls === NOUN || w.cls === PROPN) || NON_TERM_HEADS.has(w.lower) || NON_TERM_HEADS.has(w.head)) return false;
  if (!RELATIONAL_HEADS.has(w.lower)) return true;
  const next = words[j + 1]?.lower;
  return next !== 'of' && next !== 'to' && !RELATIONAL_BEFORE.has(words[j - 1]?.lower ?? '');
}

/**
 * "abuse of power", "angle of attack": a noun phrase of at most 3 words, "of", and the start of the
 * next noun phrase with no determiner between (so "part of the system" never qualifies).
 */
function visitOfPhrases(
  words: readonly Word[],
  [xStart, xEnd]: [number, number],
  [yStart, yEnd]: [number, number],
  visit: (i: number, j: number, of: number) => void,
): void {
  const xHead = xEnd - 1;
  if (!isHead(words, xHead)) return;
  for (let i = Math.max(xStart, xHead - 2); i <= xHead; i++) {
    if (NON_DESCRIPTIVE.has(words[i]!.lower)) continue;
    for (let j = yStart; j < Math.min(yEnd, yStart + 3); j++) {
      if (!isHead(words, j) || j - i + 1 > MAX_WORDS) continue;
      visit(i, j, xEnd);
    }
  }
}

function isProperSpan(words: readonly Word[], i: number, j: number): boolean {
  for (let k = i; k <= j; k++) {
    const w = words[k]!;
    if (w.cls !== PROPN || !/^\p{Lu}/u.test(w.text)) return false;
  }
  return true;
}

function newAccumulator(key: string, words: readonly Word[], i: number, j: number): Accumulator {
  const lowers: string[] = [];
  const heads: string[] = [];
  const classes: number[] = [];
  for (let k = i; k <= j; k++) {
    lowers.push(words[k]!.lower);
    heads.push(words[k]!.head);
    classes.push(words[k]!.cls);
  }
  return { key, surfaces: new Map(), occurrences: [], lowers, heads, classes, properVotes: 0, personVotes: 0, midSentence: 0, midCapitalized: 0, repeated: 0, numbered: 0, counted: 0, emphasized: false };
}

function occurrence(sentence: Sentence, start: number, end: number, context = snippet(sentence.text, start, end)): Occurrence {
  return { fileName: sentence.fileName, line: sentenceLineAt(sentence, start), context };
}

const LOOSE_WHITESPACE = /\s\s|[\n\r\t]/;

function snippet(text: string, start: number, end: number): string {
  const context = contextSnippet(text, start, end, CONTEXT_CHARS);
  // Corpus sentences are already single-spaced; hand-built ones may not be.
  return LOOSE_WHITESPACE.test(context) ? context.replace(WHITESPACE_RUN, ' ').trim() : context;
}

const PARENTHETICAL = /\s*[（(][^()（）]*[)）]\s*/gu;
const SPAN_TRIM = /^[\s"'“”‘’([{<]+|[\s"'“”‘’)\]}>:;,.!?]+$/gu;

/** Inline code and bold spans name terms the tagger may not see as noun phrases (`v-model`, **watcher**). */
function addEmphasizedSpan(
  raw: string,
  sentence: Sentence,
  seen: Set<string>,
  terms: Map<string, Accumulator>,
  keyOf: (canonical: string) => string,
): void {
  // "**Single-File Component (SFC)**": the parenthesis is an alias, handled by the merge step.
  const span = raw.replace(PARENTHETICAL, ' ').trim().replace(SPAN_TRIM, '');
  if (span.length < 2 || span.length > 60 || !/\p{L}/u.test(span)) return;
  const words = span.split(/\s+/);
  // Longer spans are phrases or whole sentences in bold, not names.
  if (words.length > 4) return;
  const key = keyOf(span.toLowerCase());
  if (key === '' || seen.has(key)) return;
  const start = sentence.text.indexOf(span);
  if (start < 0) return;
  seen.add(key);
  let acc = terms.get(key);
  if (!acc) {
    acc = {
      key,
      surfaces: new Map(),
      occurrences: [],
      lowers: words.map((w) => w.toLowerCase()),
      heads: words.map((w) => w.toLowerCase()),
      classes: words.map(() => NOUN),
      properVotes: 0,
      personVotes: 0,
      midSentence: 0,
      midCapitalized: 0,
      repeated: 0,
      numbered: 0,
      counted: 0,
      emphasized: true,
    };
    terms.set(key, acc);
  }
  acc.surfaces.set(span, (acc.surfaces.get(span) ?? 0) + 1);
  acc.occurrences.push(occurrence(sentence, start, start + span.length));
}

/**
 * Merges a plural key into its singular when both occur ("windturbines" → "windturbine"): the tagger
 * lemmatises common nouns, but capitalised words (headings, Title Case) come out as PROPN and keep their -s.
 */
function mergePlurals(terms: Map<string, Accumulator>): void {
  for (const acc of [...terms.values()]) {
    const key = acc.key;
    if (!key.endsWith('s') || key.endsWith('ss') || key.length < 4) continue;
    const options = [key.slice(0, -1)];
    if (key.endsWith('ies')) options.unshift(key.slice(0, -3) + 'y');
    if (key.endsWith('es')) options.push(key.slice(0, -2));
    const target = options.map((k) => terms.get(k)).find((t) => t !== undefined);
    if (!target || target === acc) continue;
    // An acronym is the singular of its plural ("SFCs") but not of a word ("SERI" is not "series").
    const isAcronym = (s: string) => s === s.toUpperCase();
    if ([...target.surfaces.keys()].every(isAcronym) && [...acc.surfaces.keys()].some((s) => !isAcronym(s.replace(/s$/, '')))) continue;
    for (const [surface, n] of acc.surfaces) target.surfaces.set(surface, (target.surfaces.get(surface) ?? 0) + n);
    for (const o of acc.occurrences) target.occurrences.push(o);
    target.properVotes += acc.properVotes;
    target.midSentence += acc.midSentence;
    target.midCapitalized += acc.midCapitalized;
    target.repeated += acc.repeated;
    target.numbered += acc.numbered;
    target.counted += acc.counted;
    target.personVotes += acc.personVotes;
    terms.delete(key);
  }
}

/**
 * C-value: log2(|a| + 1) × (f(a) − t(a) / c(a)), where t(a) counts a's occurrences inside longer
 * candidates and c(a) how many distinct longer candidates contain it (Frantzi et al. 2000, with
 * |a| + 1 so one-word terms are not zeroed). Longer candidates are processed first so a phrase
 * nested two levels deep is not counted twice.
 */
function cValues(
  terms: ReadonlyMap<string, Accumulator>,
  keyOf: (canonical: string) => string,
): { cvalues: Map<string, number>; standalone: Map<string, number> } {
  const nestedFreq = new Map<string, number>();
  const containers = new Map<string, number>();
  const byLength = [...terms.values()].sort((a, b) => b.lowers.length - a.lowers.length);
  const out = new Map<string, number>();
  const standalone = new Map<string, number>();
  for (const acc of byLength) {
    const n = acc.lowers.length;
    const f = acc.occurrences.length - acc.repeated;
    const t = nestedFreq.get(acc.key) ?? 0;
    const c = containers.get(acc.key) ?? 0;
    const lengthWeight = Math.log2(n + 1);
    out.set(acc.key, c === 0 ? lengthWeight * f : lengthWeight * (f - t / c));
    standalone.set(acc.key, f > 0 ? Math.max(0, f - t) / f : 1);
    if (n < 2) continue;
    // Every shorter candidate nested in this one, counted once per container.
    const own = f - t;
    const nested = new Set<string>();
    for (let j = 0; j < n; j++) {
      if (acc.classes[j] !== NOUN && acc.classes[j] !== PROPN) continue;
      for (let i = 0; i <= j; i++) {
        if (i === 0 && j === n - 1) continue;
        const parts = acc.lowers.slice(i, j);
        parts.push(acc.heads[j]!);
        const key = keyOf(parts.join(' '));
        if (!terms.has(key) || nested.has(key)) continue;
        nested.add(key);
        nestedFreq.set(key, (nestedFreq.get(key) ?? 0) + own);
        containers.set(key, (containers.get(key) ?? 0) + 1);
      }
    }
  }
  return { cvalues: out, standalone };
}

function categoryOf(acc: Accumulator, generalCounts: ReadonlyMap<string, number>): TermCategory {
  const total = acc.occurrences.length;
  const last = acc.lowers[acc.lowers.length - 1] ?? '';
  if (acc.properVotes * 2 > total) {
    if (acc.personVotes > 0) return 'person_name';
    if (acc.lowers.length > 1 && ORGANIZATION_HEADS.has(last)) return 'organization';
    if (acc.lowers.length > 1 && PLACE_HEADS.has(last)) return 'place_name';
    return 'technical_term';
  }
  // A one-word term that is among the ~3,000 commonest words of spoken English is a general noun.
  if (acc.lowers.length === 1 && (generalCounts.get(acc.lowers[0]!) ?? 0) >= EVERYDAY_WORD_COUNT) return 'common_noun';
  return 'technical_term';
}
