// What the text says about its own terms, independent of the extractors: spans the author marked
// (bold, 「」『』), terms a sentence defines ("X is a …", 「XとはYである」) and code spelling (inline
// code). The extract step uses them to rank concepts above identifiers in technical documentation.
import { normalizeKey } from '../normalize';
import type { Sentence } from '../types';

export interface ConceptSignals {
  /** Keys of spans set in bold or 「」『』 (inline code is not a mark of a term). */
  marked: Set<string>;
  /** Keys of terms a sentence defines. */
  defined: Set<string>;
  /** Marked or defined terms, and headings, that read as names (not phrases or sentences): key → text. */
  markedTexts: Map<string, string>;
  /** Key → number of sentences that write it as a whole inline-code span. */
  codeCounts: Map<string, number>;
  /** The inline-code spellings themselves (`OPENAI`, `name`), to prefer a term's prose spelling. */
  codeSurfaces: Set<string>;
  /**
   * Names as written (case kept) in code proper: a code span, a part of a dotted name, a call
   * (`logging.LogRecord`, `LogRecord(...)`). Not "a PostgreSQL instance", and not a lower-case
   * namesake (`schema.graphql` is no code use of GraphQL).
   */
  codeSpellings: Set<string>;
  /** Keys of headings that are a name, not a phrase ("## List Comprehensions", 「## 名前空間」): what a section is about. */
  headings: Set<string>;
  /** Defined key → the first sentences that define it, with the name as written there. */
  definingSentences: Map<string, { sentence: Sentence; text: string }[]>;
}

/** Defining sentences kept per key: the definition step needs one, ranking none. */
const DEFINING_SENTENCES_KEPT = 3;

const PARENTHETICAL = /\s*[（(][^()（）]*[)）]\s*/gu;
const SPAN_TRIM = /^[\s"'“”‘’([{<「『]+|[\s"'“”‘’)\]}>」』:;,.!?。、]+$/gu;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;
const EN_NOT_A_SUBJECT = new Set([
  'it', 'this', 'that', 'these', 'those', 'there', 'here', 'which', 'what', 'who', 'each', 'every', 'some', 'any',
  'all', 'such', 'one', 'another', 'other', 'its', 'their', 'our', 'your', 'my', 'his', 'her', 'we', 'you', 'they',
  'he', 'she', 'i', 'result', 'answer', 'reason', 'problem', 'goal', 'idea', 'point', 'difference', 'default',
  'following', 'example', 'output', 'first', 'second', 'next', 'last', 'rest', 'same', 'only', 'main',
  // A clause or an adverb opens the sentence, not the subject: "If you are a …", "Below is the …".
  'if', 'when', 'whenever', 'since', 'while', 'because', 'although', 'though', 'as', 'once', 'unless', 'whether',
  'after', 'before', 'below', 'above', 'please', 'latter', 'former', 'so', 'then', 'now', 'thus', 'hence',
  'however', 'also', 'but', 'and', 'or', 'for', 'in', 'on', 'at', 'to', 'by', 'with', 'from', 'of', 'both', 'either',
  // A conjunction opening a clause after a semicolon: "…: no definition; nor is a role the thing plays …".
  'nor', 'neither', 'yet', 'not',
]);
/** Pronouns inside a subject make it a clause ("If it", "Since you"), never a name. */
const EN_PRONOUN = /\b(?:you|it|we|they|he|she|i|there)\b/i;

/**
 * Code spelling: snake_case, camelCase, dunder and dotted names, paths, file names and extensions,
 * call syntax, environment-variable style (LLM_DEBUG_DIR), or a name starting with a digit.
 * Capitalised dotted names (Vue.js, ASP.NET) are product names, not code.
 */
export function isCodeSpelling(surface: string): boolean {
  const s = surface.trim();
  if (/[_\\/=<>(){}[\]#$@~|*^%]/.test(s) || /^[.\d]/.test(s)) return true;
  // camelCase: two lower-case letters or more, then a capital that opens a word (projectId,
  // toString) — not a unit or a brand written with one small letter first (kV, kWh, pH, iPhone, eBay).
  if (/^[a-z][a-z0-9]+[A-Z][a-z0-9]/.test(s) || /^[a-z]{2,}[0-9]*[A-Z]+$/.test(s)) return true;
  if (FILE_NAME.test(s) && !/^[A-Z][a-z]+\.js$/.test(s)) return true;
  if (/[A-Za-z0-9]\.[A-Za-z]/.test(s) && !/^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/.test(s)) return true;
  return false;
}

/**
 * A class name's spelling: one word with a capital after a lower-case letter (LogRecord, IntEnum,
 * LoggerAdapter). Brands are spelled so too (JavaScript, GitHub), so the shape alone proves
 * nothing: the extract step calls such a word code only when the text also writes it as code
 * (`logging.LogRecord`, `LogRecord(...)`, a code span).
 */
export function isClassSpelling(surface: string): boolean {
  return /^[A-Z][A-Za-z0-9]*[a-z0-9][A-Z][A-Za-z0-9]*$/.test(surface);
}

// A file name by its extension (README.md, config.json); "Node.js"-style product names are exempt.
const FILE_NAME = /\.(?:md|mdx|txt|json|jsonc|ya?ml|toml|ini|cfg|conf|lock|log|csv|tsv|xml|html?|css|scss|[cm]?[jt]sx?|py|rb|rs|go|java|kt|swift|c|cc|cpp|h|hpp|cs|php|sh|bash|zsh|ps1|bat|exe|dll|so|wasm|sql|db|zip|gz|tar|png|jpe?g|gif|svg|pdf)$/i;

function spanKey(raw: string): { text: string; key: string } {
  const text = raw.replace(PARENTHETICAL, ' ').trim().replace(SPAN_TRIM, '').trim();
  return { text, key: normalizeKey(text) };
}

const NOT_OKURIGANA = /^(?:から|より|まで|など|だけ|ほど|しか|こそ|さえ|する|した|して|され|れる|せる|ます|ない|たい|らい|よう|こと|もの|ため|これ|それ|あれ|どれ|ここ|そこ|です|だっ|ある|いる|なる|おり|かも|ずつ|くらい|ぐらい)$/u;

/** A marked span that names something: a few words or a short Japanese compound, not a clause. */
function readsAsName(text: string): boolean {
  if (text.length < 2 || !/\p{L}/u.test(text) || isCodeSpelling(text)) return false;
  if (JAPANESE.test(text)) {
    if (text.length > 16 || /[、。，．！？!?,;:：「」『』]/u.test(text)) return false;
    // Okurigana (仕込み, 呼び出し, 蒸らし) and あり/なし (教師あり学習) belong to names; particles and
    // inflections (から, まで, する, です) make a phrase.
    const hiragana = text.replace(/あり|なし/g, '').match(/[\u3041-\u309f]+/gu) ?? [];
    return hiragana.every((h) => h.length <= 2 && !/[のをにがではへもやと]/u.test(h) && !NOT_OKURIGANA.test(h));
  }
  const words = text.split(/\s+/);
  return words.length <= 4 && words.every((w) => /^[\p{L}][\p{L}\p{N}'’-]*$/u.test(w)) && !/[.!?]$/.test(text);
}

// "An iterator is an object …", "Iterators are objects …", "A metaclass refers to …".
const EN_DEFINES =
  /^(?:(?:an?|the)\s+)?([A-Za-z][\w'’+-]*(?:\s+[A-Za-z][\w'’+-]*){0,3}?)\s*(?:\([^)]{1,60}\)\s*)?,?\s+(?:(?:is|are)\s+(?:(?:an?|the|one)\s|(?:defined|known)\s+as\s)|(?:refers?\s+to|means|denotes)\s)/i;
// The genus is a plural noun: not an adverb or adjective that happens to end in -s ("are always",
// "are sometimes", "are numerous").
const EN_PLURAL_DEFINES =
  /^([A-Za-z][\w'’+-]*(?:\s+[A-Za-z][\w'’+-]*){0,3}?s)\s+are\s+(?!not\b|also\b|used\b|\w+ly\b|\w+ed\b|\w+ous\b|(?:always|sometimes|perhaps|thus|whereas|besides|towards|afterwards|nevertheless|unless|less|various)\b)[a-z]+s\b/;
// 「XとはYである」「X（Y）とは…」, 「Xは…のことである／を指す」, 「…をXと呼ぶ」.
const JA_TOWA = /^[\s「『*]*([^、。，．\s「」『』（）()]{1,24}?)[」』*]*\s*(?:[（(][^）)]{1,40}[）)])?\s*とは[、,]?\s*(?!異な|違|限ら|限り|別に|無関係|関係な|比べ)/u;
const JA_NO_KOTO = /^[\s「『*]*([^、。，．\s「」『』（）()]{1,24}?)[」』*]*\s*(?:[（(][^）)]{1,40}[）)])?\s*は[、,]?.*(?:のこと(?:です|である|だ)?|を指す|を指します|をいう|をいいます|を意味する|を意味します)[。．]?$/u;
const JA_YOBU = /を\s?[「『*]*([^、。，．\s「」『』（）()をはが]{1,24}?)[」』*]*\s?(?:[（(][^）)]{1,40}[）)])?\s?と(?:呼ぶ|呼びます|呼んでいます|いう|いいます|言う|言います|称する)(?!に(?:は)?値し|べきでは|ことはでき)/u;
const JA_CUE = /とは|のこと|を指|をい|を言|を意味|と呼|という|と称/u;
const EN_CUE = /\s(?:is|are|refers?|means|denotes)\s/i;
// "… is called a *coroutine function*.", "… is known as a positional argument": the sentence names
// what it described. The name ends the clause; "is called on the object" is a call, not a name.
const NAMING_CUE = /\b(?:called|known\s+as|termed|referred\s+to\s+as|said\s+to\s+be)\s/i;
const EN_NAMED =
  /\b(?:is|are)\s+(?:called|known\s+as|termed|referred\s+to\s+as|said\s+to\s+be)\s+(?:(?:an?|the)\s+)?["'“‘*_`]*([A-Za-z][\w'’+-]*(?:\s+[A-Za-z][\w'’+-]*){0,3}?)["'”’*_`]*(?:\s*(?:[.;:(]|,\s|$)|\s+(if|when|whenever)\s)/i;
const NOT_A_NAME_START =
  /^(?:on|with|inside|in|at|as|by|when|for|from|to|once|only|after|before|during|if|twice|again|directly|automatically|first|last|then|whenever|implicitly|explicitly|repeatedly|instead|here|there|it|this|that|them|each|every|via|through|upon|without|within|under|over|even|just|also|still|always|never|often|usually|sometimes|later|now|too)\b/i;
const JA_DEMONSTRATIVE = /^(?:この|その|あの|どの|これ|それ|あれ|ここ|そこ)/u;
/**
 * A verb in its dictionary form (書く, 使う, 返す, 与える, 実行する) is a clause, not a name: 「…を書くと
 * いうのも」「…を使うということ」 nominalise what is done, they name nothing.
 */
const JA_VERB_END = /(?:[\u3400-\u9fff][うくすつぬふむるぐぶ]|[\u3400-\u9fff]える|する)$/u;

/** The term a sentence defines, if it defines one (raw text as written). */
export function definedSubject(sentence: Pick<Sentence, 'text' | 'language'>): string | null {
  const text = sentence.text;
  if (sentence.language === 'ja' || JAPANESE.test(text.slice(0, 30))) {
    // The cues first: most sentences have none, and the patterns below scan the whole sentence.
    if (!JA_CUE.test(text)) return null;
    const m = JA_TOWA.exec(text) ?? JA_NO_KOTO.exec(text) ?? JA_YOBU.exec(text);
    const subject = m?.[1]?.trim();
    if (!subject || JA_DEMONSTRATIVE.test(subject) || JA_VERB_END.test(subject)) return null;
    return subject;
  }
  if (NAMING_CUE.test(text)) {
    const named = EN_NAMED.exec(text);
    const name = named?.[1]?.trim();
    // "is called recursively if …" is a call, not a name.
    if (name && !NOT_A_NAME_START.test(name) && !(named![2] && /ly$/i.test(name))) return name;
  }
  if (THINK_OF_CUE.test(text)) {
    const pictured = EN_THINK_OF.exec(text)?.[1]?.trim();
    if (pictured && !NOT_A_NAME_START.test(pictured)) return pictured;
  }
  if (!EN_CUE.test(text.slice(0, 120))) return null;
  return englishSubject(text) ?? (FRAMING_PHRASE.test(text) ? englishSubject(text.replace(FRAMING_PHRASE, '')) : null);
}

/** The subject of an English "X is a …" / "Xs are …s" sentence, if it reads as a name. */
function englishSubject(text: string): string | null {
  const m = EN_DEFINES.exec(text) ?? EN_PLURAL_DEFINES.exec(text);
  const subject = m?.[1]?.trim();
  if (!subject) return null;
  const first = subject.split(/\s+/)[0]!.toLowerCase();
  if (EN_NOT_A_SUBJECT.has(first) || EN_PRONOUN.test(subject)) return null;
  return subject;
}

// "It is best to think of a dictionary as a set of key: value pairs": the picture the author gives.
const THINK_OF_CUE = /\bthink\s+of\s/i;
const EN_THINK_OF = /\bthink\s+of\s+(?:a|an)\s+["'“‘*_`]*([A-Za-z][\w'’+-]*(?:\s+[A-Za-z][\w'’+-]*){0,3}?)["'”’*_`]*\s+as\s+(?!if\b|though\b|well\b|follows?\b)/i;
// "In general, a descriptor is …", "When used as an expression, a slice is …", "In pattern
// matching, a mapping is …": a phrase that scopes a definition, not an example ("In the following
// example, age is …", "For example, …"), a condition ("If …, the pattern is …") or a list.
const FRAMING_PHRASE =
  /^(?:in\s+(?!(?:the\s+|this\s+|that\s+)?(?:following\s+|next\s+|above\s+|previous\s+)?examples?\b|fact\b|this\b|that\b|particular\b|other\s+words\b)[^,.;:]{1,30}|generally|technically|formally|informally|essentially|basically|simply\s+put|put\s+simply|on\s+the\s+other\s+hand|when\s+used\s+[^,.;:]{1,30}),\s+/i;

/**
 * The terms a sentence defines: its own subject and, in English, that of each clause after a
 * semicolon — "Objects whose value can change are said to be mutable; objects whose value is
 * unchangeable once they are created are called immutable." defines both.
 */
export function definedSubjects(sentence: Pick<Sentence, 'text' | 'language'>): string[] {
  const first = definedSubject(sentence);
  const subjects = first ? [first] : [];
  if (sentence.language !== 'en' || !sentence.text.includes(';')) return subjects;
  for (const clause of sentence.text.split(';').slice(1)) {
    const subject = definedSubject({ text: clause.trim(), language: 'en' });
    if (subject && !subjects.includes(subject)) subjects.push(subject);
  }
  return subjects;
}

const pluralFree = (key: string): string =>
  key.endsWith('ies') ? `${key.slice(0, -3)}y` : key.endsWith('s') && !key.endsWith('ss') ? key.slice(0, -1) : key;

// Code written in prose (documentation generators flatten their roles to plain text): a part of a
// dotted name (urllib.request, sys.path — not Vue.js), a call (len(), geturl()), an exception
// class (TypeError, HTTPError), a class name before "class", "object", "instance" … (LogRecord object).
const DOTTED_NAME = /(?<![\w.])[a-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g;
const CALL = /(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)\(/g;
const EXCEPTION_CLASS = /\b([A-Z][A-Za-z0-9]*(?:Error|Exception|Warning))\b(?:\s+(?:class|exception|object|instance)s?\b)?/g;
const CLASS_NAME_BEFORE_NOUN = /\b([A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*)\s+(?:class|classes|exception|object|objects|instance|instances|method|subclass|constructor|attribute)\b/g;
const PLAIN_ENGLISH_START = /^[a-z]/;
const DOTTED_CUE = /[a-z0-9_]\.[A-Za-z_]/;
const EXCEPTION_CUE = /(?:Error|Exception|Warning)\b/;
const CAMEL_CUE = /[a-z0-9][A-Z]/;

const CODE_RUN_WORDS = 3;
const CODE_WORD = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

/** Counts, once per sentence, each name the sentence writes as code: spans and code in prose. */
function countCodeUses(text: string, code: readonly string[] | undefined, counts: Map<string, number>, spellings: Set<string>): void {
  const seen = new Set<string>();
  const add = (name: string) => {
    const key = normalizeKey(name.replace(/\(\)$/, ''));
    if (key.length < 2 || seen.has(key)) return;
    seen.add(key);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  // Code proper also records the name as spelled (codeSpellings).
  const spelled = (name: string) => {
    spellings.add(name.replace(/\(\)$/, ''));
    add(name);
  };
  if (code) {
    for (const raw of code) {
      spelled(raw.trim());
      // A span of several words is a command or an expression (`npx tsx bench/x.ts`, `async def`):
      // the words and short runs of them inside it are code as well.
      const words = raw.trim().split(/\s+/);
      if (words.length > 1) {
        for (let i = 0; i < words.length; i++) {
          for (let n = 1; n <= CODE_RUN_WORDS && i + n <= words.length; n++) {
            const run = words.slice(i, i + n);
            if (run.every((w) => CODE_WORD.test(w))) add(run.join(' '));
          }
        }
      }
    }
  }
  // Cheap tests first: each pattern scans the whole sentence, and most sentences have none.
  if (DOTTED_CUE.test(text)) for (const m of text.matchAll(DOTTED_NAME)) {
    // The parts count only when the chain starts with a name in lower case (not "e.g", not a URL).
    if (!PLAIN_ENGLISH_START.test(m[0]) || /^(?:e\.g|i\.e|www)\b/.test(m[0])) continue;
    spelled(m[0]);
    for (const part of m[0].split('.')) spelled(part);
  }
  if (text.includes('(')) for (const m of text.matchAll(CALL)) spelled(m[1]!);
  // "a TypeError exception", "a LogRecord instance": the class name with the kind of thing it is
  // names the same identifier, so the phrase is code as much as the name.
  if (EXCEPTION_CUE.test(text)) for (const m of text.matchAll(EXCEPTION_CLASS)) {
    add(m[1]!);
    if (m[0] !== m[1]) add(m[0]);
  }
  if (CAMEL_CUE.test(text)) for (const m of text.matchAll(CLASS_NAME_BEFORE_NOUN)) {
    add(m[1]!);
    add(m[0]);
  }
}

// Section furniture, not concepts: a heading of this shape names the document's parts.
const NOT_A_CONCEPT_HEADING = new Set(
  ['footnotes', 'footnote', 'appendix', 'introduction', 'overview', 'summary', 'conclusion', 'conclusions', 'references',
    'examples', 'example', 'notes', 'note', 'see also', 'contents', 'table of contents', 'index', 'glossary', 'usage',
    'installation', 'getting started', 'background', 'acknowledgements', 'acknowledgments', 'faq', 'changelog', 'license',
    'はじめに', '概要', 'まとめ', '脚注', '付録', '参考', '参考文献', '目次', '例', '使い方', 'インストール'].map(normalizeKey),
);

const HEADING_PHRASE = /\s(?:the|a|an|and|or|of|to|in|on|for|with|as|by|from|at|into|vs|versus|about|how|what|why|your|our|its)\s/i;

/** A heading without its number, article or 「とは」. */
function headingText(heading: string): string {
  return heading
    .replace(/^\s*(?:\d+(?:\.\d+)*\.?\s+)?/, '')
    .replace(/^(?:the|an?)\s+/i, '')
    .replace(/\s*とは[?？]?$/u, '')
    .replace(SPAN_TRIM, '')
    .trim();
}

/**
 * The keys a heading names when the whole heading is a name: a few words or a short compound, an
 * article or 「…とは」 aside ("## The Import System" → "importsystem"; 「## 名前空間とは」 → 名前空間).
 * English keys come singular too ("List Comprehensions" names "list comprehension").
 */
export function headingName(heading: string): string[] | null {
  const text = headingText(heading);
  // "Using Lists as Stacks", "Reading and Writing Files": a phrase about a task, not a name.
  if (!readsAsName(text) || (!JAPANESE.test(text) && (HEADING_PHRASE.test(text) || /^\p{L}+ing\s/iu.test(text)))) return null;
  const key = normalizeKey(text);
  if (key === '' || NOT_A_CONCEPT_HEADING.has(key)) return null;
  return JAPANESE.test(text) ? [key] : [...new Set([key, pluralFree(key)])];
}

// する and its forms right after a Japanese verbal noun: 「この差を **表示** しない」.
const SURU_AFTER = /^\s?(?:する|すれ|しな|した|して|します|しま|され|させ|しよう|せず)/u;

/**
 * 「この差を **表示** しないかもしれません」: bold on a verbal noun used as a verb stresses the action;
 * it does not set out a term. True when every use of the span in the sentence is followed by する.
 */
function stressesVerb(text: string, span: string): boolean {
  if (!JAPANESE.test(span)) return false;
  let found = false;
  for (let at = text.indexOf(span); at >= 0; at = text.indexOf(span, at + span.length)) {
    if (!SURU_AFTER.test(text.slice(at + span.length, at + span.length + 6))) return false;
    found = true;
  }
  return found;
}

/** A whole sentence in parentheses: an aside to the one before it, which defines nothing and is no quote. */
export function isAside(text: string): boolean {
  return /^\s*[(（][^]*[)）][.。]?\s*$/u.test(text);
}

/** Collects the signals of all sentences in one pass. */
export function conceptSignals(sentences: readonly Sentence[]): ConceptSignals {
  const signals: ConceptSignals = {
    marked: new Set(),
    defined: new Set(),
    markedTexts: new Map(),
    codeCounts: new Map(),
    codeSurfaces: new Set(),
    codeSpellings: new Set(),
    headings: new Set(),
    definingSentences: new Map(),
  };
  for (const s of sentences) {
    if (s.kind === 'heading') {
      const named = headingName(s.text);
      if (named) {
        for (const key of named) signals.headings.add(key);
        // A heading that names a concept makes it a candidate (not a higher rank: see docs/quality.md).
        const text = headingText(s.text);
        if (!signals.markedTexts.has(named[0]!)) signals.markedTexts.set(named[0]!, text);
      }
    }
    const code = s.code;
    if (code) for (const raw of code) signals.codeSurfaces.add(raw.trim());
    countCodeUses(s.text, code, signals.codeCounts, signals.codeSpellings);
    for (const raw of s.emphasized) {
      if (code?.includes(raw) || stressesVerb(s.text, raw)) continue;
      const { text, key } = spanKey(raw);
      if (key === '') continue;
      signals.marked.add(key);
      if (!signals.markedTexts.has(key) && readsAsName(text)) signals.markedTexts.set(key, text);
    }
    if (s.kind !== 'paragraph' && s.kind !== 'quote' && s.kind !== 'list') continue;
    // An aside in parentheses ("(The built-in names … live in a module; this is called builtins.)")
    // is a remark on the way, not where the text introduces a term.
    if (isAside(s.text)) continue;
    for (const subject of definedSubjects(s)) {
      const { text, key } = spanKey(subject);
      if (key === '') continue;
      // English keys of nouns are singular: "Iterators are objects …" defines "iterator".
      const defined = JAPANESE.test(text) ? key : pluralFree(key);
      signals.defined.add(defined);
      signals.defined.add(key);
      for (const k of new Set([key, defined])) {
        const kept = signals.definingSentences.get(k) ?? [];
        if (kept.length < DEFINING_SENTENCES_KEPT) signals.definingSentences.set(k, [...kept, { sentence: s, text }]);
      }
      // A defined term is always a candidate, also one no extractor proposes (an adjective such as
      // "immutable" in "Objects whose value cannot change are called immutable").
      if (!signals.markedTexts.has(key) && readsAsName(text)) signals.markedTexts.set(key, text);
    }
  }
  return signals;
}
