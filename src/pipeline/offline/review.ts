// Issues step of the offline engine: rule-based review of each provisional entry against the
// documents. Every issue carries the locations that justify it, so a reader can check it.
import { throwIfCancelled } from '../../errors';
import { occurrenceIn } from '../corpus';
import type { Corpus, GlossaryIssue, IssueType, Occurrence, ProvisionalEntry, StepContext } from '../types';
import {
  definingMatch,
  findDefinitionCandidates,
  generaDiffer,
  matchTerm,
  sentenceIndex,
  sentencesMentioning,
  startsWithPronoun,
  termPattern,
  type DefinitionCandidate,
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
  if (headless ? matches.length > 0 : defining && defining.matches.some((m) => m.start >= defining.match.end)) {
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
  for (const { indexed, matches } of sentencesMentioning(sentenceIndex(corpus), term, pattern)) {
    // Headings are often in Title Case: "## Navigation Guards" is no second spelling.
    if (indexed.sentence.kind === 'heading') continue;
    for (const m of matches) {
      // Sentence-initial capitals are not another spelling.
      const variantKey = m.surface.charAt(0).toLowerCase() + m.surface.slice(1);
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

/** All issues of one entry. */
export function reviewEntry(corpus: Corpus, entry: ProvisionalEntry): GlossaryIssue[] {
  const term: TermRef = { key: entry.termKey, text: entry.term, occurrences: entry.occurrences };
  const candidates = findDefinitionCandidates(corpus, term);
  const issues: GlossaryIssue[] = [];
  const issue = (type: IssueType, description: string, locations: Occurrence[]) =>
    issues.push({ termKey: entry.termKey, term: entry.term, type, description, locations, shouldExclude: false });
  const sourceLocations = entry.sources.length > 0 ? entry.sources : entry.occurrences.slice(0, 3);

  const defined = candidates.some((c) => c.pattern !== 'mention');
  const missing = !entry.editedByUser && (!entry.definition.trim() || !defined);
  if (missing) {
    issue(
      'MISSING',
      entry.occurrences.length === 0 && candidates.length === 0
        ? `"${entry.term}" does not occur in the documents, so nothing defines it.`
        : `No sentence in the documents defines "${entry.term}"; the entry quotes its first mention${sourceLocations[0] ? ` (${at(sourceLocations[0])})` : ''}.`,
      sourceLocations,
    );
  }
  // A first mention quoted for want of a definition is not a definition: judging its wording would
  // only add noise, except when it sends the reader elsewhere ("See X").
  const headless = chosenCandidate(entry, candidates)?.pattern === 'colon';
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
  for (const [i, entry] of entries.entries()) {
    throwIfCancelled(ctx.signal);
    issues.push(...reviewEntry(corpus, entry));
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
