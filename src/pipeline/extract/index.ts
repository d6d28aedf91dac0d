// The extract step: English and Japanese candidates merged into one ranked term list, with
// variants and parenthetical aliases folded together and the user's excluded/required lists applied.
import { throwIfCancelled } from '../../errors';
import { detectLanguage, occurrenceIn } from '../corpus';
import { normalizeKey } from '../normalize';
import type { Corpus, ExtractedTerm, ExtractOptions, Occurrence, Sentence, StepContext } from '../types';
import { mostFrequentSurface, type TermCandidate } from './candidate';
import { extractEnglishCandidates, tokenizeEnglish, type EnglishRankingOptions } from './english';
import { CODE_ABBREVIATION_MAX_COUNT, generalWordCounts } from './general-words';
import type { JapaneseRankingOptions } from './japanese';
import { conceptSignals, isClassSpelling, isCodeSpelling, type ConceptSignals } from './signals';

/** Terms returned when the caller sets no maxTerms: a glossary, not a concordance. */
export const DEFAULT_MAX_TERMS = 200;
/** Score factor for a term the author set in bold, in quotes 「」『』 or as inline code somewhere. */
export const EMPHASIS_BONUS = 1.25;
/** Other surface forms listed as aliases, at most (case-only variants never count). */
const MAX_SURFACE_ALIASES = 4;

/** Knobs the evaluation varies to measure what each ranking choice contributes. */
export interface ExtractTuning {
  english?: EnglishRankingOptions;
  japanese?: JapaneseRankingOptions;
  /** Multiplier for emphasised terms (1 = no bonus). */
  emphasisBonus?: number;
  /** Fold parenthetical aliases into their full form (default true). */
  harvestAliases?: boolean;
  /** Multiplier for a code identifier the text does not treat as a concept (1 = no penalty). */
  codeFactor?: number;
  /** Multiplier for a term a sentence defines ("X is a …", 「XとはYである」) (1 = no bonus). */
  definedBonus?: number;
  /** Documents a term must occur in for the defined and emphasis bonuses, in a set of several (1 = any). */
  bonusMinDocuments?: number;
}

/**
 * Score factor for a code identifier (inline code, snake_case, camelCase, dotted or file names, enum
 * spellings) that no sentence defines and the author never set in bold or quotes: in technical
 * documentation these are the most specific words of all, and almost never glossary terms.
 */
export const CODE_FACTOR = 0.1;
/** Score factor for a term the text defines: what a technical writer would put in a glossary first. */
export const DEFINED_BONUS = 1.25;
/**
 * A term a sentence defines earns the defined bonus only when the text uses it again: one defined in
 * passing and never mentioned after ("The Qt framework is a popular …") is peripheral to the
 * documents, however rare its words. (Bold is the author's own mark and counts once.)
 */
const usedAgain = (c: MergedCandidate): boolean => c.occurrences.length >= 2;
/**
 * Documents a defined or emphasised term must occur in to earn its bonus, when the set has at least
 * SHARED_SET_SIZE documents. A glossary of a document set is about the vocabulary the set shares: a
 * term one HOWTO defines and uses a handful of times ("glyph", "Validator", "higher-order function")
 * is that document's own word. It stays a candidate ranked by its frequency and specificity like any
 * other; only the jump above every unmarked term needs a second document. A project of one or two
 * documents has nothing to share, so there every defined term keeps its bonus.
 */
export const BONUS_MIN_DOCUMENTS = 2;
const SHARED_SET_SIZE = 3;
/**
 * Uses that make a term of one document central to it, so it keeps its bonuses: the import
 * reference's "path based finder" (35 uses) is that document's subject, not a word in passing.
 */
export const CENTRAL_USES = 10;
/** Rank quantile given to a term the author marked or defined but no extractor proposed. */
const MARKED_BASE_SCORE = 0.5;

/** A candidate while the languages are being merged: the same shape, one per key. */
type MergedCandidate = TermCandidate;

/**
 * The extract step of the offline engine: English (wink-nlp, C-value × specificity) and Japanese
 * (kuromoji, FLR) candidates, each language's scores turned into rank quantiles so a mixed corpus
 * yields one sensible ranking, variants and aliases merged, options applied. Ranked by score desc.
 */
export async function extractTerms(
  corpus: Corpus,
  options: ExtractOptions,
  ctx: StepContext,
  tuning: ExtractTuning = {},
): Promise<ExtractedTerm[]> {
  const started = performance.now();
  const { signal, reporter } = ctx;
  throwIfCancelled(signal);
  const sentences = corpus.documents.flatMap((d) => withoutBylines(d.sentences));
  const english = sentences.filter((s) => s.language === 'en');
  const japanese = sentences.filter((s) => s.language === 'ja');
  const total = sentences.length;
  reporter.progress({ step: 'EXTRACT', current: 0, total, item: 'tagging' });

  const englishCandidates =
    english.length > 0
      ? await extractEnglishCandidates(
          english,
          signal,
          (done) => reporter.progress({ step: 'EXTRACT', current: done, total, item: 'English sentences' }),
          tuning.english,
        )
      : [];
  let japaneseCandidates: TermCandidate[] = [];
  /** Latin-script terms of the Japanese text, scored the English way: a list of their own. */
  let latinInJapanese: TermCandidate[] = [];
  if (japanese.length > 0) {
    // Loaded only when needed: the IPADIC dictionary costs ≈1 s and ≈400 MB.
    const { extractJapaneseCandidates, isLatinCandidate } = await import('./japanese');
    const candidates = await extractJapaneseCandidates(japanese, signal, (done) =>
      reporter.progress({ step: 'EXTRACT', current: english.length + done, total, item: 'Japanese sentences' }),
      tuning.japanese,
    );
    if (tuning.japanese?.latinAsEnglish === false) japaneseCandidates = candidates;
    else for (const c of candidates) (isLatinCandidate(c) ? latinInJapanese : japaneseCandidates).push(c);
    reporter.progress({ step: 'EXTRACT', current: english.length + japanese.length, total, item: 'Japanese sentences' });
  }
  throwIfCancelled(signal);
  const tagged = performance.now();

  const signals = conceptSignals(sentences);
  // Code the Japanese text writes in Latin letters (TypeError, import, None) and does not treat as
  // a concept goes to the bottom of the Latin list before its quantiles are taken: rankConcepts
  // demotes it after the merge anyway, and at the top of the list it would hold the quantiles of
  // the English words the writer kept as terms (iterable, path entry).
  if (tuning.japanese?.latinCodeLast ?? true) {
    for (const c of latinInJapanese) {
      if (signals.defined.has(c.key) || signals.marked.has(c.key) || !isCodeIdentifier(c, signals)) continue;
      c.score = 0;
      c.glossScore = undefined;
    }
  }
  const merged = mergeLanguages([englishCandidates, japaneseCandidates, latinInJapanese]);
  addMarkedTerms(merged, signals, sentences);
  addDefiningOccurrences(merged, signals, corpus.documents);
  if (tuning.harvestAliases ?? true) foldAliases(sentences, merged, keptApart(options));
  const bonus = tuning.emphasisBonus ?? EMPHASIS_BONUS;
  const shared = sharedAcrossSet(corpus.documents.length, tuning.bonusMinDocuments ?? BONUS_MIN_DOCUMENTS);
  if (bonus !== 1) {
    for (const key of signals.marked) {
      const c = merged.get(key);
      if (c && shared(c) && !isCodeIdentifier(c, signals)) c.score *= bonus;
    }
  }
  rankConcepts(merged, signals, tuning, shared);
  const terms = applyOptions([...merged.values()].map((c) => toExtractedTerm(c, signals)), options, sentences);
  throwIfCancelled(signal);
  reporter.progress({ step: 'EXTRACT', current: total, total, item: 'ranking' });
  reporter.log({
    level: 'INFO',
    step: 'EXTRACT',
    message: `Extracted ${terms.length} terms from ${english.length} English and ${japanese.length} Japanese sentences`,
    fields: {
      terms: terms.length,
      englishCandidates: englishCandidates.length,
      japaneseCandidates: japaneseCandidates.length,
      englishSentences: english.length,
      japaneseSentences: japanese.length,
      taggingMs: Math.round(tagged - started),
      totalMs: Math.round(performance.now() - started),
    },
  });
  return terms;
}

/** A heading that labels who wrote a document: the line after it names people (a byline), not concepts. */
const BYLINE_LABEL = /^(?:著者|作者|筆者|執筆者|訳者|翻訳者|問い合わせ先|連絡先|authors?|written by|maintainers?|contact)\s*[:：]?$/iu;

/** A field value, not prose: a short line that does not end like a sentence ("Andrew Dalke and Raymond Hettinger"). */
const isFieldValue = (s: Sentence): boolean => s.text.length <= 80 && !/[。.!?！？]\s*$/u.test(s.text);

/**
 * A document's sentences without the value of a byline field (「## 著者」 then 「## Raymond Hettinger」,
 * "## Author" then a name): a glossary is about what the text explains, and an author's name is no
 * term of it. The field's label must be a heading of its own and the value a short line, so a
 * sentence that mentions an author, or a "Contact" section's prose, keeps its words.
 */
function withoutBylines(sentences: readonly Sentence[]): readonly Sentence[] {
  const isLabel = (s: Sentence | undefined): boolean => s?.kind === 'heading' && BYLINE_LABEL.test(s.text.trim());
  if (!sentences.some(isLabel)) return sentences;
  return sentences.filter((s, i) => !(isLabel(sentences[i - 1]) && isFieldValue(s)));
}

/** Token count of the corpus through wink-nlp and kuromoji only: the benchmark's "tokenization alone". */
export async function tokenizeForBenchmark(corpus: Corpus): Promise<number> {
  const sentences = corpus.documents.flatMap((d) => d.sentences);
  const ja = sentences.filter((s) => s.language === 'ja').map((s) => s.text);
  let tokens = tokenizeEnglish(sentences.filter((s) => s.language === 'en').map((s) => s.text));
  if (ja.length > 0) {
    const { tokenizeJapanese } = await import('./japanese');
    tokens += await tokenizeJapanese(ja);
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Merging languages

/**
 * Each language's raw scores (C-value × specificity, FLR) live on different scales, so each list
 * becomes rank quantiles 1 − (rank + 1)/(n + 1): the lists interleave in proportion to how many
 * candidates each language has, and a language with only a handful of candidates (a few stray
 * Japanese lines in an English manual) cannot put its best one at the very top. A key found in
 * both languages keeps its best score.
 */
export function mergeLanguages(lists: readonly (readonly TermCandidate[])[]): Map<string, MergedCandidate> {
  const merged = new Map<string, MergedCandidate>();
  for (const list of lists) {
    const sorted = [...list].sort((a, b) => b.score - a.score || compareKeys(a.key, b.key));
    let rankOfScore = 0;
    sorted.forEach((c, rank) => {
      // Equal raw scores share a quantile, so ties stay ties.
      if (rank > 0 && c.score !== sorted[rank - 1]!.score) rankOfScore = rank;
      let score = 1 - (rankOfScore + 1) / (sorted.length + 1);
      // A gloss ranks where its score falls in the list, without pushing the list's terms down.
      if (c.glossScore !== undefined && c.glossScore > c.score) score = Math.max(score, 1 - (countAbove(sorted, c.glossScore) + 1) / (sorted.length + 1));
      const existing = merged.get(c.key);
      if (!existing) {
        merged.set(c.key, {
          key: c.key,
          language: c.language,
          surfaces: new Map(c.surfaces),
          score,
          category: c.category,
          occurrences: [...c.occurrences],
          aliases: [...c.aliases],
        });
        return;
      }
      if (c.occurrences.length > existing.occurrences.length) existing.language = c.language;
      if (score > existing.score) {
        existing.score = score;
        existing.category = c.category;
      }
      for (const [s, n] of c.surfaces) existing.surfaces.set(s, (existing.surfaces.get(s) ?? 0) + n);
      existing.occurrences.push(...c.occurrences);
      for (const a of c.aliases) if (!existing.aliases.includes(a)) existing.aliases.push(a);
    });
  }
  return merged;
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How many candidates of a list sorted by descending score score higher than `score` (binary search). */
function countAbove(sorted: readonly TermCandidate[], score: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.score > score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Parenthetical aliases

const OPEN_PAREN = /[（(]/gu;
const ABBREVIATION = /^(?=(?:.*\p{Lu}){2})[\p{Lu}\p{N}][\p{L}\p{N}&./-]{1,11}$/u;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;
const HIRAGANA = /[\u3041-\u309f]/u;
/** An aside, an example or a reference, not another name for the term. */
const NOT_AN_ALIAS = /[、。,;:：；]|^(?:e\.g|i\.e|see|cf|etc|例|参照)|^\d+$|^(?:and|or|the|a|an)\s/iu;

/** An alias pair found in one sentence: `alias` is another name of `full`. */
export interface AliasPair {
  full: string;
  alias: string;
}

/**
 * Parenthetical aliases in one sentence: "Single-File Component (SFC)" (Schwartz–Hearst: the
 * abbreviation's letters in order in the preceding words, the first at a word start),
 * "SFC (Single-File Component)", and 「仮想 DOM（VDOM）」 / 「非同期コンポーネント（async component）」,
 * where the text before the parenthesis must end with a known term (`isTerm`, by key).
 */
export function findAliasPairs(text: string, isTerm: (key: string) => boolean): AliasPair[] {
  const pairs: AliasPair[] = [];
  for (const m of text.matchAll(OPEN_PAREN)) {
    const open = m.index;
    const closeChar = m[0] === '（' ? '）' : ')';
    const close = text.indexOf(closeChar, open + 1);
    if (close < 0 || close - open > 42) continue;
    const inner = text.slice(open + 1, close).trim();
    if (inner === '' || !/\p{L}/u.test(inner) || NOT_AN_ALIAS.test(inner) || /[（()）]/u.test(inner)) continue;
    const before = text.slice(Math.max(0, open - 120), open).trimEnd();
    const pair = abbreviationPair(before, inner) ?? japanesePair(before, inner, isTerm);
    if (pair) pairs.push(pair);
  }
  return pairs;
}

function abbreviationPair(before: string, inner: string): AliasPair | null {
  if (ABBREVIATION.test(inner)) {
    const full = longForm(before, inner);
    if (full) return { full, alias: inner };
  }
  // "SFC (Single-File Component)": the long form inside, the abbreviation just before.
  const lastWord = /([\p{L}\p{N}&./-]+)$/u.exec(before)?.[1] ?? '';
  if (ABBREVIATION.test(lastWord) && inner.split(/\s+/).length >= 2) {
    const full = longForm(inner, lastWord);
    if (full === inner) return { full, alias: lastWord };
  }
  return null;
}

/**
 * Schwartz & Hearst (2003): the shortest tail of `text` in which the abbreviation's letters appear
 * in order, its first letter starting a word; at most min(|A| + 5, 2|A|) words.
 */
export function longForm(text: string, abbreviation: string): string | null {
  const letters = abbreviation.toLowerCase().replace(/s$/, '').replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length < 2) return null;
  const words = text.split(/\s+/).filter(Boolean);
  const maxWords = Math.min(letters.length + 5, letters.length * 2);
  for (let n = 1; n <= Math.min(maxWords, words.length); n++) {
    const candidate = words.slice(words.length - n).join(' ');
    const lower = candidate.toLowerCase();
    // The first word must start with the abbreviation's first letter.
    if (!lower.startsWith(letters[0]!)) continue;
    if (lettersInOrder(lower, letters)) return candidate.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  }
  return null;
}

function lettersInOrder(text: string, letters: string): boolean {
  // Matched from the end, as Schwartz–Hearst do; the first letter has already been checked.
  let t = text.length - 1;
  for (let l = letters.length - 1; l >= 1; l--) {
    while (t > 0 && text[t] !== letters[l]) t--;
    if (t <= 0) return false;
    t--;
  }
  return true;
}

function japanesePair(before: string, inner: string, isTerm: (key: string) => boolean): AliasPair | null {
  // English "X (Y)" without an abbreviation is too often an aside ("the cache (in memory)").
  if (!JAPANESE.test(before) && !JAPANESE.test(inner)) return null;
  if (inner.split(/\s+/).length > 4 || (HIRAGANA.test(inner) && !isTerm(normalizeKey(inner)))) return null;
  // The longest known term ending right before the parenthesis.
  for (let from = Math.max(0, before.length - 30); from < before.length; from++) {
    const full = before.slice(from).trim();
    if (full !== before.slice(from)) continue;
    const key = normalizeKey(full);
    if (key !== '' && isTerm(key) && key !== normalizeKey(inner)) return { full, alias: inner };
  }
  return null;
}

/** The alias pairs users split (rejected synonym suggestions), as `primary\0member` keys. */
function keptApart(options: ExtractOptions): ReadonlySet<string> {
  return new Set((options.keepApart ?? []).map((p) => `${p.primary}\u0000${p.member}`));
}

/**
 * Folds each alias into its full form: the alias is listed, and its occurrences count for the full
 * form — unless a user split that pair (`apart`), in which case both stay as extracted.
 */
function foldAliases(sentences: readonly Sentence[], merged: Map<string, MergedCandidate>, apart: ReadonlySet<string> = new Set()): void {
  // An alias may itself have been folded already; follow to the surviving term.
  const redirect = new Map<string, string>();
  const resolve = (key: string): string => {
    let k = key;
    for (let hops = 0; redirect.has(k) && hops < 10; hops++) k = redirect.get(k)!;
    return k;
  };
  const lookup = (key: string): MergedCandidate | undefined => merged.get(resolve(key)) ?? merged.get(resolve(pluralFree(key)));
  const isTerm = (key: string): boolean => lookup(key) !== undefined;
  for (const sentence of sentences) {
    if (!sentence.text.includes('(') && !sentence.text.includes('（')) continue;
    for (const { full, alias } of findAliasPairs(sentence.text, isTerm)) {
      const target = lookup(normalizeKey(full));
      if (!target) continue;
      const aliasKey = normalizeKey(alias);
      if (apart.has(`${target.key}\u0000${aliasKey}`) || apart.has(`${target.key}\u0000${aliasKey}s`)) continue;
      // A gloss ("ターゲット（リスト）") names the term in another language: code (`*args`) and
      // letters (x, D) are no names, and a gloss that is itself the more frequent term is that
      // term, not a variant of this one (only abbreviations may outnumber their long form: SFC).
      const abbreviation = ABBREVIATION.test(alias) || ABBREVIATION.test(full);
      if (!abbreviation && (isCodeSpelling(alias) || alias.replace(/\s/g, '').length <= 2)) continue;
      // "SFCs" is the same alias in the plural, and 「ハンドラ (handlers)」 names the singular handler too.
      const aliasKeys = [...new Set([aliasKey, `${aliasKey}s`, pluralFree(aliasKey)])];
      const sources = aliasKeys.map((key) => merged.get(resolve(key))).filter((c) => c !== undefined && c !== target);
      if (!abbreviation && sources.some((c) => c!.occurrences.length >= target.occurrences.length)) continue;
      if (!target.aliases.includes(alias) && normalizeKey(target.key) !== aliasKey) target.aliases.push(alias);
      for (const key of aliasKeys) {
        const source = merged.get(resolve(key));
        if (!source || source === target) continue;
        // The alias' occurrences count for the full form; its surfaces do not change the shown text.
        target.occurrences.push(...source.occurrences);
        target.score = Math.max(target.score, source.score);
        for (const a of [...source.aliases, ...source.surfaces.keys()]) {
          if (!target.aliases.includes(a) && normalizeKey(a) !== target.key) target.aliases.push(a);
        }
        merged.delete(source.key);
        redirect.set(source.key, target.key);
      }
    }
  }
}

/** "singlefilecomponents" → "singlefilecomponent": English long forms in text may be plural. */
function pluralFree(key: string): string {
  if (key.endsWith('ies')) return key.slice(0, -3) + 'y';
  return key.endsWith('s') && !key.endsWith('ss') ? key.slice(0, -1) : key;
}

// ---------------------------------------------------------------------------------------------
// Code identifiers and concepts


function hasSingular(surface: string, surfaces: ReadonlyMap<string, number>): boolean {
  const lower = surface.toLowerCase();
  const forms = [lower.slice(0, -1), lower.endsWith('es') ? lower.slice(0, -2) : '', lower.endsWith('ies') ? `${lower.slice(0, -3)}y` : ''];
  for (const s of surfaces.keys()) if (s !== surface && forms.includes(s.toLowerCase())) return true;
  return false;
}

/** A code spelling counts this much when the shown text is chosen among a term's surfaces. */
const CODE_SURFACE_WEIGHT = 0.2;
/** Share of a term's occurrences in inline code above which it is a code identifier. */
const CODE_SHARE = 1 / 3;

const ENUM_SPELLING = /^[A-Z][A-Z0-9]{4,}$/;

function isCodeSurface(surface: string, signals: ConceptSignals): boolean {
  if (signals.codeSurfaces.has(surface) || isCodeSpelling(surface)) return true;
  // An all-capitals spelling of an ordinary word is an enum member or a constant (UNAVAILABLE, DEBUG).
  return ENUM_SPELLING.test(surface) && (generalWordCounts().counts.get(surface.toLowerCase()) ?? 0) >= 30;
}

/**
 * A term is a code identifier when its shown spelling looks like code, when a third of its
 * occurrences are inline code, or when it is a short unknown lower-case word the text also writes
 * as code (`obj`, `cls`, `len`), or a CamelCase class name it also writes, so spelled, as code (`logging.LogRecord`).
 * It keeps its place only when the text treats it as a concept: a sentence defines it, or the
 * author set it in bold or quotes.
 */
export function isCodeIdentifier(c: Pick<TermCandidate, 'key' | 'surfaces' | 'occurrences'>, signals: ConceptSignals): boolean {
  const code = signals.codeCounts.get(c.key) ?? 0;
  if (code >= Math.max(1, c.occurrences.length * CODE_SHARE)) return true;
  const best = mostFrequentSurface(c.surfaces);
  if (best === '') return false;
  if ([...c.surfaces.keys()].every((s) => isCodeSurface(s, signals))) return true;
  if (isClassSpelling(best) && signals.codeSpellings.has(best)) return true;
  return code > 0 && /^[a-z]{2,4}$/.test(best) && (generalWordCounts().counts.get(best) ?? 0) < CODE_ABBREVIATION_MAX_COUNT;
}

/** Whether a candidate occurs in enough of the set's documents, or often enough in one, to earn a bonus (BONUS_MIN_DOCUMENTS, CENTRAL_USES). */
function sharedAcrossSet(documents: number, minDocuments: number): (c: MergedCandidate) => boolean {
  if (documents < SHARED_SET_SIZE || minDocuments <= 1) return () => true;
  return (c) => documentCount(c.occurrences) >= minDocuments || c.occurrences.length >= CENTRAL_USES;
}

function rankConcepts(
  merged: Map<string, MergedCandidate>,
  signals: ConceptSignals,
  tuning: ExtractTuning,
  shared: (c: MergedCandidate) => boolean,
): void {
  const codeFactor = tuning.codeFactor ?? CODE_FACTOR;
  const definedBonus = tuning.definedBonus ?? DEFINED_BONUS;
  for (const c of merged.values()) {
    // One Latin letter is a variable or a grade, never a glossary term (IPADIC splits "F1" → F);
    // nor is its plural ("An X is …; Xs are …").
    if (/^[a-z0-9]$/.test(c.key) || /^[A-Z]s$/.test(mostFrequentSurface(c.surfaces))) {
      merged.delete(c.key);
      continue;
    }
    const defined = signals.defined.has(c.key);
    const code = isCodeIdentifier(c, signals);
    // A defined identifier ("HTTPError is the subclass of …") is a concept of the text and stays,
    // without the bonus: the glossary's top belongs to the concepts named in words.
    if (defined && !code && usedAgain(c) && shared(c)) c.score *= definedBonus;
    else if (!defined && code && !signals.marked.has(c.key)) c.score *= codeFactor;
  }
}

/**
 * Terms the author marked (bold, 「」『』), defined or named in a heading that no extractor proposed (「**焙煎**とは」,
 * where IPADIC reads 焙 and 煎 as verbs; 教師あり学習, which a verb splits): always candidates,
 * with the occurrences a plain search finds.
 */
function addMarkedTerms(merged: Map<string, MergedCandidate>, signals: ConceptSignals, sentences: readonly Sentence[]): void {
  let lowered: string[] | null = null;
  let byFrequency: { count: number; score: number }[] | null = null;
  for (const [key, text] of signals.markedTexts) {
    if (merged.has(key) || merged.has(pluralFree(key))) continue;
    // Lower-cased once for all the marked terms the extractors missed (usually a handful).
    lowered ??= sentences.map((s) => s.text.toLowerCase());
    const term = requiredTerm(key, text, sentences, lowered);
    if (term.occurrences.length === 0) continue;
    merged.set(key, {
      key,
      language: term.language,
      surfaces: new Map([[text, term.occurrences.length]]),
      score: signals.defined.has(key) && term.language === 'en' ? frequencyQuantile((byFrequency ??= frequencyLadder(merged)), term.occurrences.length) : MARKED_BASE_SCORE,
      category: 'technical_term',
      occurrences: term.occurrences,
      aliases: [],
    });
  }
}

/**
 * A term the extractor proposed from other sentences may be defined where it is no noun phrase
 * ("An object is called iterable if you can get an iterator for it.": an adjective there): the
 * defining sentence joins its occurrences, because the definition step looks for a term's
 * definitions among the sentences it occurs in.
 */
function addDefiningOccurrences(merged: Map<string, MergedCandidate>, signals: ConceptSignals, documents: readonly { fileName: string }[]): void {
  let documentOrder: Map<string, number> | null = null;
  for (const [key, defining] of signals.definingSentences) {
    const c = merged.get(key);
    if (!c) continue;
    let added = false;
    for (const { sentence: s, text } of defining) {
      const lastLine = s.line + (s.lineBreaks?.length ?? 0);
      if (c.occurrences.some((o) => o.fileName === s.fileName && o.line >= s.line && o.line <= lastLine)) continue;
      const at = Math.max(0, s.text.toLowerCase().indexOf(text.toLowerCase()));
      c.occurrences.push(occurrenceIn(s, at, at + text.length));
      added = true;
    }
    if (!added) continue;
    // Occurrences stay in corpus order: the first one is the term's first mention.
    const order = (documentOrder ??= new Map(documents.map((d, i) => [d.fileName, i])));
    c.occurrences.sort((a, b) => (order.get(a.fileName) ?? 0) - (order.get(b.fileName) ?? 0) || a.line - b.line);
  }
}

/** Every candidate's occurrence count and score: where a term of a given frequency stands. */
function frequencyLadder(merged: ReadonlyMap<string, MergedCandidate>): { count: number; score: number }[] {
  return [...merged.values()].map((c) => ({ count: c.occurrences.length, score: c.score }));
}

/**
 * The score an English defined term no extractor proposed ("mutable" in "… are said to be
 * mutable": the candidate grammar has noun heads only) takes:
 * the median score of the candidates as frequent as it, so a word the text defines and uses 60 times
 * ranks with the nouns used 60 times, and one used twice with those used twice. (IPADIC proposes
 * every Japanese noun: what it misses is a name a verb splits, 焙煎, 教師あり学習, and keeps the
 * base score — measured that way, not re-measured with frequency placement.)
 */
function frequencyQuantile(ladder: readonly { count: number; score: number }[], count: number): number {
  const peers = ladder.filter((p) => p.count >= count * 0.8 && p.count <= count * 1.25).map((p) => p.score).sort((a, b) => a - b);
  return peers.length > 0 ? peers[Math.floor(peers.length / 2)]! : MARKED_BASE_SCORE;
}

// ---------------------------------------------------------------------------------------------
// Output

function toExtractedTerm(c: MergedCandidate, signals?: ConceptSignals): ExtractedTerm {
  let text = c.key;
  let best = -1;
  for (const [surface, count] of c.surfaces) {
    // A concept's name wins over its code spelling (OpenAI over the enum OPENAI, a name over `name`),
    // and a glossary's headword is singular ("function", not "functions", when both occur).
    let n = signals && isCodeSurface(surface, signals) ? count * CODE_SURFACE_WEIGHT : count;
    // A plural never wins when its singular occurs at all ("literal" once, "literals" 90 times).
    if (/[a-z]s$/i.test(surface) && hasSingular(surface, c.surfaces)) n = 0;
    if (n > best) {
      best = n;
      text = surface;
    }
  }
  text = sentenceCased(text, c.surfaces, c.occurrences);
  const aliases = [...c.aliases];
  // "URLs (Uniform Resource Locators)" with "URL" elsewhere: the long form was only ever written in
  // the plural, but the abbreviation shows the singular, and a glossary's headword is singular.
  const singular = singularLongForm(text, aliases);
  if (singular) {
    aliases.unshift(text);
    text = singular;
  }
  const seenLower = new Set([text.toLowerCase(), ...aliases.map((a) => a.toLowerCase())]);
  const others = [...c.surfaces].sort((a, b) => b[1] - a[1]);
  let added = 0;
  for (const [surface] of others) {
    if (added >= MAX_SURFACE_ALIASES) break;
    const lower = surface.toLowerCase();
    if (seenLower.has(lower)) continue;
    seenLower.add(lower);
    aliases.push(surface);
    added++;
  }
  return {
    key: c.key,
    text,
    // A name with kana or kanji is Japanese even when an English sentence used it (「仮想 DOM」).
    language: JAPANESE.test(text) ? 'ja' : c.language,
    score: c.score,
    category: c.category,
    frequency: c.occurrences.length,
    documentCount: documentCount(c.occurrences),
    aliases,
    occurrences: c.occurrences,
  };
}

/**
 * The singular of a plural long form whose abbreviation the text also writes in the singular
 * ("Uniform Resource Locators" with aliases "URLs" and "URL" → "Uniform Resource Locator"); null
 * otherwise — a long form alone says nothing of its number ("Python Enhancement Proposals" may be a
 * name, "Bytes" is one).
 */
function singularLongForm(text: string, aliases: readonly string[]): string | null {
  if (!/\s[A-Za-z]*[a-z]s$/.test(text) || /ss$/.test(text)) return null;
  const abbreviated = aliases.some((a) => ABBREVIATION.test(a) && /[A-Z]s$/.test(a) && aliases.includes(a.slice(0, -1)));
  if (!abbreviated) return null;
  return text.replace(/ies$/, 'y').replace(/(ss|ch|sh|x)es$/, '$1').replace(/([^s])s$/, '$1');
}

/**
 * "Iterable" (a heading, a sentence start) as headword while the text writes "iterables" nine times:
 * a capital only at sentence starts is no part of the name. A capitalised headword becomes lower case
 * when its lower-case spellings (singular or plural) are used more often than it ("Python" stays), or
 * when the text also writes it in lower case and capitalises it only where a sentence, a heading or
 * a label starts ("## Brew ratio", "Extraction is …" beside "the brew ratio", "set the extraction").
 * Without a lower-case use there is no evidence: "Maillard reaction: …" names a chemist.
 */
function sentenceCased(text: string, surfaces: ReadonlyMap<string, number>, occurrences: readonly Occurrence[]): string {
  if (!/^[A-Z][a-z]/.test(text) || /[A-Z]/.test(text.slice(1))) return text;
  const lower = text.toLowerCase();
  let lowerUses = 0;
  for (const [surface, n] of surfaces) if (surface === lower || surface === `${lower}s` || surface === `${lower}es`) lowerUses += n;
  if (lowerUses > (surfaces.get(text) ?? 0)) return lower;
  return lowerUses > 0 && capitalOnlyOpening(text, occurrences) ? lower : text;
}

/** True when every capitalised use of `text` in its occurrences' contexts opens its sentence (and there is one). */
function capitalOnlyOpening(text: string, occurrences: readonly Occurrence[]): boolean {
  let seen = false;
  for (const { context } of occurrences) {
    for (let i = context.indexOf(text); i >= 0; i = context.indexOf(text, i + 1)) {
      if (/[A-Za-z0-9]/.test(context[i - 1] ?? '') || /[A-Za-z0-9]/.test(context[i + text.length] ?? '')) continue;
      // Letters before it, a snippet cut before it, or a Japanese sentence (no capitals at its start): a real capital.
      if (/[\p{L}\p{N}]/u.test(context.slice(0, i)) || context.startsWith('…') || JAPANESE.test(context)) return false;
      seen = true;
    }
  }
  return seen;
}

/** Distinct files among the occurrences (which come in runs from the same file). */
function documentCount(occurrences: readonly Occurrence[]): number {
  const files = new Set<string>();
  let last: string | null = null;
  for (const o of occurrences) {
    if (o.fileName === last) continue;
    last = o.fileName;
    files.add(last);
  }
  return files.size;
}

const compareTerms = (a: ExtractedTerm, b: ExtractedTerm): number =>
  b.score - a.score || b.frequency - a.frequency || compareKeys(a.key, b.key);

/**
 * excluded (never returned, even when also required), required (always returned: found in the
 * text when no candidate matched, or with no occurrences), minFrequency, then maxTerms
 * (required terms take their slots first).
 */
export function applyOptions(terms: ExtractedTerm[], options: ExtractOptions, sentences: readonly Sentence[]): ExtractedTerm[] {
  const excluded = new Set((options.excluded ?? []).map(normalizeKey).filter(Boolean));
  const requiredTexts = new Map<string, string>();
  for (const r of options.required ?? []) {
    const key = normalizeKey(r);
    if (key !== '' && !excluded.has(key) && !requiredTexts.has(key)) requiredTexts.set(key, r.trim());
  }
  // "Reactive Stores" excludes "reactive store": keys of English candidates are singular.
  const excludedSingular = new Set([...excluded].map(pluralFree));
  const isExcluded = (key: string) => excluded.has(key) || excludedSingular.has(key) || excluded.has(pluralFree(key));
  const byKey = new Map(terms.filter((t) => !isExcluded(t.key)).map((t) => [t.key, t]));
  const required: ExtractedTerm[] = [];
  for (const [key, text] of requiredTexts) {
    const found = byKey.get(key) ?? byKey.get(pluralFree(key));
    if (found) {
      byKey.delete(found.key);
      required.push(found);
    } else required.push(requiredTerm(key, text, sentences));
  }
  const minFrequency = options.minFrequency ?? 1;
  const rest = [...byKey.values()].filter((t) => t.frequency >= minFrequency).sort(compareTerms);
  const room = Math.max(0, (options.maxTerms ?? DEFAULT_MAX_TERMS) - required.length);
  return [...required, ...rest.slice(0, room)].sort(compareTerms);
}

/** A required term no extractor proposed: its occurrences found by plain (case-insensitive) search. */
function requiredTerm(key: string, text: string, sentences: readonly Sentence[], lowered?: readonly string[]): ExtractedTerm {
  const needle = text.toLowerCase();
  const wordLike = /^[\p{L}\p{N}]/u.test(needle) && !JAPANESE.test(needle);
  const occurrences: Occurrence[] = [];
  for (const [i, s] of sentences.entries()) {
    const hay = lowered?.[i] ?? s.text.toLowerCase();
    if (!hay.includes(needle)) continue;
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
      // English needs word boundaries ("API" is not inside "rapid"); Japanese has no spaces to check.
      if (wordLike && (/[\p{L}\p{N}]/u.test(hay[at - 1] ?? '') || /[\p{L}\p{N}]/u.test(hay[at + needle.length + (hay[at + needle.length] === 's' ? 1 : 0)] ?? ''))) continue;
      occurrences.push(occurrenceIn(s, at, at + needle.length));
    }
  }
  return {
    key,
    text,
    language: detectLanguage(text),
    score: 0,
    category: 'technical_term',
    frequency: occurrences.length,
    documentCount: new Set(occurrences.map((o) => o.fileName)).size,
    aliases: [],
    occurrences,
  };
}
