// Where the engine's answers meet the documents: which contexts a prompt shows, which of them a
// model cited, where a term the model proposed actually occurs, and definitions as plain text.
import { findDefinitionCandidates, occurrenceIn, termRefOf } from '../pipeline/index';
import type { Corpus, ExtractedTerm, Occurrence } from '../pipeline/types';
import { unescapeData } from './prompts';

/**
 * The evidence for a definition: the sentences the offline engine recognises as defining the term
 * (「XとはYである」, "X is a Y that …") first, then other occurrences spread over documents.
 */
export function groundingContexts(corpus: Corpus, term: ExtractedTerm, max: number): Occurrence[] {
  const defining = findDefinitionCandidates(corpus, termRefOf(term))
    .filter((c) => c.pattern !== 'mention' && c.sources[0])
    .slice(0, 2)
    .map((c) => ({ fileName: c.sources[0]!.fileName, line: c.sources[0]!.line, context: c.text }));
  return pickContexts(term.occurrences, max, defining);
}

/**
 * Up to `max` distinct contexts: `first` as given, then the others spread over documents (a term
 * used in two files shows both). Duplicates by place or by text are dropped.
 */
export function pickContexts(occurrences: readonly Occurrence[], max: number, first: readonly Occurrence[] = []): Occurrence[] {
  const byFile = new Map<string, Occurrence[]>();
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  const fresh = (o: Occurrence) => {
    const text = o.context.trim();
    const place = `${o.fileName}\u0000${o.line}`;
    if (!text || seen.has(text) || seen.has(place)) return false;
    seen.add(text);
    seen.add(place);
    return true;
  };
  for (const o of first) if (out.length < max && fresh(o)) out.push(o);
  for (const o of occurrences) {
    if (!fresh(o)) continue;
    byFile.set(o.fileName, [...(byFile.get(o.fileName) ?? []), o]);
  }
  const queues = [...byFile.values()];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) {
      const o = q[round];
      if (o && out.length < max) out.push(o);
    }
  }
  return out;
}

/** The contexts a model cited; ids it was never given are ignored, and citing none means the first. */
export function cited(ids: readonly number[], contexts: readonly Occurrence[]): Occurrence[] {
  const picked = [...new Set(ids)].filter((id) => Number.isInteger(id) && id >= 1 && id <= contexts.length).sort((a, b) => a - b);
  if (picked.length === 0) return contexts.slice(0, 1);
  return picked.map((id) => contexts[id - 1] as Occurrence);
}

/** Definitions are plain text: links keep their text, emphasis and list/heading markers go. */
export function plainText(text: string): string {
  return unescapeData(text)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s*(#{1,6}|[-*+]|\d+\.)\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/u;

/** Sentences that contain `text` (NFKC, case-insensitive; whole words for Latin terms). */
export function findOccurrences(corpus: Corpus, text: string): Occurrence[] {
  const needle = text.normalize('NFKC').toLowerCase().trim();
  if (!needle) return [];
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = CJK.test(needle) ? new RegExp(escaped, 'u') : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
  const out: Occurrence[] = [];
  for (const doc of corpus.documents) {
    for (const s of doc.sentences) {
      const haystack = s.text.normalize('NFKC').toLowerCase();
      const match = pattern.exec(haystack);
      if (!match) continue;
      // Offsets only carry over when normalisation kept the length (it does for almost all text).
      const start = haystack.length === s.text.length ? match.index : 0;
      out.push(occurrenceIn(s, start, start + needle.length));
    }
  }
  return out;
}
