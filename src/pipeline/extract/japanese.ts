// Japanese term candidates: kuromoji (IPADIC) morphemes joined into compound nouns with
// TermExtract-style rules, ranked by FLR (Nakagawa & Mori 2003). See docs/extraction-japanese.md.
import { createRequire } from 'node:module';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { IpadicFeatures, Tokenizer } from '@sglkc/kuromoji';
import { throwIfCancelled } from '../../errors';
import { codeSpanRanges, contextSnippet, sentenceLineAt } from '../corpus';
import { normalizeKey } from '../normalize';
import type { Occurrence, Sentence, TermCategory } from '../types';
import { mostFrequentSurface, type TermCandidate } from './candidate';
import { cohesiveSpecificity, DEFAULT_ENGLISH_RANKING } from './english';
import { CODE_ABBREVIATION_MAX_COUNT, generalWordCounts } from './general-words';
import { isCodeSpelling } from './signals';

export type JapaneseTokenizer = Tokenizer<IpadicFeatures>;

const require = createRequire(import.meta.url);

let tokenizerPromise: Promise<JapaneseTokenizer> | null = null;

/** The IPADIC tokenizer, built once per process (≈1 s, ≈400 MB) and shared by every caller. */
export function loadJapaneseTokenizer(): Promise<JapaneseTokenizer> {
  tokenizerPromise ??= buildTokenizer().catch((error: unknown) => {
    // A failed load (e.g. a truncated dictionary file) must not poison every later run.
    tokenizerPromise = null;
    throw error;
  });
  return tokenizerPromise;
}

function buildTokenizer(): Promise<JapaneseTokenizer> {
  // The package is CommonJS; resolving from its own location keeps the CLI working from any cwd.
  const kuromoji = require('@sglkc/kuromoji') as typeof import('@sglkc/kuromoji');
  const dicPath = path.join(path.dirname(require.resolve('@sglkc/kuromoji/package.json')), 'dict');
  return new Promise((resolve, reject) => {
    kuromoji.builder({ dicPath }).build((error, tokenizer) => {
      if (error) reject(error);
      else resolve(tokenizer);
    });
  });
}

/** Token count of the texts: the "tokenization alone" floor of the pipeline benchmark. */
export async function tokenizeJapanese(texts: string[]): Promise<number> {
  const tokenizer = await loadJapaneseTokenizer();
  let count = 0;
  for (const text of texts) count += tokenizer.tokenize(text).length;
  return count;
}

// What a morpheme (or a merged ASCII word) can do inside a compound noun.
const OTHER = 0; // closes the compound
const NOUN = 1; // 名詞-一般 / 固有名詞 / サ変接続 (word characters only)
const SUFFIX = 2; // 名詞-接尾-一般/サ変接続: joins a preceding noun, never starts a term
const ADJ_STEM = 3; // 形容動詞語幹-type (and one-character 副詞可能): only when another noun follows
const PREFIX = 4; // 接頭詞-名詞接続/数接続: only before a noun or a number
const ALPHA = 5; // ASCII/full-width Latin word, 記号-アルファベット
const SPACE = 6; // exactly one half-width space, joins only next to an alphabetic part
const NUMBER_PART = 7; // 名詞-数, digits: inside a compound only (三層構造, 2段階認証), never at its end
const COUNTER = 8; // 名詞-接尾-助数詞: only right after a number (三層, 一次)

// Proper-noun subtypes that decide the category when every part of a term shares one.
const CAT_NONE = 0;
const CAT_PERSON = 1;
const CAT_PLACE = 2;
const CAT_ORG = 3;
/** A one-character dictionary noun (窓, 町, 春): a general word when it stands alone. */
const CAT_COMMON = 4;
const PROPER_NOUN_CATEGORY: ReadonlyMap<string, number> = new Map([
  ['人名', CAT_PERSON],
  ['地域', CAT_PLACE],
  ['組織', CAT_ORG],
]);
const CATEGORY_OF: readonly TermCategory[] = [
  'technical_term',
  'person_name',
  'place_name',
  'organization',
  'common_noun',
];

/** Deictic or quantifying prefixes that say which thing, not what thing (本ライブラリ → ライブラリ). */
const LEADING_TRIM = new Set(['本', '各', '全', '同', '当', '該', '両', '諸']);
/** Trailing parts that mark position, plurality or manner rather than the concept (サーバ上 → サーバ). */
const TRAILING_TRIM = new Set(['など', 'ら', '上', '内', '型', '間', '中', '毎', '的']);
/** General words that are never glossary terms on their own (keys, after normalizeKey). */
const STOP_NOUNS = new Set([
  'こと', 'もの', 'ため', '場合', 'よう', 'これ', 'それ', 'あれ', 'どれ', 'ところ', 'とき', '時',
  '方', '方法', '点', '例', '他', 'ほか', '等', '以下', '以上', '今回', '次', '前', '後', '部分',
  '一部', '全体', '必要', '自分', '人', '者', '事', '物', '目', '気', '手', '今', '今日', '日',
  '年', '月', '本当', '意味', '感じ', '様子', '結果', '問題', '内容', '状態', '対象', '利用',
  '使用', '説明', '場所', '時間', '最初', '最後', '前者', '後者', '本書', '本章', '本節', '注意',
  '一般', '一つ', '二つ', '一方', '他方', '時点', '以外', '程度', '同様', '可能', '通り',
  // Words every technical text uses about itself or its operations.
  '仕組み', '複数', '一覧', '用語', '章', '節', '項', '図', '表', '処理', '変更', '追加', '削除',
  '実行', '作成', '指定', '確認', '記述', '参照', '以降', '各種', '種類', '詳細', '概要', '基本',
  '基礎', '具体', '特定', '任意', '前述', '後述', '上記', '下記', '全て', 'すべて', '読者', '開発者',
  // Adverb-like nouns (名詞-副詞可能) that mean when or how much, not what.
  '現在', '今後', '以前', '以後', '以内', '前後', '最近', '通常', '同時', '全部', '当時', '最中',
  '途中', '直後', '直前', '普段', '結局', '一緒', '時々', '毎日', '昨日', '明日', '大半', '多く',
]);
/** English function words: a Latin run in Japanese prose stops at them ("Vue and React" is two terms). */
const ENGLISH_STOP = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'with', 'is', 'are', 'be', 'by',
  'as', 'at', 'from', 'that', 'this', 'it', 'not', 'vs',
]);

// Unit flags: a verbal noun (名詞-サ変接続), a form of する/できる after which it is a verb, and
// a prefix of numbers.
const FLAG_SAHEN = 1;
const FLAG_SURU = 2;
const FLAG_NUMERIC_PREFIX = 4; // 接頭詞-数接続 (第, 約)

/** Inside a Latin word between two alphanumeric pieces: Vue.js, vue-router, snake_case. */
const WORD_JOINERS = new Set(['.', '-', '_']);
/** A token ending / starting with an underscore, glued to a Latin word: the word is part of a code name. */
const UNDERSCORE_END = /[_＿]$/;
const UNDERSCORE_START = /^[_＿]/;

/** Context width: short enough for a `file:line — context` list under a glossary entry. */
const CONTEXT_CHARS = 60;
/** Sentences between cancellation checks (and event-loop yields, so an abort can arrive at all). */
const CHECK_EVERY = 200;
// kuromoji builds a lattice per chunk between 、。 in time quadratic in the chunk's length; very
// long chunks (tables, run-on lines) are cut at a space or symbol so one line cannot stall a run.
const MAX_CHUNK = 400;

const isAlnumCode = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
  (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
const isDigitCode = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);

function isAlnum(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isAlnumCode(s.charCodeAt(i))) return false;
  return s.length > 0;
}

// Letters of any script, or digits: what separates a word from a run of symbols such as `=>`.
const WORD_CHAR = /[\p{L}\p{N}]/u;
const HIRAGANA_OR_KATAKANA_CHAR = /^[\u3041-\u30ff]$/u;
const KATAKANA_WORD = /^[\u30a1-\u30fa\u30fc]+$/u;
const KANJI_WORD = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+$/u;
const isKanjiChar = (ch: string): boolean => ch !== '' && KANJI_WORD.test(ch);
const isKatakanaCode = (c: number): boolean => (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc;
const NUMBER = /^[\d０-９.,．，]+$/u;
const WHITESPACE_RUN = /\s+/gu;

/** Knobs the evaluation varies (see docs/quality.md, "Third round — Japanese"). */
export interface JapaneseRankingOptions {
  /** Cost units of generality that divide a one-word term's score by e (Infinity = no penalty). */
  generalWordScale?: number;
  /** Exponent on the share of a word's uses that are nouns, not the verb 「Xする」 (0 = no penalty). */
  verbalWeight?: number;
  /** Exponent on FLR's adjacency term (1 = FLR as published; 0.5 was measured and not kept). */
  adjacencyWeight?: number;
  /** Score factor for a term the text glosses with its English name somewhere (1 = no bonus). */
  glossBonus?: number;
  /** Rank Latin-script terms as English, a list of their own (true), or by FLR among the Japanese nouns (false). */
  latinAsEnglish?: boolean;
  /** Exponent of a Latin-script term's English specificity (LATIN_SPECIFICITY_WEIGHT). */
  latinSpecificityWeight?: number;
  /** Rank the code identifiers among them last before the languages are merged (index.ts; default true). */
  latinCodeLast?: boolean;
  /** A Latin name written before a class noun (「Enum クラス」) a third of the time is code (default true). */
  latinClassFrame?: boolean;
  /** Score factor for a lower-case Latin term that is not code (LATIN_LOWER_CASE_FACTOR; 1 = none). */
  latinLowerCaseFactor?: number;
  /** Rank a Latin word's uses as the gloss of a Japanese term apart from its other uses (default true). */
  latinGlossesApart?: boolean;
  /** A prefix part's right adjacency stands for its left one too (default true; false = FLR as published). */
  prefixAdjacency?: boolean;
}

/**
 * How common a dictionary word is in general Japanese. IPADIC's word costs were trained on
 * newspaper text: a word never seen there gets the cost its part of speech and script imply (the
 * most frequent cost of that class, measured once over the whole dictionary — the table below; a
 * scan at load would take seconds), and a word seen often gets a lower one (データ 3087, 名前 3957, 言語 3280, 形式 4457 against 3657 / 5622).
 * Generality = how far below its class's unseen-word cost a word is; unknown words (modern
 * loanwords IPADIC lacks: イテレータ) and words at or above the class cost are 0. This is the
 * Japanese side of English's specificity against SUBTLEX counts, without a second word list.
 */
const UNSEEN_WORD_COST: Readonly<Record<string, readonly [katakana: number, other: number]>> = {
  一般: [3657, 5622],
  サ変接続: [4426, 4467],
  形容動詞語幹: [5077, 4845],
  副詞可能: [5221, 5221],
};
/** Cost units of generality per factor e in a one-word term's score (chosen on pydocs ja, see docs/quality.md). */
export const GENERAL_WORD_SCALE = 500;

interface WordCosts {
  getShort(index: number): number;
}

/** IPADIC's word-cost table, already loaded with the tokenizer (kuromoji keeps it in a byte buffer). */
function wordCosts(tokenizer: JapaneseTokenizer): WordCosts {
  return (tokenizer.token_info_dictionary as unknown as { dictionary: WordCosts }).dictionary;
}

function generalityOf(token: IpadicFeatures, costs: WordCosts): number {
  if (token.word_type !== 'KNOWN' || token.pos !== '名詞') return 0;
  const unseen = UNSEEN_WORD_COST[token.pos_detail_1];
  if (unseen === undefined) return 0;
  // A token's word_id is its entry's offset in the table: left id, right id, then the word cost.
  const cost = costs.getShort(token.word_id + 4);
  const base = KATAKANA_WORD.test(token.surface_form) ? unseen[0] : unseen[1];
  return Math.max(0, base - cost);
}

/** exp(−generality / scale): 1 for specific words, smaller the more common the word is. */
export function generalWordFactor(generality: number, scale: number): number {
  return generality > 0 && Number.isFinite(scale) ? Math.exp(-generality / scale) : 1;
}

/**
 * Score factor for a term written at least once with its English name in parentheses right after
 * it (「名前空間 (namespace)」「仮引数 (parameter)」「仮想 DOM（VDOM）」): Japanese technical writers
 * and translators gloss the words they introduce as terms, not the general ones around them.
 */
export const GLOSS_BONUS = 2;
/**
 * A verbal noun used as a verb (「定義する」「表示される」) names an action there, not a term; its
 * score is scaled by the share of its uses that are nouns, to this power (1; see docs/quality.md).
 */
export const VERBAL_WEIGHT = 1;
/** An English gloss of two letters or more right after a term: no code, no variables "(x)", no "(例: …)". */
const GLOSS_AFTER = /^\s?[（(]\s?[A-Za-z][A-Za-z -]{0,40}[A-Za-z]\s?[)）]/u;

interface Accumulator {
  key: string;
  /** How common the term is in general Japanese (cost units below IPADIC's unseen-word cost), 0 for compounds. */
  generality: number;
  surfaces: Map<string, number>;
  occurrences: Occurrence[];
  /** Keys of the simple nouns of the first surface seen: the units FLR scores. */
  parts: string[];
  categoryVotes: number[];
  /** Occurrences followed by an English gloss in parentheses. */
  glossed: number;
  /** Occurrences glued to code punctuation: `iter(`, `.append`, `x=`, `a[`. */
  codeUses: number;
  /** Occurrences that are the English gloss of the Japanese word before them: 「仮引数 (parameter)」. */
  glossUses: number;
}

/** Per-line scratch arrays, reused across lines so tokens cost no extra allocations. */
interface Units {
  kind: number[];
  /** A one-morpheme dictionary noun's generality (see generalityOf); 0 for anything else. */
  generality: number[];
  category: number[];
  flags: number[];
  start: number[];
  end: number[];
  count: number;
}

/**
 * Japanese term candidates from the given sentences, ranked by FLR (score: higher is better), then
 * the Latin-script ones (isLatinCandidate), ranked by frequency × English specificity: the extract
 * step merges the two runs as lists of their own. Throws CancelledError when `signal` fires
 * (checked every 200 sentences).
 */
export async function extractJapaneseCandidates(
  sentences: Sentence[],
  signal: AbortSignal,
  /** Told how many sentences are done, every CHECK_EVERY (as the English extractor does). */
  onProgress?: (done: number, total: number) => void,
  options: JapaneseRankingOptions = {},
): Promise<TermCandidate[]> {
  const generalScale = options.generalWordScale ?? GENERAL_WORD_SCALE;
  const glossBonus = options.glossBonus ?? GLOSS_BONUS;
  throwIfCancelled(signal);
  const tokenizer = await loadJapaneseTokenizer();
  const terms = new Map<string, Accumulator>();
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  const keyCache = new Map<string, string>();
  /** Uses of a verbal noun as a verb (定義する): they are not uses of the noun as a term. */
  const verbUses = new Map<string, number>();
  /** Latin name → uses as the name of a class of the code: 「Enum クラス」「StopIteration 例外」. */
  const classFrames = new Map<string, number>();
  /** Part keys IPADIC tagged as prefixes (仮, 未): parts that never have a left neighbour. */
  const prefixParts = new Set<string>();
  const key = (surface: string): string => {
    let k = keyCache.get(surface);
    if (k === undefined) {
      k = normalizeKey(surface);
      keyCache.set(surface, k);
    }
    return k;
  };
  const units: Units = { kind: [], generality: [], category: [], flags: [], start: [], end: [], count: 0 };
  const costs = wordCosts(tokenizer);

  /** [start, end) offsets of the current sentence's inline code spans (`(const char *)`). */
  let codeRanges: readonly number[] = NO_RANGES;
  const record = (sentence: Sentence, line: number, from: number, to: number, text: string): void => {
    // from/to are unit indices of a trimmed compound; start/end are offsets in the sentence text.
    const surface = text.slice(units.start[from], units.end[to]);
    const termKey = key(surface);
    if (termKey === '') return;
    let acc = terms.get(termKey);
    if (acc === undefined) {
      const parts: string[] = [];
      for (let u = from; u <= to; u++) {
        if (units.kind[u] !== SPACE) parts.push(key(text.slice(units.start[u], units.end[u])));
      }
      // Only a term that is one dictionary word is judged by the dictionary: a compound of common
      // words (名前空間, 位置引数) is not itself a word of general Japanese.
      const generality = from === to ? units.generality[from]! : 0;
      acc = { key: termKey, generality, surfaces: new Map(), occurrences: [], parts, categoryVotes: [0, 0, 0, 0, 0], glossed: 0, codeUses: 0, glossUses: 0 };
      terms.set(termKey, acc);
    }
    acc.surfaces.set(surface, (acc.surfaces.get(surface) ?? 0) + 1);
    const start = units.start[from]!;
    const end = units.end[to]!;
    if ((text.charCodeAt(end) === 0x28 || text.charCodeAt(end) === 0xff08 || text.charCodeAt(end) === 0x20) && GLOSS_AFTER.test(text.slice(end, end + 48))) {
      acc.glossed++;
    }
    if (units.kind[from] === ALPHA && GLOSS_OPEN.test(text.slice(Math.max(0, start - 3), start)) && GLOSS_CLOSE.test(text.slice(end, end + 2))) acc.glossUses++;
    if (CODE_AFTER.has(text.charAt(end)) || CODE_BEFORE.has(text.charAt(start - 1)) || within(codeRanges, start, end)) acc.codeUses++;
    else if ((options.latinClassFrame ?? true) && units.kind[from] === ALPHA) {
      // 「IntFlag のメンバー」: a Latin name before の and a class noun names a class of the code.
      if (from === to && CLASS_NOUN_AFTER_NO.test(text.slice(end, end + 8))) acc.codeUses++;
      // 「Enum クラス」「StopIteration 例外」: the compound is a Latin name (and a space) and a class noun.
      const nameAndNoun = to === from + 1 || (to === from + 2 && units.kind[from + 1] === SPACE);
      if (nameAndNoun && CLASS_NOUN.has(key(text.slice(units.start[to], units.end[to])))) {
        const name = key(text.slice(units.start[from], units.end[from]));
        classFrames.set(name, (classFrames.get(name) ?? 0) + 1);
      }
    }
    acc.occurrences.push({
      fileName: sentence.fileName,
      // Corpus sentences carry their source line breaks as offsets (the text itself is joined);
      // hand-built ones may still contain '\n', which the line loop below counts.
      line: sentence.lineBreaks ? sentenceLineAt(sentence, start) : line,
      context: snippet(text, start, units.end[to]!),
    });
    const category = compoundCategory(units, from, to);
    acc.categoryVotes[category] = (acc.categoryVotes[category] ?? 0) + 1;
    // Adjacency of this occurrence's simple nouns, counted per occurrence (TermExtract's 延べ数).
    let previous: string | null = null;
    for (let u = from; u <= to; u++) {
      if (units.kind[u] === SPACE) continue;
      const part = key(text.slice(units.start[u], units.end[u]));
      if (units.kind[u] === PREFIX && (options.prefixAdjacency ?? true)) prefixParts.add(part);
      if (previous !== null) {
        right.set(previous, (right.get(previous) ?? 0) + 1);
        left.set(part, (left.get(part) ?? 0) + 1);
      }
      previous = part;
    }
  };

  for (let s = 0; s < sentences.length; s++) {
    if (s > 0 && s % CHECK_EVERY === 0) {
      onProgress?.(s, sentences.length);
      await yieldToEventLoop();
      throwIfCancelled(signal);
    }
    const sentence = sentences[s]!;
    const text = sentence.text;
    codeRanges = sentence.code ? codeSpanRanges(text, sentence.code) : NO_RANGES;
    let lineStart = 0;
    let line = sentence.line;
    // Lines are tokenized one by one: a compound never spans a line break, and each occurrence
    // gets the line it really stands on.
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      if (lineEnd > lineStart) {
        for (const [chunkStart, chunkEnd] of chunks(text, lineStart, lineEnd)) {
          buildUnits(tokenizer.tokenize(text.slice(chunkStart, chunkEnd)), chunkStart, units, costs);
          scanCompounds(units, text, (from, to) => record(sentence, line, from, to, text), (u) => {
            const k = key(text.slice(units.start[u], units.end[u]));
            verbUses.set(k, (verbUses.get(k) ?? 0) + 1);
          });
        }
      }
      lineStart = lineEnd + 1;
      line++;
    }
  }
  throwIfCancelled(signal);

  const latinScores =
    (options.latinAsEnglish ?? true) ? scoreLatinTerms(terms, options.latinSpecificityWeight ?? LATIN_SPECIFICITY_WEIGHT, classFrames, options.latinLowerCaseFactor ?? LATIN_LOWER_CASE_FACTOR) : new Map<string, number>();
  const candidates: TermCandidate[] = [];
  for (const acc of terms.values()) {
    const category = CATEGORY_OF[majority(acc.categoryVotes)]!;
    const latin = latinScores.get(acc.key);
    if (latin !== undefined) {
      const glossesApart = (options.latinGlossesApart ?? true) && acc.glossUses > 0;
      // Its uses as a gloss name the Japanese term before them: they do not rank it among the
      // English words the writer kept, they rank that term (glossScore, see mergeLanguages).
      const score = glossesApart ? (latin * (acc.occurrences.length - acc.glossUses)) / acc.occurrences.length : latin;
      candidates.push({ key: acc.key, language: 'ja', surfaces: acc.surfaces, score, category, occurrences: acc.occurrences, aliases: [], ...(glossesApart ? { glossScore: latin } : {}) });
      continue;
    }
    candidates.push({
      key: acc.key,
      language: 'ja',
      surfaces: acc.surfaces,
      score:
        flr(acc.occurrences.length, acc.parts, left, right, options.adjacencyWeight ?? 1, prefixParts) *
        generalWordFactor(acc.generality, generalScale) * (acc.glossed > 0 ? glossBonus : 1) *
        Math.pow(acc.occurrences.length / (acc.occurrences.length + (verbUses.get(acc.key) ?? 0)), options.verbalWeight ?? VERBAL_WEIGHT),
      category,
      occurrences: acc.occurrences,
      aliases: [],
    });
  }
  // Latin-script terms scored the English way come after the FLR-ranked ones: two scales, two runs.
  const scale = (c: TermCandidate): number => (latinScores.has(c.key) ? 1 : 0);
  return candidates.sort((a, b) => scale(a) - scale(b) || b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Latin-script terms inside Japanese text

/**
 * A term of Latin letters only (iterable, path entry, PEP, UTF-8): an English word or phrase the
 * Japanese writer or translator kept in English. FLR cannot rank it: its adjacency comes from
 * compounding, and a Latin word stands apart from the Japanese nouns around it (spaces, particles),
 * so its FLR is about its bare frequency while Japanese nouns get adjacency factors of 10–300.
 * It is ranked the English way instead — frequency × specificity against general English
 * (SUBTLEX-US, as english.ts does) — and the extract step merges these candidates as a list of
 * their own, by rank quantiles (see mergeLanguages in index.ts). See docs/extraction-japanese.md.
 */
export function isLatinCandidate(c: Pick<TermCandidate, 'key'>): boolean {
  return LATIN_KEY.test(c.key);
}
const LATIN_KEY = /^[\p{Script=Latin}\p{N}._-]+$/u;

/** Exponent of a Latin-script term's specificity (2; 3, English's exponent, was measured: docs/quality.md). */
export const LATIN_SPECIFICITY_WEIGHT = 2;
/**
 * Score factor for a lower-case Latin term that is not code (text file, docstring, callable): Japanese
 * has a spelling for every common word, so one left in English was kept on purpose, as a term;
 * acronyms and names (URL, HTTP, PEP, Python) are written in Latin letters whatever their role.
 */
export const LATIN_LOWER_CASE_FACTOR = 2;
const NO_RANGES: readonly number[] = [];

const within = (ranges: readonly number[], start: number, end: number): boolean => {
  for (let i = 0; i < ranges.length; i += 2) if (start >= ranges[i]! && end <= ranges[i + 1]!) return true;
  return false;
};

/** A gloss stands in parentheses right after a Japanese word: 「仮引数 (parameter)」「仮想 DOM（VDOM）」. */
const GLOSS_OPEN = /[\u3041-\u30ff\u3400-\u9fff々]\s?[（(]\s?$/u;
const GLOSS_CLOSE = /^\s?[)）]/u;
/** A Latin word glued to one of these is code: `iter(x)`, `a[0]`, `f.read`, `x=1`, `key:`. */
const CODE_AFTER = new Set(['(', '[', '.', '=', ':']);
const CODE_BEFORE = new Set(['.', '=']);
/**
 * Nouns that make the Latin name right before them a class, type, method or module of the code:
 * 「Enum クラス」「StopIteration 例外」「float 型」「argparse モジュール」. Not オブジェクト: a language or an
 * adjective stands there too (「Python オブジェクト」「iterable オブジェクト」).
 */
const CLASS_NOUN = new Set(['クラス', 'インスタンス', '例外', 'メンバー', 'サブクラス', 'メソッド', '属性', '関数', 'モジュール', '型'].map(normalizeKey));
const CLASS_NOUN_AFTER_NO = /^\s?の\s?(?:クラス|インスタンス|例外|メンバー?|サブクラス|メソッド|属性|関数|モジュール|型)/u;
/** Every word capitalised: a name or a title (Raymond Hettinger, Byte Order Mark), not a phrase of common nouns. */
const TITLE_CASE = /^\p{Lu}\S*(?: \p{Lu}\S*)+$/u;

/**
 * Code, not an English word, so English specificity says nothing about it: a third of its uses glued
 * to code punctuation, inside an inline code span (`(const char *)`) or naming a class of the code (`classFrames`: 「Enum クラス」「StopIteration 例外」
 * 「IntFlag のメンバー」, the Japanese counterpart of "the Enum class"), a code spelling everywhere (snake_case, camelCase, dotted names), one letter
 * (x, B), a lower-case word of two letters (ab) or a short one general English does not know (str,
 * repr, obj, func), or a phrase with a one-letter or numbered word (op1 b op2 c, IEEE 754 binary64).
 */
function isLatinCode(acc: Accumulator, generalCounts: ReadonlyMap<string, number>, classFrames = 0): boolean {
  if ((acc.codeUses + classFrames) * 3 >= acc.occurrences.length + classFrames) return true;
  const surfaces = [...acc.surfaces.keys()];
  if (surfaces.every((s) => isCodeSpelling(s))) return true;
  if (acc.parts.length > 1) return acc.parts.some((p) => p.length === 1 || /\d/.test(p));
  if (acc.key.length === 1) return true;
  return surfaces.every((s) => /^[a-z]{1,2}$/.test(s) || (/^[a-z]{3,4}$/.test(s) && (generalCounts.get(s) ?? 0) < CODE_ABBREVIATION_MAX_COUNT));
}

/**
 * Scores of the Latin-script terms: frequency × specificity². Specificity is English's,
 * log2(1 + domain share / general share), with the Latin words of the Japanese text as the domain:
 * - one word: its own;
 * - a lower-case phrase the text uses more than once (path entry, text file): the phrase's, its
 *   general share estimated as the product of its words' (a phrase of general words the writer kept
 *   whole in English is as rare in general English as the words are together, not as its most
 *   general word); once is no sign the writer keeps it together ("Python packaging user guide",
 *   "Unix syslog daemon" each ranked in the top 100 by that product), so it is ranked as below;
 * - a Title-Case phrase (a person, a product, a section title): its most general word's, moved
 *   towards its most specific word's by cohesion, as english.ts ranks phrases;
 * - code (isLatinCode): 0, the bottom of the list;
 * - a lower-case term that is not code: × lowerCaseFactor (LATIN_LOWER_CASE_FACTOR).
 * Uses as a gloss (glossUses) are taken out of the score by the caller, which keeps them as glossScore.
 */
function scoreLatinTerms(terms: ReadonlyMap<string, Accumulator>, weight: number, classFrames: ReadonlyMap<string, number>, lowerCaseFactor: number): Map<string, number> {
  const wordCounts = new Map<string, number>();
  let total = 0;
  const latin: Accumulator[] = [];
  for (const acc of terms.values()) {
    if (!isLatinCandidate(acc)) continue;
    latin.push(acc);
    for (const part of acc.parts) {
      wordCounts.set(part, (wordCounts.get(part) ?? 0) + acc.occurrences.length);
      total += acc.occurrences.length;
    }
  }
  const { counts, total: generalTotal } = generalWordCounts();
  const generalShare = (word: string): number => ((counts.get(word) ?? 0) + 1) / generalTotal;
  const specificity = (count: number, general: number): number => Math.log2(1 + count / Math.max(1, total) / general);
  const cohesionWeight = DEFAULT_ENGLISH_RANKING.cohesionWeight;
  const scores = new Map<string, number>();
  for (const acc of latin) {
    const frequency = acc.occurrences.length;
    let spec: number;
    if (isLatinCode(acc, counts, classFrames.get(acc.key) ?? 0)) spec = 0;
    else if (acc.parts.length === 1) spec = specificity(wordCounts.get(acc.parts[0]!) ?? 0, generalShare(acc.parts[0]!));
    else if (frequency >= 2 && !TITLE_CASE.test(mostFrequentSurface(acc.surfaces))) {
      let general = 1;
      for (const part of acc.parts) general *= generalShare(part);
      spec = specificity(frequency, general);
    } else {
      const specs = acc.parts.map((p) => specificity(wordCounts.get(p) ?? 0, generalShare(p)));
      spec = cohesiveSpecificity(Math.min(...specs), specs, frequency, acc.parts.map((p) => wordCounts.get(p) ?? 0), cohesionWeight);
    }
    // A word the writer could have translated and kept in English (text file, docstring, callable) is a
    // choice; acronyms and names (URL, PEP, Python) are written in Latin letters in any Japanese text.
    const keptByChoice = spec > 0 && [...acc.surfaces.keys()].every((surface) => !/\p{Lu}/u.test(surface));
    scores.set(acc.key, frequency * Math.pow(Math.max(spec, 0.01), weight) * (keptByChoice ? lowerCaseFactor : 1));
  }
  return scores;
}


// Whitespace that collapsing would change: a run of two, or anything but a plain space.
const LOOSE_WHITESPACE = /\s\s|[^\S ]/u;

function snippet(text: string, start: number, end: number): string {
  const context = contextSnippet(text, start, end, CONTEXT_CHARS);
  // Corpus sentences are already single-spaced, and a short one is its own snippet: no copy then.
  return (LOOSE_WHITESPACE.test(context) ? context.replace(WHITESPACE_RUN, ' ') : context).trim();
}

const NO_PREFIXES: ReadonlySet<string> = new Set();

/**
 * FLR = f(CN) × (Π_i (LN(N_i)+1)(RN(N_i)+1))^(1/2L): frequency times the geometric mean of how
 * often each simple noun N_i of the compound joins other nouns on its left and right. A prefix
 * (`prefixes`: 仮 of 仮引数, 未 of 未定義) opens a compound by definition, so its LN is 0 whatever
 * its productivity; its RN is used for both sides, else every compound with a prefix would lose a
 * factor of about √RN against a compound of two nouns.
 */
export function flr(
  frequency: number,
  parts: readonly string[],
  left: ReadonlyMap<string, number>,
  right: ReadonlyMap<string, number>,
  adjacencyWeight = 1,
  prefixes: ReadonlySet<string> = NO_PREFIXES,
): number {
  if (parts.length === 0) return 0;
  let logSum = 0;
  for (const part of parts) {
    const rightSide = Math.log((right.get(part) ?? 0) + 1);
    // A prefix has no left neighbour by construction (it opens a compound): its right side stands for both.
    logSum += (prefixes.has(part) ? rightSide : Math.log((left.get(part) ?? 0) + 1)) + rightSide;
  }
  return frequency * Math.exp((adjacencyWeight * logSum) / (2 * parts.length));
}

function majority(votes: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < votes.length; i++) if (votes[i]! > votes[best]!) best = i;
  return best;
}

/** [start, end) pieces of text[from, to) no longer than MAX_CHUNK, cut at a space or symbol. */
function chunks(text: string, from: number, to: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = from;
  while (to - start > MAX_CHUNK) {
    let cut = start + MAX_CHUNK;
    while (cut > start + MAX_CHUNK / 2 && WORD_CHAR.test(text[cut - 1]!)) cut--;
    if (cut <= start + MAX_CHUNK / 2) cut = start + MAX_CHUNK;
    // Never split a surrogate pair.
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut++;
    pieces.push([start, cut]);
    start = cut;
  }
  pieces.push([start, to]);
  return pieces;
}

/** Classify the tokens of one chunk into units, merging Latin words such as Vue.js or HTTP2. */
function buildUnits(tokens: IpadicFeatures[], offset: number, units: Units, costs: WordCosts): void {
  let count = 0;
  let position = offset;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const surface = token.surface_form;
    const start = position;
    position += surface.length;
    let kind = OTHER;
    let category = CAT_NONE;
    let flags = 0;
    if (isAlnum(surface)) {
      // A Latin word arrives as several tokens (letters, digits, the "." of Vue.js): merge them.
      const first = i;
      let digitsOnly = isDigitCode(surface.charCodeAt(0)) && isDigits(surface);
      while (i + 1 < tokens.length) {
        const next = tokens[i + 1]!.surface_form;
        if (isAlnum(next)) {
          digitsOnly &&= isDigits(next);
          position += next.length;
          i++;
        } else if (WORD_JOINERS.has(next) && isAlnum(tokens[i + 2]?.surface_form ?? '')) {
          const after = tokens[i + 2]!.surface_form;
          digitsOnly &&= isDigits(after);
          position += next.length + after.length;
          i += 2;
        } else break;
      }
      const word = position - start === surface.length ? surface : null;
      // `__get__`, `_private`: IPADIC splits the underscores off (as "__", ".__" or "__("); the name
      // is code, not the word inside it.
      const underscored = UNDERSCORE_END.test(tokens[first - 1]?.surface_form ?? '') || UNDERSCORE_START.test(tokens[i + 1]?.surface_form ?? '');
      if (digitsOnly) kind = NUMBER_PART;
      else if (underscored) kind = OTHER;
      else if (word !== null && ENGLISH_STOP.has(word.toLowerCase())) kind = OTHER;
      else kind = ALPHA;
    } else {
      const pos = token.pos;
      const detail = token.pos_detail_1;
      if (pos === '名詞') {
        if (detail === '一般') {
          kind = NOUN;
          if (surface.length === 1 && token.word_type === 'KNOWN') category = CAT_COMMON;
        } else if (detail === '固有名詞') {
          kind = NOUN;
          // Unknown words are tagged 固有名詞-組織 by IPADIC's unk.def: only dictionary words count.
          if (token.word_type === 'KNOWN') {
            const sub = token.pos_detail_2;
            category = PROPER_NOUN_CATEGORY.get(sub) ?? CAT_NONE;
          }
        } else if (detail === 'サ変接続') {
          kind = WORD_CHAR.test(surface) ? NOUN : OTHER;
          flags = FLAG_SAHEN;
        }
        else if (detail === '形容動詞語幹' || detail === 'ナイ形容詞語幹') kind = ADJ_STEM;
        else if (detail === '数') kind = NUMBER_PART;
        // 副詞可能 nouns double as adverbs of time and extent. Longer ones are content words in
        // compounds (同期レプリケーション, 応答時間); one-character ones (前, 後) only qualify a
        // following noun (前処理) and must not end a term (リリース前).
        else if (detail === '副詞可能') kind = surface.length > 1 ? NOUN : ADJ_STEM;
        else if (detail === '接尾') {
          const sub = token.pos_detail_2;
          kind =
            sub === '一般' || sub === 'サ変接続'
              ? SUFFIX
              : sub === '形容動詞語幹'
                ? ADJ_STEM
                : sub === '助数詞'
                  ? COUNTER
                  : OTHER;
        }
      } else if (pos === '動詞') {
        if (token.basic_form === 'する' || token.basic_form === 'できる') flags = FLAG_SURU;
      } else if (pos === '接頭詞') {
        if (detail === '名詞接続') kind = PREFIX;
        else if (detail === '数接続') {
          kind = PREFIX;
          flags = FLAG_NUMERIC_PREFIX;
        }
      }
      else if (pos === '記号') kind = detail === 'アルファベット' ? ALPHA : surface === ' ' ? SPACE : OTHER;
    }
    if (kind === OTHER && token.pos === '動詞' && KANJI_WORD.test(surface)) {
      // A verb written in kanji alone has no inflection, so it is not used as a verb here: IPADIC
      // reads an unknown kanji compound as one-kanji verbs (焙|煎 for 焙煎). Glued to other kanji,
      // it is part of a noun.
      const previous = count - 1;
      const next = tokens[i + 1]?.surface_form ?? '';
      const gluedBefore = previous >= 0 && units.end[previous] === start && units.kind[previous] === NOUN && isKanjiChar(tokens[i - 1]?.surface_form.slice(-1) ?? '');
      if (gluedBefore || isKanjiChar(next.charAt(0))) kind = NOUN;
    }
    if (kind === OTHER && KATAKANA_WORD.test(surface)) {
      // IPADIC sometimes cuts an unknown loan word after a short known word (ホッ|トモジュール…):
      // a katakana piece glued to katakana on either side belongs to that word.
      const previous = count - 1;
      const before = tokens[i - 1]?.surface_form ?? '';
      if (
        previous >= 0 &&
        units.end[previous] === start &&
        units.kind[previous] === NOUN &&
        isKatakanaCode(before.charCodeAt(before.length - 1))
      ) {
        units.end[previous] = position;
        units.generality[previous] = 0;
        continue;
      }
      const next = tokens[i + 1]?.surface_form;
      if (next !== undefined && isKatakanaCode(next.charCodeAt(0))) {
        position += next.length;
        i++;
        kind = NOUN;
      }
    }
    if (kind === NOUN && surface.length === 1 && category === CAT_COMMON && isKanjiChar(surface)) {
      // A one-kanji noun glued to a kanji noun ends a word IPADIC does not know (文字|列 for
      // 文字列, 代入|文): counted as a second part, it made 文字 the hub of every 文字列 and the
      // lone 列 (8 uses against 300 in 文字列) a top-100 term by FLR's adjacency.
      const previous = count - 1;
      if (previous >= 0 && units.end[previous] === start && units.kind[previous] === NOUN && isKanjiChar((tokens[i - 1]?.surface_form ?? '').slice(-1))) {
        units.end[previous] = position;
        units.generality[previous] = 0;
        units.category[previous] = CAT_NONE;
        continue;
      }
    }
    units.kind[count] = kind;
    // A unit merged from several tokens (katakana pieces, Vue.js) is no dictionary word.
    units.generality[count] = kind === NOUN && position - start === surface.length ? generalityOf(token, costs) : 0;
    units.category[count] = category;
    units.flags[count] = flags;
    units.start[count] = start;
    units.end[count] = position;
    count++;
  }
  units.count = count;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

const joins = (kind: number | undefined): boolean =>
  kind === NOUN || kind === SUFFIX || kind === ADJ_STEM || kind === ALPHA || kind === NUMBER_PART;
/** Parts that say how many, not what: a compound of only these is a quantity (第3章, 2024年). */
function isQuantity(units: Units, u: number): boolean {
  const kind = units.kind[u];
  if (kind === PREFIX) return (units.flags[u]! & FLAG_NUMERIC_PREFIX) !== 0;
  return kind === NUMBER_PART || kind === COUNTER || kind === SPACE;
}

/** Find maximal noun runs in the units and hand each trimmed, accepted compound to `emit`. */
function scanCompounds(units: Units, text: string, emit: (from: number, to: number) => void, onVerb: (u: number) => void): void {
  const { kind } = units;
  let runStart = -1;
  for (let u = 0; u < units.count; u++) {
    const k = kind[u]!;
    if (joins(k)) {
      if (runStart < 0) runStart = u;
    } else if (k === COUNTER && runStart >= 0 && (kind[u - 1] === NUMBER_PART || kind[u - 1] === COUNTER)) {
      // 三 + 層 (+ 構造): a counter belongs to the number before it.
    } else if (k === PREFIX) {
      // A prefix opens a new compound; consecutive prefixes (超高速) stay together.
      if (runStart >= 0 && kind[u - 1] !== PREFIX) {
        finishCompound(units, text, runStart, u - 1, false, emit, onVerb);
        runStart = u;
      } else if (runStart < 0) runStart = u;
    } else if (
      k === SPACE &&
      runStart >= 0 &&
      joins(kind[u - 1]) &&
      joins(kind[u + 1]) &&
      (kind[u - 1] === ALPHA || kind[u + 1] === ALPHA)
    ) {
      // 「仮想 DOM」: one half-width space joins when a neighbour is alphabetic.
    } else {
      const beforeSuru = (units.flags[u]! & FLAG_SURU) !== 0;
      if (runStart >= 0) finishCompound(units, text, runStart, u - 1, beforeSuru, emit, onVerb);
      runStart = -1;
    }
  }
  if (runStart >= 0) finishCompound(units, text, runStart, units.count - 1, false, emit, onVerb);
}

/**
 * Apply the trimming rules and the filters to units[from..to], then emit what is left.
 * `beforeSuru`: the run is followed by する/できる (「更新します」).
 */
function finishCompound(
  units: Units,
  text: string,
  from: number,
  to: number,
  beforeSuru: boolean,
  emit: (from: number, to: number) => void,
  onVerb: (u: number) => void,
): void {
  const { kind, start, end } = units;
  const lastUnit = to;
  const surfaceOf = (u: number): string => text.slice(start[u], end[u]);
  for (;;) {
    const before = to - from;
    // A compound cannot start with a suffix or end with an adjective stem, a prefix, a number or
    // a space (ステップ1 → ステップ).
    while (from <= to && (kind[from] === SUFFIX || kind[from] === SPACE)) from++;
    while (from < to && kind[from] === PREFIX && LEADING_TRIM.has(surfaceOf(from))) from++;
    while (
      from <= to &&
      (kind[to] === ADJ_STEM || kind[to] === PREFIX || kind[to] === SPACE || kind[to] === NUMBER_PART)
    ) {
      to--;
    }
    while (from < to && TRAILING_TRIM.has(surfaceOf(to))) to--;
    if (from > to || to - from === before) break;
  }
  if (from > to) return;
  let head = from;
  while (head <= to && isQuantity(units, head)) head++;
  if (head > to) return;
  // A quantity before one short or general word is still a quantity (100ミリ秒, 3時間).
  if (head > from && head === to) {
    if (end[to]! - start[to]! === 1 || STOP_NOUNS.has(normalizeKey(surfaceOf(to)))) return;
  }
  let parts = 0;
  for (let u = from; u <= to; u++) if (kind[u] !== SPACE) parts++;
  if (parts === 1) {
    const surface = surfaceOf(from);
    // A lone verbal noun right before する is the verb 「更新する」, not a mention of a term.
    if (beforeSuru && to === lastUnit && (units.flags[from]! & FLAG_SAHEN) !== 0) {
      onVerb(from);
      return;
    }
    if (
      TRAILING_TRIM.has(surface) ||
      HIRAGANA_OR_KATAKANA_CHAR.test(surface) ||
      NUMBER.test(surface) ||
      STOP_NOUNS.has(normalizeKey(surface))
    ) {
      return;
    }
  }
  emit(from, to);
}

/**
 * Every part a proper noun of one subtype → that subtype (山田 + 太郎 → person); a lone
 * one-character noun → common; else none.
 */
function compoundCategory(units: Units, from: number, to: number): number {
  if (from === to && units.category[from] === CAT_COMMON) return CAT_COMMON;
  let category = -1;
  for (let u = from; u <= to; u++) {
    if (units.kind[u] === SPACE) continue;
    const c = units.category[u]!;
    if (c === CAT_NONE || c === CAT_COMMON || (category !== -1 && c !== category)) return CAT_NONE;
    category = c;
  }
  return category === -1 ? CAT_NONE : category;
}
