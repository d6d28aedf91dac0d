// Provisional step of the offline engine: the best defining sentence per term, or a sentence that
// mentions it with a low confidence when no sentence defines it. One sentence is never the
// definition of two unrelated terms: a sentence defines what it is about.
import { throwIfCancelled } from '../../errors';
import { occurrenceIn } from '../corpus';
import { normalizeKey } from '../normalize';
import type { Corpus, ExtractedTerm, Occurrence, ProvisionalEntry, Sentence, StepContext } from '../types';
import { coversMatch, findDefinitionCandidates, isQuotableMention, matchTerm, mentionSentences, termPattern, type DefinitionCandidate, type TermRef } from './definitions';

/** Confidence of a quoted mention chosen because the first mention was another term's sentence. */
const OTHER_MENTION_CONFIDENCE = 0.2;

/**
 * What the definition search needs of a term. Aliases are left out: the term's pattern already
 * matches its spelling variants, and a parenthetical alias (VDOM) names the term but its own
 * sentences are not about the full form. Review, which only sees entries, then searches the same.
 */
export function termRefOf(term: Pick<ExtractedTerm, 'key' | 'text' | 'occurrences'>): TermRef {
  return { key: term.key, text: term.text, occurrences: term.occurrences };
}

/** A candidate's identity: its sentence, and its text (a glossary paragraph holds several "X: …" lines). */
const candidateId = (c: DefinitionCandidate) => `${sentenceKey(c.sentence)}\u0000${c.text}`;
const sentenceKey = (s: Sentence) => `${s.fileName}\u0000${s.index}`;

/** True when a text says nothing but the term itself ("Provisional.", "**Roast**"). */
export function onlyRepeats(text: string, key: string): boolean {
  const rest = normalizeKey(text).replace(/[\p{P}\p{S}\s]/gu, '');
  return rest === '' || rest === key.replace(/[\p{P}\p{S}\s]/gu, '');
}

interface Choice {
  definition: string;
  confidence: number;
  sources: Occurrence[];
  defined: boolean;
}

/**
 * The definition of each term, sharing no sentence between terms. A defining sentence belongs to
 * the term it defines most strongly (ties: the longer term, "generator expression" over
 * "generator"); the others take their next defining sentence. A term nothing defines quotes a
 * mention no other entry uses, or stays empty: the review reports it MISSING either way.
 */
export function chooseDefinitions(corpus: Corpus, terms: readonly ExtractedTerm[]): Choice[] {
  const candidates = terms.map((t) => findDefinitionCandidates(corpus, termRefOf(t)));
  const owner = new Map<string, { term: number; score: number }>();
  candidates.forEach((list, i) => {
    for (const c of list) {
      if (c.pattern === 'mention') continue;
      const id = candidateId(c);
      const held = owner.get(id);
      const longer = held !== undefined && c.score === held.score && terms[i]!.text.length > terms[held.term]!.text.length;
      if (held === undefined || c.score > held.score || longer) owner.set(id, { term: i, score: c.score });
    }
  });
  const defining = new Set([...owner.keys()].map((id) => id.slice(0, id.lastIndexOf('\u0000'))));
  const used = new Set<string>();
  const bests = terms.map((term, i) =>
    candidates[i]!.find((c) => c.pattern !== 'mention' && owner.get(candidateId(c))?.term === i && !onlyRepeats(c.text, term.key)),
  );
  // Sentences a chosen definition took from its paragraph are part of that entry: no other entry
  // quotes them as its mention.
  for (const best of bests) for (const s of best?.joined ?? []) used.add(sentenceKey(s));
  return terms.map((term, i) => {
    const list = candidates[i]!;
    const best = bests[i];
    if (best) {
      used.add(sentenceKey(best.sentence));
      return { definition: best.text, confidence: best.score, sources: best.sources, defined: true };
    }
    // A sentence that defines another term, or that another entry quotes, is not about this one.
    // A heading, or a sentence that only repeats the term ("Provisional."), says nothing about it;
    // nor does one that names it only inside a longer term ("… is called an asynchronous generator
    // expression" for "asynchronous generator").
    const inside = insideLongerTerms(term, terms);
    const free = (s: Sentence) =>
      s.kind !== 'heading' && !defining.has(sentenceKey(s)) && !used.has(sentenceKey(s)) && !onlyRepeats(s.text, term.key) && !inside(s);
    const first = list.find((c) => c.pattern === 'mention');
    if (first && free(first.sentence)) {
      used.add(sentenceKey(first.sentence));
      return { definition: first.text, confidence: first.score, sources: first.sources, defined: false };
    }
    for (const s of mentionSentences(corpus, termRefOf(term))) {
      if (s.kind === 'heading' || defining.has(sentenceKey(s)) || used.has(sentenceKey(s)) || !isQuotableMention(s) || !free(s)) continue;
      used.add(sentenceKey(s));
      return { definition: s.text, confidence: OTHER_MENTION_CONFIDENCE, sources: [occurrenceIn(s)], defined: false };
    }
    return { definition: '', confidence: 0, sources: [], defined: false };
  });
}

/**
 * Whether a sentence mentions the term only as part of longer terms of the glossary ("asynchronous
 * generator" in "asynchronous generator expression"). Patterns are built only for the terms whose
 * key contains this one's, usually none.
 */
function insideLongerTerms(term: ExtractedTerm, terms: readonly ExtractedTerm[]): (s: Sentence) => boolean {
  const longer = terms
    .filter((o) => o.key.length > term.key.length && o.key.includes(term.key))
    .map((o) => termPattern([o.text]))
    .filter((p): p is RegExp => p !== null);
  const own = longer.length > 0 ? termPattern([term.text]) : null;
  if (!own) return () => false;
  return (s) => {
    const norm = s.text.normalize('NFKC');
    const matches = matchTerm(own, norm);
    return matches.length > 0 && matches.every((m) => longer.some((p) => coversMatch(p, norm, m)));
  };
}

/** One provisional entry per term, in the terms' order. */
export async function provisionalEntries(
  corpus: Corpus,
  terms: readonly ExtractedTerm[],
  ctx: StepContext,
): Promise<ProvisionalEntry[]> {
  throwIfCancelled(ctx.signal);
  const choices = chooseDefinitions(corpus, terms);
  const entries: ProvisionalEntry[] = [];
  let byPattern = 0;
  for (const [i, term] of terms.entries()) {
    throwIfCancelled(ctx.signal);
    const choice = choices[i]!;
    if (choice.defined) byPattern++;
    entries.push({
      termKey: term.key,
      term: term.text,
      definition: choice.definition,
      confidence: choice.confidence,
      sources: choice.sources,
      occurrences: term.occurrences,
    });
    ctx.reporter.progress({ step: 'PROVISIONAL', current: i + 1, total: terms.length, item: term.text });
  }
  ctx.reporter.log({
    level: 'INFO',
    step: 'PROVISIONAL',
    message: `Definitions: ${byPattern} from defining sentences, ${terms.length - byPattern} from mentions or missing`,
    fields: { byPattern, fallback: terms.length - byPattern },
  });
  return entries;
}
