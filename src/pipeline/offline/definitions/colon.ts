// "Term: definition" — glossary lines and list items ("- **X**: …", "X — …", 「用語：説明」)
import { codeSpanRanges, detectLanguage } from '../../corpus';
import { isCodeSpelling } from '../../extract/signals';
import { normalizeKey } from '../../normalize';
import type { Sentence } from '../../types';
import { englishGenus, japaneseGenus } from './genus';
import type { IndexedSentence } from './sentence-index';
import type { TermMatch } from './term-match';

/** Kinds where only the "Term: definition" form counts (other list items and cells stay excluded). */
export const COLON_ONLY_KINDS: ReadonlySet<Sentence['kind']> = new Set(['list', 'table']);
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
  // So does "HCO2 - CO2 emissions, …; HLE - Annual amount …; Eh - …": a semicolon, then a short label
  // and a spaced dash, starts the next entry.
  const next = /(?<![\d\s])\s:\s(?=\p{L})|;(?=\s+[^\s;]{1,12}\s[-–—]\s)/u.exec(norm.slice(from, to));
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
  // ("Comparisons: `eq()`, `ne()`, `lt()` and `gt()`."), nor a bare value with a remark after a
  // semicolon ("aliases: empty here; the merge step harvests them"): the first clause decides.
  const firstClause = text.split(/[;；]/)[0]!;
  if (ja ? firstClause.replace(/\s/g, '').length < 6 : firstClause.split(/\s+/).filter((w) => /\p{L}/u.test(w) && !isCodeWord(w, sentence.code)).length < 3) return null;
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

/** Whether a text opens with one of its sentence's code spans ("a `Map` of runs" has a genus first). */
export function startsWithCode(text: string, code: readonly string[] | undefined, alone = false): boolean {
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
export function isCodeWord(word: string, code: readonly string[] | undefined): boolean {
  const bare = word.replace(/[,.;:!?]+$/, '');
  return isCodeSpelling(bare) || (code?.includes(bare) ?? false);
}
