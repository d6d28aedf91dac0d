// Turns documents into prose sentences that keep their exact source line. A hand-written,
// line-preserving Markdown pass: it only has to tell prose from non-prose (code, HTML, front
// matter) and keep structure (headings, lists, tables, quotes), which is far cheaper than a full
// CommonMark tree and keeps line numbers exact by construction.
import type { Corpus, Language, Occurrence, PreparedDocument, SourceDocument, Sentence } from './types';

type BlockKind = Sentence['kind'];

/** A run of consecutive source lines that form one prose unit (markers already removed). */
interface Block {
  kind: BlockKind;
  /** 1-based line of lines[0]; block lines are always consecutive source lines. */
  firstLine: number;
  lines: string[];
  heading: string | null;
  /** Source text the author sets out as a term (a definition list's term, a table's term cell). */
  term?: string;
}

/** Prepares every document once per run: sentences with line, language, kind, heading and emphasis. */
export function prepareCorpus(docs: readonly SourceDocument[]): Corpus {
  return { documents: docs.map(prepareDocument) };
}

/** Prepares one document; `.txt` files are plain paragraphs, everything else is read as Markdown. */
export function prepareDocument(doc: SourceDocument): PreparedDocument {
  const lines = splitLines(doc.content);
  const plain = /\.txt$/i.test(doc.fileName);
  const blocks = plain ? plainBlocks(lines) : markdownBlocks(lines);
  const sentences: Sentence[] = [];
  for (const block of blocks) {
    for (const s of blockSentences(block, plain)) {
      // Written out rather than spread: the spread copy was the costliest line of this pass
      // (≈ 17 ms of ≈ 90 on 1 MB).
      const index = sentences.length;
      const fileName = doc.fileName;
      const { line, text, language, kind, heading, emphasized, lineBreaks, code } = s;
      const sentence: Sentence = lineBreaks
        ? { line, text, language, kind, heading, emphasized, lineBreaks, index, fileName }
        : { line, text, language, kind, heading, emphasized, index, fileName };
      if (code) sentence.code = code;
      sentences.push(sentence);
    }
  }
  return { fileName: doc.fileName, lines, sentences };
}

/** The source line of a character offset inside a sentence's text (for multi-line sentences). */
export function sentenceLineAt(sentence: Sentence, offset: number): number {
  const breaks = sentence.lineBreaks;
  if (!breaks) return sentence.line;
  let extra = 0;
  for (const b of breaks) {
    if (b > offset) break;
    extra += 1;
  }
  return sentence.line + extra;
}

const CONTEXT_WIDTH = 160;

/** Flat [start, end, start, end, …] offsets of every place each inline code span stands in `text`. */
export function codeSpanRanges(text: string, spans: readonly string[]): number[] {
  const ranges: number[] = [];
  for (const span of spans) {
    if (span === '') continue;
    for (let at = text.indexOf(span); at >= 0; at = text.indexOf(span, at + span.length)) ranges.push(at, at + span.length);
  }
  return ranges;
}

/** An Occurrence for text[start, end) of a sentence: exact line and a context snippet around it. */
export function occurrenceIn(sentence: Sentence, start = 0, end = start): Occurrence {
  return {
    fileName: sentence.fileName,
    line: sentenceLineAt(sentence, start),
    context: contextSnippet(sentence.text, start, end),
  };
}

/** At most CONTEXT_WIDTH characters of `text` centred on [start, end), with ellipses where cut. */
export function contextSnippet(text: string, start: number, end: number, width = CONTEXT_WIDTH): string {
  if (text.length <= width) return text;
  const span = Math.max(0, end - start);
  const room = Math.max(0, width - span);
  let from = Math.max(0, start - Math.floor(room / 2));
  const to = Math.min(text.length, from + width);
  from = Math.max(0, to - width);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/** Source lines of a text (BOM dropped; LF, CRLF and CR all end a line). */
export function splitLines(content: string): string[] {
  return content.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
}

// ---------------------------------------------------------------------------------------------
// Block structure

const BLANK = /^\s*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
// Fences inside list items may be indented further than CommonMark's 3 spaces.
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?/;
const QUOTE = /^ {0,3}>/;
const HTML_BLOCK_START = /^ {0,3}<(?:!--|\?|![A-Za-z]|!\[CDATA\[|\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$))/;
const HTML_INTERRUPTS =
  /^ {0,3}<(?:!--|\/?(?:div|table|pre|script|style|textarea|details|summary|section|article|aside|figure|ul|ol|p|dl|header|footer|nav|blockquote|iframe|form|hr|h[1-6])(?:[\s/>]|$))/i;
const HTML_RAW_TAG = /^ {0,3}<(script|pre|style|textarea)(?:[\s>]|$)/i;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LINK_REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+/;
const INDENTED_CODE = /^(?: {4}|\t)/;
const DIRECTIVE_FENCE = /^ {0,3}:{3,}(?:\s*[\w-]*(?:\s.*)?)?$/;
// A definition list's definition line (PHP Markdown Extra, Pandoc, MyST): "Term" then ": what it is".
const DEFINITION_LINE = /^ {0,3}:[ \t]+\S/;
// Header cells of a glossary table: the term column and the definition column.
const TERM_HEADER = /^(?:terms?|name|names|word|words|concept|concepts|keyword|keywords|用語|名前|語|単語|概念|キーワード|項目)$/iu;
const DEFINITION_HEADER = /^(?:definitions?|descriptions?|meanings?|explanations?|what it (?:is|means)|説明|定義|意味|内容|解説)$/iu;

function plainBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  lines.forEach((line, i) => {
    if (BLANK.test(line)) {
      current = null;
      return;
    }
    if (!current) {
      current = { kind: 'paragraph', firstLine: i + 1, lines: [], heading: null };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

/** Where a fenced, HTML or front-matter region ends (index of its last line). */
function skipRegionEnd(lines: readonly string[], start: number): number | null {
  const line = lines[start] ?? '';
  const fence = FENCE_OPEN.exec(line);
  if (fence && !(fence[1]!.startsWith('`') && fence[2]!.includes('`'))) {
    const marker = fence[1]!;
    const close = new RegExp(`^[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    for (let j = start + 1; j < lines.length; j++) if (close.test(lines[j]!)) return j;
    return lines.length - 1;
  }
  if (HTML_BLOCK_START.test(line)) {
    const raw = HTML_RAW_TAG.exec(line);
    const closer = raw
      ? new RegExp(`</${raw[1]}>`, 'i')
      : line.trimStart().startsWith('<!--')
        ? /-->/
        : line.trimStart().startsWith('<?')
          ? /\?>/
          : null;
    if (closer) {
      // The closer may sit on the opening line itself.
      const openRest = line.slice(line.indexOf('<') + 4);
      if (closer.test(openRest)) return start;
      for (let j = start + 1; j < lines.length; j++) if (closer.test(lines[j]!)) return j;
      return lines.length - 1;
    }
    let j = start;
    while (j + 1 < lines.length && !BLANK.test(lines[j + 1]!)) j++;
    return j;
  }
  return null;
}

function frontMatterEnd(lines: readonly string[]): number | null {
  const first = lines[0]?.trim();
  if (first !== '---' && first !== '+++') return null;
  for (let j = 1; j < lines.length; j++) {
    const t = lines[j]!.trim();
    if (t === first || (first === '---' && t === '...')) return j;
  }
  return null;
}

function splitTableRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i]!;
    if (ch === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function isBlockStart(line: string): boolean {
  return (
    ATX_HEADING.test(line) ||
    FENCE_OPEN.test(line) ||
    THEMATIC_BREAK.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line) ||
    HTML_INTERRUPTS.test(line)
  );
}

function stripQuoteMarkers(line: string): string {
  return line.replace(/^(?: {0,3}> ?)+/, '');
}

function markdownBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let heading: string | null = null;
  let paragraph: Block | null = null;
  // After a list item, indented lines (even after a blank line) continue the item, not code.
  let inList = false;
  let afterBlank = true;

  const close = () => {
    paragraph = null;
  };
  const open = (kind: BlockKind, lineIndex: number, text: string): Block => {
    const block: Block = { kind, firstLine: lineIndex + 1, lines: [text], heading };
    blocks.push(block);
    return block;
  };

  let i = frontMatterEnd(lines) ?? -1;
  for (i += 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (BLANK.test(line)) {
      close();
      afterBlank = true;
      continue;
    }
    const wasAfterBlank = afterBlank;
    afterBlank = false;

    const current = paragraph as Block | null;
    if (current && current.kind === 'paragraph' && current.lines.length > 0 && SETEXT_UNDERLINE.test(line)) {
      // A paragraph underlined with === or --- is a heading.
      current.kind = 'heading';
      heading = inlineToText(current.lines.join('\n')).text.replace(/\s+/g, ' ').trim();
      close();
      continue;
    }
    if (INDENTED_CODE.test(line) && !current && wasAfterBlank && !inList) {
      while (i + 1 < lines.length && (INDENTED_CODE.test(lines[i + 1]!) || BLANK.test(lines[i + 1]!))) i++;
      afterBlank = true;
      continue;
    }
    // Inside a paragraph only block-level HTML starts a region; inline tags are stripped later.
    const regionEnd =
      current && !FENCE_OPEN.test(line) && !HTML_INTERRUPTS.test(line) ? null : skipRegionEnd(lines, i);
    if (regionEnd !== null) {
      close();
      i = regionEnd;
      afterBlank = true;
      inList = false;
      continue;
    }
    if (DIRECTIVE_FENCE.test(line)) {
      // ":::info" / ":::" (admonitions, container directives): markup, not prose; what they
      // enclose stays prose, as its own paragraphs.
      close();
      afterBlank = true;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      close();
      inList = false;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      close();
      inList = false;
      // The heading sentence itself keeps the heading above it; what follows gets this one.
      const block = open('heading', i, atx[2] ?? '');
      heading = inlineToText(block.lines[0]!).text.replace(/\s+/g, ' ').trim();
      continue;
    }
    if (LINK_REFERENCE_DEFINITION.test(line) && !current) continue;
    if (QUOTE.test(line)) {
      const inner = stripQuoteMarkers(line);
      if (BLANK.test(inner)) {
        close();
        continue;
      }
      const quotedFence = FENCE_OPEN.exec(inner);
      if (quotedFence) {
        // Code inside a quote is still code: skip to the quoted closing fence.
        close();
        const marker = quotedFence[1]!;
        const closer = new RegExp(`^[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
        while (i + 1 < lines.length && QUOTE.test(lines[i + 1]!)) {
          i++;
          if (closer.test(stripQuoteMarkers(lines[i]!))) break;
        }
        continue;
      }
      if (current && current.kind === 'quote') current.lines.push(inner.replace(LIST_ITEM, ''));
      else {
        close();
        paragraph = open('quote', i, inner.replace(LIST_ITEM, '').replace(ATX_HEADING, '$2'));
      }
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !(current && current.kind === 'paragraph' && /^\s*\d/.test(line) && !/^\s*1[.)]/.test(line))) {
      close();
      inList = true;
      paragraph = open('list', i, line.slice(item[0].length));
      continue;
    }
    if (line.includes('|') && !current && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!) && lines[i + 1]!.includes('-')) {
      inList = false;
      // "| Term | Definition |": each row is one "term: definition" unit, the term set out as such;
      // the header names the columns and is no prose. Other tables are read cell by cell.
      const header = splitTableRow(line).map((c) => inlineToText(c).text.trim());
      const termColumn = header.findIndex((c) => TERM_HEADER.test(c));
      const definitionColumn = header.findIndex((c) => DEFINITION_HEADER.test(c));
      const glossary = termColumn >= 0 && definitionColumn >= 0 && termColumn !== definitionColumn;
      let j = i;
      while (j < lines.length && !BLANK.test(lines[j]!) && lines[j]!.includes('|')) {
        const cells = j === i + 1 || (glossary && j === i) ? [] : splitTableRow(lines[j]!);
        const term = glossary ? (cells[termColumn] ?? '') : '';
        const definition = glossary ? (cells[definitionColumn] ?? '') : '';
        if (term && definition) {
          blocks.push({ kind: 'table', firstLine: j + 1, lines: [`${term}: ${definition}`], heading, term });
          cells[termColumn] = '';
          cells[definitionColumn] = '';
        }
        for (const cell of cells) if (cell) blocks.push({ kind: 'table', firstLine: j + 1, lines: [cell], heading });
        j++;
      }
      i = j - 1;
      continue;
    }
    if (DEFINITION_LINE.test(line) && current && current.kind === 'paragraph') {
      // "Bloom" then ": The release of gas …": the paragraph above is the term (its last line, when
      // several terms share one definition), the definition follows on this line.
      const termLine = current.lines[current.lines.length - 1]!;
      if (current.lines.length > 1) {
        current.lines.pop();
        paragraph = open('list', i - 1, termLine);
      } else current.kind = 'list';
      (paragraph as Block).term = termLine;
      (paragraph as Block).lines.push(line);
      continue;
    }
    if (current && !isBlockStart(line)) {
      current.lines.push(line);
      continue;
    }
    if (!/^\s/.test(line)) inList = false;
    close();
    paragraph = open(inList ? 'list' : 'paragraph', i, line);
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Inline markup

const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER_LIMIT = 0x1800;
const PLACEHOLDER = /[\ue000-\uf7ff]/g;

const newlinesOf = (s: string) => s.replace(/[^\n]/g, '');

/**
 * Strips inline Markdown while keeping every newline (so a text offset still maps to its source
 * line) and returns the spans the author emphasised: bold text and inline code.
 */
export function inlineToText(source: string): { text: string; emphasized: string[]; code: string[] } {
  const saved: string[] = [];
  const emphasized: string[] = [];
  const codeSpans: string[] = [];
  const hold = (s: string) => {
    if (saved.length >= PLACEHOLDER_LIMIT) return s;
    saved.push(s);
    return String.fromCharCode(PLACEHOLDER_BASE + saved.length - 1);
  };
  let text = source
    // Escaped punctuation is literal text, never markup.
    .replace(/\\([!-/:-@[-`{-~])/g, (_, ch: string) => hold(ch))
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => {
      const inner = code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
      if (inner.trim()) {
        emphasized.push(inner.replace(/\n/g, ' ').trim());
        codeSpans.push(inner.replace(/\n/g, ' ').trim());
      }
      return hold(inner);
    })
    // A dunder name (__init__, __slots__) is an identifier, not bold text: CommonMark would render
    // "init" in bold, but in technical text the underscores are part of the name.
    .replace(/(?<![\w])__[A-Za-z][A-Za-z0-9_]*?__(?![\w])/g, (name: string) => hold(name))
    .replace(/<!--[\s\S]*?-->/g, newlinesOf)
    .replace(/<((?:https?|ftp|mailto):[^\s<>]+)>/gi, (_, url: string) => hold(url))
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, newlinesOf)
    .replace(/\[\^[^\]\s]+\]/g, '')
    .replace(/!\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1')
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  // Links may nest emphasis; their text stays, the destination goes.
  text = text
    .replace(/\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1')
    .replace(/\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\]]*\]/g, '$1');
  text = text
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, (m, marks: string, inner: string, offset: number, all: string) => {
      // Intraword __ is not emphasis (snake__case); ** always is.
      if (marks === '__' && (/\w/.test(all[offset - 1] ?? '') || /\w/.test(all[offset + m.length] ?? ''))) return m;
      emphasized.push(restore(inner, saved).replace(/\n/g, ' ').replace(/[*_]/g, '').trim());
      return inner;
    })
    .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\w])/g, '$1$2')
    .replace(/(^|[^_\w])_(?=[^\s_])([^_]*?[^\s_])_(?![_\w])/g, '$1$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  return { text: restore(decodeEntities(text), saved), emphasized, code: codeSpans };
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', mdash: '—', ndash: '–', hellip: '…' };

// After tags are gone, so an escaped "&lt;div&gt;" stays visible text.
function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi, (m, dec: string, hex: string, name: string) => {
    const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : null;
    if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    return NAMED_ENTITIES[name.toLowerCase()] ?? m;
  });
}

function restore(text: string, saved: readonly string[]): string {
  if (saved.length === 0) return text;
  return text.replace(PLACEHOLDER, (ch) => saved[ch.charCodeAt(0) - PLACEHOLDER_BASE] ?? ch);
}

// ---------------------------------------------------------------------------------------------
// Sentences

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'dr', 'mr', 'mrs', 'ms', 'prof', 'fig', 'figs', 'no', 'nos', 'vol',
  'approx', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'st', 'eq', 'eqs', 'sec', 'ch', 'pp', 'p', 'al',
  'resp', 'incl', 'ref', 'refs', 'ver', 'v', 'u.s', 'a.m', 'p.m', 'dept', 'est', 'min', 'max', 'e.t.c',
]);

const JA_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
// A Japanese line that ends with a finished predicate ends its sentence even without 。.
const JA_LINE_END = /(?:です|ます|でした|ました|ません|である|であった|だった|でしょう|ください|[：:])\s*$/;
const CLOSERS = `」』）)"'’”】〕\\]`;
const BOUNDARY = new RegExp(`[。．！？]+[${CLOSERS}]*|[.!?]+[${CLOSERS}]*(?=\\s|$)|\\n`, 'g');

/** 'ja' when kana/kanji outweigh Latin letters (a Japanese character carries about a word's share). */
export function detectLanguage(text: string): Language {
  // Japanese characters (JA_CHAR), kana among them, and Latin letters (A-Z, a-z, U+00C0–U+024F),
  // counted by code unit (all three classes lie in the BMP) rather than with match(),
  // which would build an array of every matched character for every sentence.
  let ja = 0;
  let kana = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    } else if (c >= 0xc0 && c <= 0x24f) latin++;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xff66 && c <= 0xff9f)) {
      ja++;
      kana++;
    } else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) ja++;
  }
  if (ja === 0) return 'en';
  // Kana only occur in Japanese; a few of them make the sentence Japanese even among long English names.
  if (kana >= 2 && ja * 3 >= latin) return 'ja';
  return ja * 2.5 >= latin ? 'ja' : 'en';
}

function isEnglishBoundary(text: string, matchStart: number, matchEnd: number, codeStarts?: ReadonlySet<number>): boolean {
  const punct = text[matchStart]!;
  const rest = text.slice(matchEnd);
  const next = /^\s+(\S)/.exec(rest);
  if (rest.trim() === '') return true;
  if (!next) return false;
  const nextChar = next[1]!;
  // Inline code has lost its backticks by now: a sentence may open with `getLogger` in lower case.
  const opensWithCode = codeStarts?.has(matchEnd + next[0].length - 1) ?? false;
  if (!opensWithCode && !/[A-Z0-9"'“‘(\[*_`]/.test(nextChar) && !JA_CHAR.test(nextChar)) return false;
  if (punct !== '.') return true;
  const before = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(0, matchStart));
  if (!before) return !/\d$/.test(text.slice(0, matchStart)) || /^[A-Z]/.test(nextChar);
  const word = before[1]!;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // A single capital before a dot is an initial ("J. Smith"), not the end of a sentence.
  if (/^[A-Z]$/.test(word)) return false;
  return true;
}

/** Offsets in `text` where sentences end (exclusive), the last one being text.length. */
export function sentenceEnds(text: string, plain: boolean, codeStarts?: ReadonlySet<number>): number[] {
  const ends: number[] = [];
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const ch = m[0][0]!;
    if (ch === '\n') {
      const lineBefore = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      if (JA_LINE_END.test(lineBefore) && JA_CHAR.test(lineBefore)) ends.push(start);
      // Plain text often has one Japanese sentence per line with no final punctuation.
      else if (plain && JA_CHAR.test(lineBefore.slice(-1)) && !/[、,（(「『]$/.test(lineBefore)) ends.push(start);
      continue;
    }
    if ('。．！？'.includes(ch)) ends.push(end);
    else if (isEnglishBoundary(text, start, end, codeStarts)) ends.push(end);
  }
  if (ends[ends.length - 1] !== text.length) ends.push(text.length);
  return ends;
}

const QUOTED = /「([^「」\n]{1,80})」|『([^『』\n]{1,80})』/g;

// Whitespace that collapsing would change: a run of two, or anything but a plain space.
const LOOSE_WHITESPACE = /\s\s|[^\S ]/;

// Japanese punctuation and full-width forms (、。「」（）：): a line break next to one is no space either.
const CJK_PUNCTUATION = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;

function cleanSentenceText(raw: string): string {
  // Most sentences are one line and single-spaced: skip the replacements that would change nothing.
  if (!LOOSE_WHITESPACE.test(raw)) return raw.trim();
  // A line break inside Japanese text (or next to its punctuation) is no space; elsewhere it is one.
  return raw
    .replace(/([^\s])\n(?=([^\s]))/g, (_, a: string, b: string) => ((JA_CHAR.test(a) && JA_CHAR.test(b)) || CJK_PUNCTUATION.test(a) || CJK_PUNCTUATION.test(b) ? a : `${a} `))
    .replace(/\s+/g, ' ')
    .trim();
}

function blockSentences(block: Block, plain: boolean): Omit<Sentence, 'index' | 'fileName'>[] {
  const joined = block.lines.join('\n');
  const { text, emphasized, code } = plain ? { text: joined, emphasized: [], code: [] } : inlineToText(joined);
  const codeStarts = code.length > 0 ? new Set(codeSpanRanges(text, code).filter((_, i) => i % 2 === 0)) : undefined;
  const pieces = block.kind === 'heading' || block.kind === 'table' ? [text.length] : sentenceEnds(text, plain, codeStarts);
  const out: Omit<Sentence, 'index' | 'fileName'>[] = [];
  let from = 0;
  // Counted incrementally so a long block stays linear.
  let counted = 0;
  let newlines = 0;
  for (const end of pieces) {
    const raw = text.slice(from, end);
    from = end;
    const lead = raw.length - raw.trimStart().length;
    const startOffset = end - raw.length + lead;
    const piece = raw.trim();
    if (!piece || !/[\p{L}\p{N}]/u.test(piece)) continue;
    const sentenceText = cleanSentenceText(piece);
    newlines += countNewlines(text, counted, startOffset);
    counted = startOffset;
    const line = block.firstLine + newlines;
    const spans = emphasized.filter((e) => sentenceText.includes(e));
    if (block.term !== undefined) {
      // The term set out by the structure is a mark of its own, like bold.
      const term = plain ? block.term : inlineToText(block.term).text.trim();
      if (term && sentenceText.startsWith(term)) spans.push(term);
    }
    for (const m of sentenceText.matchAll(QUOTED)) {
      const q = (m[1] ?? m[2] ?? '').trim();
      if (q) spans.push(q);
    }
    const breaks = lineBreakOffsets(piece, sentenceText);
    const codeSpans = code.length > 0 ? code.filter((c) => sentenceText.includes(c)) : code;
    out.push({
      line,
      text: sentenceText,
      language: detectLanguage(sentenceText),
      kind: block.kind,
      heading: block.heading,
      emphasized: [...new Set(spans)],
      ...(codeSpans.length > 0 ? { code: [...new Set(codeSpans)] } : {}),
      ...(breaks.length > 0 ? { lineBreaks: breaks } : {}),
    });
  }
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offsets in the cleaned sentence text at which the next source line begins. */
function lineBreakOffsets(raw: string, cleaned: string): number[] {
  if (!raw.includes('\n')) return [];
  const breaks: number[] = [];
  // Walk raw and cleaned together: cleaning only drops or collapses whitespace.
  let c = 0;
  for (let r = 0; r < raw.length; r++) {
    const ch = raw[r]!;
    if (ch === '\n') {
      while (c < cleaned.length && cleaned[c] === ' ') c++;
      breaks.push(c);
      continue;
    }
    if (/\s/.test(ch)) {
      if (cleaned[c] === ' ') c++;
      continue;
    }
    if (cleaned[c] === ch) c++;
  }
  return breaks;
}
