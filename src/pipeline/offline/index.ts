// The offline engine: no model, no network. Extraction lives in ../extract (loaded on first use so a
// run that starts after extraction never pays for the tokenizer dictionaries).
import type { Corpus, ExtractedTerm, ExtractOptions, GlossaryEngine, StepContext } from '../types';
import { provisionalEntries } from './provisional';
import { refineEntries } from './refine';
import { reviewEntries } from './review';

export type ExtractFn = (corpus: Corpus, options: ExtractOptions, ctx: StepContext) => Promise<ExtractedTerm[]>;

const defaultExtract: ExtractFn = async (corpus, options, ctx) => {
  const { extractTerms } = await import('../extract/index');
  return extractTerms(corpus, options, ctx);
};

/** The default engine; `extract` can be swapped (tests, evaluation of other extractors). */
export function createOfflineEngine(overrides: { extract?: ExtractFn } = {}): GlossaryEngine {
  const extract = overrides.extract ?? defaultExtract;
  return {
    name: 'offline',
    extract: (corpus, options, ctx) => extract(corpus, options, ctx),
    provisional: (corpus, terms, ctx) => provisionalEntries(corpus, terms, ctx),
    review: (corpus, entries, ctx) => reviewEntries(corpus, entries, ctx),
    refine: (corpus, input, ctx) => refineEntries(corpus, input, ctx),
  };
}

export { findDefinitionCandidates, type DefinitionCandidate, type DefinitionPattern } from './definitions';
export { provisionalEntries, termRefOf } from './provisional';
export { RelatedTermFinder, refineEntries } from './refine';
export { definitionTextProblems, reviewEntries } from './review';
