// Definition finding for the offline engine, one concern per file (the same shape as extract/):
//   types.ts            the patterns, their strengths, what a candidate is
//   term-match.ts       a term's spelling variants matched at word boundaries
//   sentence-index.ts   the corpus' sentences by document and line; each term's mentions, cached
//   english.ts          English patterns ("X is a …", "… is called X", "X, a …")
//   japanese.ts         Japanese patterns (「XとはYである」「XはYのことです」「…をXと呼ぶ」)
//   patterns.ts         which language's patterns apply; whether a text defines a term
//   colon.ts            "Term: definition" lines, list items and cells
//   genus.ts            the head noun of a definition's predicate
//   mention-quality.ts  what reads as a quotable sentence; sentence-level penalties
//   extent.ts           how far a definition reaches (its clause, its list, its paragraph)
//   named-by-this.ts    "This is a …" under the term's heading; "…; this **X**"
//   candidates.ts       findDefinitionCandidates: every candidate for a term, scored, best first
export { findDefinitionCandidates, mentionSentences } from './candidates';
export { colonDefinitionAt, type ColonHit } from './colon';
export { joinSentences } from './extent';
export { englishGenus, generaDiffer, japaneseGenus } from './genus';
export { EXAMPLE_START, isCataphoric, isQuotableMention, startsWithPronoun } from './mention-quality';
export { definingMatch } from './patterns';
export { sentenceIndex, sentencesMentioning, type SentenceIndex } from './sentence-index';
export { coversMatch, isTermBoundary, matchTerm, termPattern, type TermMatch } from './term-match';
export { PATTERN_STRENGTH, type DefinitionCandidate, type DefinitionPattern, type TermRef } from './types';
