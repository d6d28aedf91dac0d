// The corpus' sentences indexed once per run by document and line, and each term's mentions
// (found through its occurrences), cached so provisional, review and refine share one search.
import type { Corpus, Sentence } from '../../types';
import type { DefinitionCandidate, TermRef } from './types';
import { DEFINING_KINDS } from './types';
import { matchTerm, type TermMatch } from './term-match';

export interface IndexedSentence {
  sentence: Sentence;
  order: number;
  /** NFKC text the term patterns run on. */
  norm: string;
  /** sentence.kind is one of DEFINING_KINDS / is 'heading', kept here so a scan over a term's
   * mentions reads this record only, not every sentence object as well. */
  defining: boolean;
  heading: boolean;
  firstUnderHeading: boolean;
  previous: Sentence | null;
  next: Sentence | null;
}

/** Sentences of a corpus, indexed once per run by document and line. */
export interface SentenceIndex {
  sentences: IndexedSentence[];
  /** fileName → line → orders of the sentences covering that line. */
  byLine: Map<string, number[][]>;
  /** Scratch marks for de-duplicating sentence orders without a Set per term. */
  seen: Uint32Array;
  generation: number;
  /**
   * Per-term results, so provisional, review and refine (and the several rules of review) share
   * one search per term instead of repeating it: the corpus never changes during a run.
   */
  mentions: Map<string, Mention[]>;
  candidates: Map<string, DefinitionCandidate[]>;
  /** Heading key → first sentences under headings of that name that open "This is …" / 「これは…」 (built on first use). */
  sectionOpeners: Map<string, IndexedSentence[]> | null;
}

export interface Mention {
  indexed: IndexedSentence;
  matches: TermMatch[];
}

export const termCacheKey = (term: TermRef) =>
  `${term.key}\u0000${[term.text, ...(term.variants ?? [])].join('\u0001')}\u0000${term.occurrences.length}`;

const indexCache = new WeakMap<Corpus, SentenceIndex>();

/** The sentence index of a corpus (built on first use, then cached for the corpus' lifetime). */
export function sentenceIndex(corpus: Corpus): SentenceIndex {
  const cached = indexCache.get(corpus);
  if (cached) return cached;
  const sentences: IndexedSentence[] = [];
  const byLine = new Map<string, number[][]>();
  for (const doc of corpus.documents) {
    doc.sentences.forEach((sentence, i) => {
      const order = sentences.length;
      const prev = doc.sentences[i - 1];
      sentences.push({
        sentence,
        order,
        norm: sentence.text.normalize('NFKC'),
        defining: DEFINING_KINDS.has(sentence.kind),
        heading: sentence.kind === 'heading',
        firstUnderHeading: sentence.kind !== 'heading' && prev?.kind === 'heading',
        previous: prev ?? null,
        next: doc.sentences[i + 1] ?? null,
      });
      const span = sentence.lineBreaks?.length ?? 0;
      for (let l = sentence.line; l <= sentence.line + span; l++) {
        let lines = byLine.get(sentence.fileName);
        if (!lines) byLine.set(sentence.fileName, (lines = []));
        (lines[l] ??= []).push(order);
      }
    });
  }
  const index: SentenceIndex = {
    sentences,
    byLine,
    seen: new Uint32Array(sentences.length),
    generation: 0,
    mentions: new Map(),
    candidates: new Map(),
    sectionOpeners: null,
  };
  indexCache.set(corpus, index);
  return index;
}

/** Indexed sentences that mention the term (found through its occurrences, else by a full scan). */
export function sentencesMentioning(index: SentenceIndex, term: TermRef, pattern: RegExp): Mention[] {
  const key = termCacheKey(term);
  const cached = index.mentions.get(key);
  if (cached) return cached;
  const found = searchMentions(index, term, pattern);
  index.mentions.set(key, found);
  return found;
}

function searchMentions(index: SentenceIndex, term: TermRef, pattern: RegExp): Mention[] {
  const generation = ++index.generation;
  const orders: number[] = [];
  let file = '';
  let lines: number[][] | undefined;
  for (const o of term.occurrences) {
    if (o.fileName !== file) {
      file = o.fileName;
      lines = index.byLine.get(file);
    }
    for (const order of lines?.[o.line] ?? []) {
      if (index.seen[order] === generation) continue;
      index.seen[order] = generation;
      orders.push(order);
    }
  }
  orders.sort((a, b) => a - b);
  const scan = (candidates: Iterable<IndexedSentence>) => {
    const found: Mention[] = [];
    for (const indexed of candidates) {
      const matches = matchTerm(pattern, indexed.norm);
      if (matches.length > 0) found.push({ indexed, matches });
    }
    return found;
  };
  const viaOccurrences = scan(orders.map((o) => index.sentences[o]!));
  // Terms without usable occurrences (required terms, occurrences from older documents) are looked up directly.
  return viaOccurrences.length > 0 ? viaOccurrences : scan(index.sentences);
}
