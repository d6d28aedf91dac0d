// Refined step of the offline engine: fix what the issues point at where the documents allow it,
// add aliases and related terms, and keep whatever could not be fixed visible on the entry.
import { entriesLeftOut } from '../left-out';
import { throwIfCancelled } from '../../errors';
import { occurrenceIn } from '../corpus';
import { normalizeKey } from '../normalize';
import type { Corpus, ExtractedTerm, GlossaryIssue, Occurrence, ProvisionalEntry, RefinedEntry, Sentence, StepContext } from '../types';
import { findDefinitionCandidates, joinSentences, matchTerm, mentionSentences, termPattern, type DefinitionCandidate, type TermMatch } from './definitions';
import { termRefOf } from './provisional';
import { chosenCandidate, definitionTextProblems, findContradiction, surfaceVariants, type TextProblem } from './review';

const at = (o: Occurrence | undefined) => (o ? `${o.fileName}:${o.line}` : 'an unknown place');
const PROSE: ReadonlySet<Sentence['kind']> = new Set(['paragraph', 'quote']);
const MENTION_SCORE = 0.2;
/** Highest confidence of a definition kept with an unresolved wording problem (the weak band). */
const FLAWED_DEFINITION_CONFIDENCE = 0.55;
// Picking one of two contradicting definitions is a guess the reader should weigh.
const CONTRADICTION_FACTOR = 0.8;

interface Draft {
  definition: string;
  confidence: number;
  sources: Occurrence[];
  notes: string[];
  unresolved: { type: GlossaryIssue['type']; description: string }[];
  /** The candidate the current text came from, when known. */
  from: DefinitionCandidate | null;
}

/** Finds other glossary terms inside definitions; patterns are built once per run. */
export class RelatedTermFinder {
  private readonly terms: { key: string; text: string; pattern: RegExp }[] = [];

  constructor(terms: readonly { key: string; text: string }[]) {
    for (const t of terms) {
      const pattern = termPattern([t.text]);
      if (pattern && t.key) this.terms.push({ key: t.key, text: t.text, pattern });
    }
  }

  /** Terms other than `selfKey` used in `definition`, in order of first appearance. */
  find(selfKey: string, selfText: string, definition: string): string[] {
    const norm = definition.normalize('NFKC');
    const squeezed = normalizeKey(norm);
    const selfPattern = termPattern([selfText]);
    const selfRanges = selfPattern ? matchTerm(selfPattern, norm) : [];
    const found: { text: string; spans: TermMatch[] }[] = [];
    for (const t of this.terms) {
      // The key test is a cheap necessary condition; the pattern then checks word boundaries.
      if (t.key === selfKey || !squeezed.includes(t.key)) continue;
      const spans = matchTerm(t.pattern, norm).filter((m) => !selfRanges.some((r) => m.start >= r.start && m.end <= r.end));
      if (spans.length > 0) found.push({ text: t.text, spans });
    }
    // A term seen only inside a longer one (コンポーネント in 親コンポーネント) is not used on its own.
    const all = found.flatMap((f) => f.spans);
    const inside = (a: TermMatch) => all.some((b) => a.start >= b.start && a.end <= b.end && b.end - b.start > a.end - a.start);
    return found
      .map((f) => ({ text: f.text, first: f.spans.find((m) => !inside(m)) }))
      .filter((f): f is { text: string; first: TermMatch } => f.first !== undefined)
      .sort((a, b) => a.first.start - b.first.start)
      .map((f) => f.text);
  }
}

function uniqueAliases(termText: string, aliases: readonly string[]): string[] {
  const seen = new Set([termText]);
  const out: string[] = [];
  for (const a of aliases) {
    const t = a.trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** Alternatives to the current text, best first: other defining sentences, then plain mentions. */
function alternatives(corpus: Corpus, candidates: readonly DefinitionCandidate[], ref: ReturnType<typeof termRefOf>, current: string, taken: ReadonlySet<string>) {
  const out: { text: string; score: number; sources: Occurrence[]; candidate: DefinitionCandidate | null }[] = [];
  // Another entry's definition is about that entry, never a replacement for this one — nor is any
  // sentence of it (a definition takes the rest of its paragraph).
  const seen = new Set([current, ...taken]);
  const partOfTaken = (text: string) => {
    for (const d of taken) if (d.length > text.length && d.includes(text)) return true;
    return false;
  };
  for (const c of candidates) {
    if (c.pattern === 'mention' || seen.has(c.text) || partOfTaken(c.text)) continue;
    seen.add(c.text);
    out.push({ text: c.text, score: c.score, sources: c.sources, candidate: c });
  }
  for (const s of mentionSentences(corpus, ref)) {
    if (seen.has(s.text) || partOfTaken(s.text)) continue;
    seen.add(s.text);
    out.push({ text: s.text, score: MENTION_SCORE, sources: [occurrenceIn(s)], candidate: null });
  }
  return out;
}

function fixWording(
  corpus: Corpus,
  draft: Draft,
  term: string,
  ref: ReturnType<typeof termRefOf>,
  candidates: readonly DefinitionCandidate[],
  missing: boolean,
  taken: ReadonlySet<string>,
): void {
  // For a quoted first mention the review only judges cross-references; so does the fix.
  const judge = (text: string) =>
    definitionTextProblems(term, text, draft.from?.pattern === 'colon').filter((p) => !missing || p.rule === 'cross-reference');
  let problems = judge(draft.definition);
  const has = (rule: TextProblem['rule']) => problems.some((p) => p.rule === rule);
  const from = draft.from;

  if (has('cataphoric') && from?.next && PROSE.has(from.next.kind)) {
    draft.definition = joinSentences(draft.definition, from.next.text);
    draft.sources = [...draft.sources, occurrenceIn(from.next)];
    draft.notes.push(`Joined the sentence introducing the term with the next one (${at(occurrenceIn(from.next))}), which says what it means.`);
    problems = judge(draft.definition);
  }
  if (has('pronoun-start') && from?.previous && PROSE.has(from.previous.kind)) {
    draft.definition = joinSentences(from.previous.text, draft.definition);
    draft.sources = [occurrenceIn(from.previous), ...draft.sources];
    draft.notes.push(`Prepended the previous sentence (${at(occurrenceIn(from.previous))}) that the pronoun refers to.`);
    problems = judge(draft.definition);
  }
  if (problems.length > 0) {
    // A defining sentence with a flaw still says what the term is; a sentence that only mentions
    // the term says nothing about it, so it never replaces one ("An attribute is an integer, each
    // bit representing a different attribute." is circular, yet better than a passing mention).
    const defining = from !== null && from.pattern !== 'mention';
    const better = alternatives(corpus, candidates, ref, draft.definition, taken).find(
      (a) => (!defining || a.candidate !== null) && definitionTextProblems(term, a.text, a.candidate?.pattern === 'colon').length === 0,
    );
    if (better) {
      draft.notes.push(`Replaced the definition from ${at(draft.sources[0])} (${problems.map((p) => p.rule).join(', ')}) with the sentence at ${at(better.sources[0])}.`);
      draft.definition = better.text;
      draft.confidence = better.score;
      draft.sources = better.sources;
      draft.from = better.candidate;
      problems = [];
    }
  }
  for (const p of problems) draft.unresolved.push({ type: p.type, description: p.description });
  // A definition kept with a flaw the review found (circular, too long …) is a weak one.
  if (problems.length > 0 && !missing) draft.confidence = Math.min(draft.confidence, FLAWED_DEFINITION_CONFIDENCE);
}

/** Refines one entry with its term (for aliases) and its issues. */
export function refineEntry(
  corpus: Corpus,
  entry: ProvisionalEntry,
  term: ExtractedTerm | undefined,
  issues: readonly GlossaryIssue[],
  related: RelatedTermFinder,
  /** Definitions other entries use: never taken over as this entry's. */
  taken: ReadonlySet<string> = new Set(),
): RefinedEntry {
  const ref = termRefOf(term ?? { key: entry.termKey, text: entry.term, occurrences: entry.occurrences });
  let aliases = uniqueAliases(entry.term, term?.aliases ?? []);
  const draft: Draft = {
    definition: entry.definition,
    confidence: entry.confidence,
    sources: entry.sources,
    notes: [],
    unresolved: [],
    from: null,
  };
  if (issues.length > 0) {
    const candidates = findDefinitionCandidates(corpus, ref);
    draft.from = chosenCandidate(entry, candidates);
    const types = new Set(issues.map((i) => i.type));

    if (types.has('NAMING')) {
      const variants = surfaceVariants(corpus, ref).map((v) => v.surface);
      aliases = uniqueAliases(entry.term, [...aliases, ...variants]);
      draft.notes.push(`Spelling variants kept as aliases: ${variants.filter((v) => v !== entry.term).join(', ')}.`);
    }
    if (entry.editedByUser) {
      // A user's text is never replaced; what the review found stays visible instead.
      for (const i of issues) if (i.type !== 'NAMING') draft.unresolved.push({ type: i.type, description: i.description });
    } else {
      if (types.has('CONTRADICTION')) resolveContradiction(draft, candidates);
      if (types.has('UNCLEAR')) fixWording(corpus, draft, entry.term, ref, candidates, types.has('MISSING'), taken);
      if (types.has('MISSING')) {
        const missing = issues.find((i) => i.type === 'MISSING')!;
        if (draft.from && draft.from.pattern !== 'mention') draft.notes.push('A defining sentence was found after all.');
        else draft.unresolved.push({ type: 'MISSING', description: missing.description });
      }
      // Issue types this engine cannot act on stay as they were reported.
      for (const i of issues) {
        if (i.type === 'UNNECESSARY') draft.unresolved.push({ type: i.type, description: i.description });
      }
    }
  }
  return {
    termKey: entry.termKey,
    term: entry.term,
    definition: draft.definition,
    confidence: Math.round(draft.confidence * 100) / 100,
    aliases,
    relatedTerms: related.find(entry.termKey, entry.term, draft.definition),
    sources: draft.sources,
    occurrences: entry.occurrences,
    unresolvedIssues: draft.unresolved,
    notes: draft.notes,
  };
}

function resolveContradiction(draft: Draft, candidates: readonly DefinitionCandidate[]): void {
  const pair = findContradiction(candidates);
  if (!pair) return;
  const [kept, other] = pair;
  if (draft.from !== kept) {
    draft.definition = kept.text;
    draft.sources = kept.sources;
    draft.from = kept;
  }
  draft.confidence = Math.min(draft.confidence, kept.score) * CONTRADICTION_FACTOR;
  draft.notes.push(
    `The documents disagree: ${at(kept.sources[0])} calls it "${kept.genus}", ${at(other.sources[0])} "${other.genus}". ` +
      `Kept ${at(kept.sources[0])}, ${kept.score > other.score ? 'the stronger definition' : 'the one that comes first in the documents'}.`,
  );
}

/** Refined entries for every provisional entry, in the entries' order. */
export async function refineEntries(
  corpus: Corpus,
  input: { terms: readonly ExtractedTerm[]; entries: readonly ProvisionalEntry[]; issues: readonly GlossaryIssue[] },
  ctx: StepContext,
): Promise<RefinedEntry[]> {
  const termByKey = new Map(input.terms.map((t) => [t.key, t]));
  const issuesByKey = new Map<string, GlossaryIssue[]>();
  for (const issue of input.issues) {
    const list = issuesByKey.get(issue.termKey);
    if (list) list.push(issue);
    else issuesByKey.set(issue.termKey, [issue]);
  }
  const leftOut = entriesLeftOut(input.entries, input.issues, ctx.requiredTerms);
  // Related terms link to other entries of the glossary, so only to the ones kept.
  const glossaryTerms = input.terms.length > 0 ? input.terms : input.entries.map((e) => ({ key: e.termKey, text: e.term }));
  const related = new RelatedTermFinder(glossaryTerms.filter((t) => !leftOut.has(t.key)));
  const refined: RefinedEntry[] = [];
  const taken = new Set(input.entries.map((e) => e.definition).filter((d) => d.trim() !== ''));
  for (const [i, entry] of input.entries.entries()) {
    throwIfCancelled(ctx.signal);
    if (!leftOut.has(entry.termKey)) {
      taken.delete(entry.definition);
      const done = refineEntry(corpus, entry, termByKey.get(entry.termKey), issuesByKey.get(entry.termKey) ?? [], related, taken);
      refined.push(done);
      if (done.definition.trim() !== '') taken.add(done.definition);
    }
    ctx.reporter.progress({ step: 'REFINED', current: i + 1, total: input.entries.length, item: entry.term });
  }
  if (leftOut.size > 0) {
    const names = [...leftOut.values()].map((i) => `"${i.term}"`);
    ctx.reporter.log({
      level: 'INFO',
      step: 'REFINED',
      message: `Left out ${leftOut.size} entries the review marked for exclusion: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`,
      fields: { leftOut: leftOut.size, terms: [...leftOut.values()].map((i) => i.term) },
    });
  }
  const unresolved = refined.filter((r) => r.unresolvedIssues.length > 0).length;
  ctx.reporter.log({
    level: 'INFO',
    step: 'REFINED',
    // Counted from the entries the step went through, as its progress (115/115) is.
    message: `Refined ${input.entries.length} entries: ${refined.length} in the glossary (${unresolved} with unresolved issues), ${leftOut.size} left out`,
    fields: { refined: refined.length, unresolved, leftOut: leftOut.size },
  });
  return refined;
}
