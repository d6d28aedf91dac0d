// Issues step of the offline engine: rule-based review of each provisional entry against the
// documents. Every issue carries the locations that justify it, so a reader can check it.
import { throwIfCancelled } from '../../errors';
import { occurrenceIn } from '../corpus';
import { isEverydayEnglishWord } from '../extract/general-words';
import { normalizeKey } from '../normalize';
import type { Corpus, GlossaryIssue, IssueType, Occurrence, ProvisionalEntry, StepContext } from '../types';
import {
  coversMatch,
  definingMatch,
  findDefinitionCandidates,
  generaDiffer,
  matchTerm,
  sentenceIndex,
  sentencesMentioning,
  startsWithPronoun,
  termPattern,
  type DefinitionCandidate,
  type TermMatch,
  type TermRef,
} from './definitions';

/** A problem of a definition's wording (independent of other sentences). */
export interface TextProblem {
  type: IssueType;
  rule: 'circular' | 'cross-reference' | 'pronoun-start' | 'too-short' | 'too-long' | 'cataphoric';
  description: string;
}

const CROSS_REFERENCE_EN = /^\W*(?:for\s+[^,]{1,60},\s*)?(?:see(?:\s+also)?|refer\s+to|cf\.)\s|[:;]\s*see\s/i;
const CROSS_REFERENCE_JA = /(?:を|も)参照(?:して(?:ください|下さい))?[。．]?$|を(?:ご覧|見て)ください[。．]?$/;
const LIMITS = { en: { min: 5, max: 80 }, ja: { min: 12, max: 200 } } as const;

const isJapanese = (text: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(text) && /[\u3040-\u30ff]/.test(text);

/**
 * Wording problems of a definition: circular, bare cross-reference, pronoun start, length, cataphoric.
 * `headless`: the text is what follows "Term:" (a colon definition), so any use of the term in it
 * comes after the defining cue.
 */
export function definitionTextProblems(term: string, definition: string, headless = false): TextProblem[] {
  const problems: TextProblem[] = [];
  const text = definition.trim();
  if (!text) return problems;
  const ja = isJapanese(text);
  const pattern = termPattern([term]);
  const matches = pattern ? matchTerm(pattern, text.normalize('NFKC')) : [];
  const defining = definingMatch(text, term);
  if (ja ? CROSS_REFERENCE_JA.test(text) : CROSS_REFERENCE_EN.test(text)) {
    problems.push({ type: 'UNCLEAR', rule: 'cross-reference', description: `The definition of "${term}" only points elsewhere instead of saying what it is.` });
  }
  if (startsWithPronoun(text, ja)) {
    problems.push({ type: 'UNCLEAR', rule: 'pronoun-start', description: `The definition of "${term}" starts with a pronoun whose referent is in another sentence.` });
  }
  // Circular: the term is used again in what should explain it ("X is an X that …").
  // Only the defining sentence counts: a second sentence that goes on about the term may name it.
  // In English only the core of the predicate counts, up to its first comma, parenthesis or dash:
  // "An attribute is an integer, each bit representing a different attribute." says what it is.
  const norm = text.normalize('NFKC');
  const from = headless ? 0 : (defining?.match.end ?? 0);
  const coreEnd = ja ? firstSentenceEnd(norm, from) : predicateCoreEnd(norm, from);
  if (headless ? matches.some((m) => m.start < coreEnd) : defining && defining.matches.some((m) => m.start >= defining.match.end && m.start < coreEnd)) {
    problems.push({ type: 'UNCLEAR', rule: 'circular', description: `The definition of "${term}" uses the term to explain itself.` });
  }
  const last = matches[matches.length - 1];
  if (!ja && last && /\bthe\s+(?:term|word|name)\s+["'“‘*_]*$/i.test(text.normalize('NFKC').slice(0, last.start)) && /^[\W_]*$/.test(text.normalize('NFKC').slice(last.end))) {
    problems.push({ type: 'UNCLEAR', rule: 'cataphoric', description: `The sentence only introduces "${term}"; what it means follows in the next sentence.` });
  }
  const size = ja ? text.length : text.split(/\s+/).length;
  const limit = ja ? LIMITS.ja : LIMITS.en;
  const unit = ja ? 'characters' : 'words';
  if (size < limit.min) {
    problems.push({ type: 'UNCLEAR', rule: 'too-short', description: `The definition of "${term}" is too short to explain it (${size} ${unit}).` });
  } else if (size > limit.max) {
    problems.push({ type: 'UNCLEAR', rule: 'too-long', description: `The definition of "${term}" is too long to read as a definition (${size} ${unit}).` });
  }
  return problems;
}

/** Where the core of an English predicate ends: its sentence's end, or an earlier comma, colon, semicolon, parenthesis or dash after it starts. */
function predicateCoreEnd(text: string, from: number): number {
  const end = firstSentenceEnd(text, from);
  const start = from + (/^[\s"'”’*_,]*/.exec(text.slice(from))?.[0].length ?? 0);
  const m = /[,;:(—–]|\s-\s/.exec(text.slice(start, end));
  return m ? start + m.index : end;
}

/** Where the sentence containing `from` ends in a definition text (its length when it is one sentence). */
function firstSentenceEnd(text: string, from: number): number {
  const m = /[.!?](?=\s+\S)|[。！？]/u.exec(text.slice(from));
  return m ? from + m.index + 1 : text.length;
}

const STRONG = 0.85;

/** Two strong definitions whose genus differs, best first (null when the documents agree). */
export function findContradiction(candidates: readonly DefinitionCandidate[]): [DefinitionCandidate, DefinitionCandidate] | null {
  const strong = candidates.filter((c) => c.pattern !== 'mention' && c.genus !== null && strengthOf(c) >= STRONG);
  const first = strong[0];
  if (!first) return null;
  const other = strong.find((c) => c !== first && generaDiffer(first.genus!, c.genus!));
  return other ? [first, other] : null;
}

const STRENGTH_OF_PATTERN: Partial<Record<DefinitionCandidate['pattern'], number>> = {
  'is-a': 1,
  'to-wa': 1,
  'defined-as': 0.95,
  'to-iu-yougo': 0.95,
  'no-koto': 0.95,
  colon: 0.9,
  'refers-to': 0.85,
};
const strengthOf = (c: DefinitionCandidate) => STRENGTH_OF_PATTERN[c.pattern] ?? 0;

/** Distinct spellings of the term in the documents (サーバー / サーバ, dev-server / dev server), with where each first appears. */
export function surfaceVariants(corpus: Corpus, term: TermRef): { surface: string; count: number; first: Occurrence }[] {
  const pattern = termPattern([term.text, ...(term.variants ?? [])]);
  if (!pattern) return [];
  const seen = new Map<string, { surface: string; count: number; first: Occurrence }>();
  let lastSurface: string | null = null;
  let variantKey = '';
  for (const { indexed, matches } of sentencesMentioning(sentenceIndex(corpus), term, pattern)) {
    // Headings are often in Title Case: "## Navigation Guards" is no second spelling.
    if (indexed.heading) continue;
    for (const m of matches) {
      // Sentence-initial capitals are not another spelling. Most matches repeat the previous
      // surface, whose key is then reused.
      if (m.surface !== lastSurface) {
        lastSurface = m.surface;
        variantKey = m.surface.charAt(0).toLowerCase() + m.surface.slice(1);
      }
      const entry = seen.get(variantKey);
      if (entry) entry.count++;
      else seen.set(variantKey, { surface: m.surface, count: 1, first: occurrenceIn(indexed.sentence, m.start, m.end) });
    }
  }
  return [...seen.values()].sort((a, b) => b.count - a.count);
}

const at = (o: Occurrence) => `${o.fileName}:${o.line}`;

/** The candidate an entry was built from (matched by its first source), if any. */
export function chosenCandidate(entry: ProvisionalEntry, candidates: readonly DefinitionCandidate[]): DefinitionCandidate | null {
  const src = entry.sources[0];
  if (!src) return null;
  return candidates.find((c) => c.sources[0]?.fileName === src.fileName && c.sources[0]?.line === src.line && entry.definition.startsWith(c.text.slice(0, 20))) ?? null;
}

// ---------------------------------------------------------------------------------------------
// UNNECESSARY: terms the documents give no support for as glossary entries

/**
 * Decides which undefined terms are noise: a one-off phrase ("form hundreds", "audible pop") or a
 * mere fragment of headings and longer terms ("Basics" of "Coffee Roasting Basics", "dioxide" of
 * "carbon dioxide"). Built once per review from all entries (the longer terms are other entries).
 */
export class NoiseJudge {
  private readonly required: Set<string>;
  private readonly others: { key: string; text: string; pattern: RegExp | null | undefined }[];
  private joined: string | null = null;

  constructor(
    private readonly corpus: Corpus,
    entries: readonly ProvisionalEntry[],
    requiredTerms: readonly string[] = [],
  ) {
    this.required = new Set(requiredTerms.map(normalizeKey));
    this.others = entries.map((e) => ({ key: e.termKey, text: e.term, pattern: undefined }));
  }

  isRequired(entry: ProvisionalEntry): boolean {
    return this.required.has(entry.termKey) || this.required.has(normalizeKey(entry.term));
  }

  /**
   * Why the entry should leave the glossary, or null. Only for terms nothing defines, never for a
   * required term or a user's entry; the author's emphasis (**X**, 「X」, `X`) always keeps a term.
   */
  reason(entry: ProvisionalEntry, term: TermRef): string | null {
    if (entry.editedByUser || this.isRequired(entry) || entry.occurrences.length === 0) return null;
    const pattern = termPattern([term.text, ...(term.variants ?? [])]);
    if (!pattern) return null;
    const index = sentenceIndex(this.corpus);
    const mentions = sentencesMentioning(index, term, pattern);
    if (mentions.length === 0) return this.onlyInsideLongerWords(entry);
    const verdict = this.judge(entry, mentions);
    if (!verdict) return null;
    // The entry's occurrences may miss uses (a capitalised heading word extracted apart from its
    // prose uses, stored terms, merged extractions): then every sentence that uses it is judged.
    // More uses can only keep a term, so the corpus is searched only for terms about to go.
    if (this.corpusMatches(pattern) <= countMatches(mentions)) return verdict;
    return this.judge(entry, sentencesMentioning(index, { ...term, occurrences: [] }, pattern));
  }

  private judge(entry: ProvisionalEntry, mentions: readonly Mention[]): string | null {
    const key = entry.termKey;
    const ownHeading = (s: { kind: string; text: string }) => s.kind === 'heading' && normalizeKey(s.text).replace(/とは$/, '') === key;
    let headingOfItsOwn = false;
    for (const { indexed } of mentions) {
      const s = indexed.sentence;
      if (ownHeading(s)) headingOfItsOwn = true;
      if (s.emphasized.some((e) => normalizeKey(e.replace(/\s*[（(][^）)]*[）)]\s*$/, '')) === key)) return null;
    }
    // Every use sits inside a heading about something else or inside a longer term.
    const containers = new Set<string>();
    let fragment = true;
    for (const { indexed, matches } of mentions) {
      const s = indexed.sentence;
      for (const m of matches) {
        const longer = s.kind === 'heading' && !ownHeading(s) ? `the heading "${s.text}"` : this.longerTermAround(key, indexed.norm, m);
        if (!longer) {
          fragment = false;
          break;
        }
        containers.add(longer);
      }
      if (!fragment) break;
    }
    if (fragment) return `"${entry.term}" only occurs as part of ${listed([...containers])}, ${LEFT_OUT}.`;
    // "# Coffee Roasting Basics": a document's title names the document, not a concept of it.
    const titles = mentions.map(({ indexed }) => indexed.sentence).filter((s) => s.kind === 'heading' && s.index === 0);
    if (titles.length === mentions.length) {
      const files = [...new Set(titles.map((s) => s.fileName))];
      return `"${entry.term}" only occurs as the title of ${files.join(', ')}, ${LEFT_OUT}.`;
    }
    // A name written with capitals inside a sentence ("Net Present Value", "Xenophon") is marked
    // by its author much as emphasis is; only unmarked one-off phrases go.
    const named = mentions.some(
      ({ indexed, matches }) =>
        indexed.sentence.kind !== 'heading' &&
        matches.some((m) => /\p{L}/u.test(indexed.norm.slice(0, m.start)) && m.surface.split(/[\s-]+/).every((w) => /^\p{Lu}/u.test(w))),
    );
    if (countMatches(mentions) === 1 && !headingOfItsOwn && !named) {
      const first = mentions[0]!;
      return `"${entry.term}" occurs once (${at(occurrenceIn(first.indexed.sentence, first.matches[0]!.start, first.matches[0]!.end))}), without emphasis, capitals or a heading of its own, ${LEFT_OUT}.`;
    }
    // An everyday word ("days", 「音」) used in passing a time or two is the language, not the
    // documents' vocabulary: a term of them is defined, marked or used throughout.
    if (countMatches(mentions) <= EVERYDAY_MAX_USES && !headingOfItsOwn && !named && isEverydayWord(entry)) {
      const places = mentions.flatMap(({ indexed, matches }) => matches.map((m) => at(occurrenceIn(indexed.sentence, m.start, m.end))));
      return `"${entry.term}" is an everyday word, used only ${places.length === 1 ? 'once' : 'twice'} (${places.join(', ')}), ${LEFT_OUT}.`;
    }
    return null;
  }

  /** Boundary-respecting matches of a term in the whole corpus (the text is joined once per review). */
  private corpusMatches(pattern: RegExp): number {
    return matchTerm(pattern, this.corpusText()).length;
  }

  /** The corpus' sentences (NFKC), joined once per review. */
  private corpusText(): string {
    this.joined ??= sentenceIndex(this.corpus).sentences.map((s) => s.norm).join('\n');
    return this.joined;
  }

  /**
   * 「定期的に」「定期的な」: a Japanese term the text never writes as a word of its own — the term
   * matcher finds it nowhere, every use sits inside a longer kanji or katakana word — is a piece of
   * those words (here the stem of an adjective), not a term of the text.
   */
  private onlyInsideLongerWords(entry: ProvisionalEntry): string | null {
    const text = entry.term.normalize('NFKC');
    if (!JAPANESE_WORD.test(text)) return null;
    const joined = this.corpusText();
    const words = new Set<string>();
    for (let at = joined.indexOf(text); at >= 0; at = joined.indexOf(text, at + text.length)) {
      let start = at;
      let end = at + text.length;
      while (start > 0 && JAPANESE_CHAR.test(joined[start - 1]!)) start--;
      while (end < joined.length && JAPANESE_CHAR.test(joined[end]!)) end++;
      if (end - start === text.length) return null;
      words.add(`"${joined.slice(start, end)}"`);
    }
    return words.size > 0 ? `"${entry.term}" only occurs as part of ${listed([...words])}, ${LEFT_OUT}.` : null;
  }

  /** A longer glossary term whose match in the text covers the given match of the term, if any. */
  private longerTermAround(key: string, norm: string, m: TermMatch): string | null {
    for (const other of this.others) {
      if (other.key.length <= key.length || !other.key.includes(key)) continue;
      if (other.pattern === undefined) other.pattern = termPattern([other.text]);
      if (!other.pattern) continue;
      if (coversMatch(other.pattern, norm, m)) return `"${other.text}"`;
    }
    return null;
  }
}

const LEFT_OUT = 'and no sentence defines it: left out of the glossary (add it to the required terms to keep it)';
/** Kanji and katakana: a run of them is one Japanese word as the term matcher reads word boundaries. */
const JAPANESE_CHAR = /[\p{sc=Han}\p{sc=Katakana}ー]/u;
const JAPANESE_WORD = /^[\p{sc=Han}\p{sc=Katakana}ー]+$/u;

/** Up to three places named, and how many more. */
const listed = (places: readonly string[]): string => `${places.slice(0, 3).join(', ')}${places.length > 3 ? ` and ${places.length - 3} more` : ''}`;

/** Uses up to which an everyday word nothing defines or marks is taken for the language, not a term. */
const EVERYDAY_MAX_USES = 2;

/** An everyday word: one English word among the commonest of spoken English, or a lone kanji (音, 色). */
function isEverydayWord(entry: ProvisionalEntry): boolean {
  const text = entry.term.trim();
  if (/^\p{Script=Han}$/u.test(text)) return true;
  return isEverydayEnglishWord(text) || (/^[a-z]+$/i.test(text) && isEverydayEnglishWord(entry.termKey));
}

type Mention = ReturnType<typeof sentencesMentioning>[number];
const countMatches = (mentions: readonly Mention[]) => mentions.reduce((n, m) => n + m.matches.length, 0);

/** All issues of one entry. `noise` (from the whole review) adds UNNECESSARY for unsupported terms. */
export function reviewEntry(corpus: Corpus, entry: ProvisionalEntry, noise?: NoiseJudge): GlossaryIssue[] {
  const term: TermRef = { key: entry.termKey, text: entry.term, occurrences: entry.occurrences };
  const candidates = findDefinitionCandidates(corpus, term);
  const issues: GlossaryIssue[] = [];
  const issue = (type: IssueType, description: string, locations: Occurrence[]) =>
    issues.push({ termKey: entry.termKey, term: entry.term, type, description, locations, shouldExclude: type === 'UNNECESSARY' });
  const sourceLocations = entry.sources.length > 0 ? entry.sources : entry.occurrences.slice(0, 3);

  const defined = candidates.some((c) => c.pattern !== 'mention');
  // A defining sentence of another term (provisional gives each sentence to one term) or a quoted
  // mention is no definition of this one.
  const chosen = chosenCandidate(entry, candidates);
  const missing = !entry.editedByUser && (!entry.definition.trim() || !defined || chosen === null || chosen.pattern === 'mention');
  if (missing) {
    issue(
      'MISSING',
      entry.occurrences.length === 0 && candidates.length === 0
        ? `"${entry.term}" does not occur in the documents, so nothing defines it.`
        : !entry.definition.trim()
          ? `No sentence in the documents defines "${entry.term}"; first mentioned${sourceLocations[0] ? ` at ${at(sourceLocations[0])}` : ''}.`
          : `No sentence in the documents defines "${entry.term}"; the entry quotes its first mention${sourceLocations[0] ? ` (${at(sourceLocations[0])})` : ''}.`,
      sourceLocations,
    );
  }
  const unsupported = !defined && noise ? noise.reason(entry, term) : null;
  if (unsupported) issue('UNNECESSARY', unsupported, entry.occurrences.slice(0, 3));
  // A first mention quoted for want of a definition is not a definition: judging its wording would
  // only add noise, except when it sends the reader elsewhere ("See X").
  const headless = chosen?.pattern === 'colon';
  for (const p of definitionTextProblems(entry.term, entry.definition, headless)) {
    if (!missing || p.rule === 'cross-reference') issue(p.type, p.description, sourceLocations);
  }

  const contradiction = findContradiction(candidates);
  if (contradiction) {
    const [a, b] = contradiction;
    issue(
      'CONTRADICTION',
      `The documents define "${entry.term}" as two different things: as ${quote(a.genus!)} (${at(a.sources[0]!)}) and as ${quote(b.genus!)} (${at(b.sources[0]!)}).`,
      [a.sources[0]!, b.sources[0]!],
    );
  }
  const variants = surfaceVariants(corpus, term);
  if (variants.length >= 2) {
    issue(
      'NAMING',
      `"${entry.term}" is spelled in ${variants.length} ways: ${variants.map((v) => `"${v.surface}" (${v.count}×)`).join(', ')}.`,
      variants.map((v) => v.first),
    );
  }
  return issues;
}

const quote = (s: string) => `"${s}"`;

/** The issues of every entry, in the entries' order. */
export async function reviewEntries(corpus: Corpus, entries: readonly ProvisionalEntry[], ctx: StepContext): Promise<GlossaryIssue[]> {
  const issues: GlossaryIssue[] = [];
  const noise = new NoiseJudge(corpus, entries, ctx.requiredTerms);
  for (const [i, entry] of entries.entries()) {
    throwIfCancelled(ctx.signal);
    issues.push(...reviewEntry(corpus, entry, noise));
    ctx.reporter.progress({ step: 'ISSUES', current: i + 1, total: entries.length, item: entry.term });
  }
  const counts: Record<string, number> = {};
  for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
  ctx.reporter.log({
    level: 'INFO',
    step: 'ISSUES',
    message: `Review found ${issues.length} issue(s) in ${entries.length} entries`,
    fields: counts,
  });
  return issues;
}
