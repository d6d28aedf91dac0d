// Runs the steps of a scope: each step's output is saved as soon as the step ends, and a scope
// that starts later loads what it needs from the store. One implementation for server and CLI.
import { AppError, throwIfCancelled } from '../errors';
import { prepareCorpus } from './corpus';
import { applyAliasSplits, foldSynonymGroups } from './synonyms';
import type {
  Corpus,
  ExtractedTerm,
  ExtractOptions,
  GlossaryEngine,
  GlossaryIssue,
  GlossaryStore,
  PipelineStep,
  ProvisionalEntry,
  Reporter,
  RunScope,
  StepContext,
} from './types';
import { RUN_SCOPE_STEPS } from './types';

export interface RunPipelineDeps {
  engine: GlossaryEngine;
  store: GlossaryStore;
  signal: AbortSignal;
  reporter: Reporter;
  /** EXTRACT from these documents only and merge the result into the stored terms. */
  documentIds?: readonly number[] | null;
  options?: ExtractOptions;
  /** Milliseconds clock for step timings (tests pass a fake one). */
  now?: () => number;
}

/** How many items each step that ran produced. */
export interface RunPipelineResult {
  terms?: number;
  entries?: number;
  issues?: number;
  refined?: number;
}

const STEP_LABEL: Record<PipelineStep, string> = {
  EXTRACT: 'Term extraction',
  PROVISIONAL: 'Provisional definitions',
  ISSUES: 'Review',
  REFINED: 'Refinement',
};

/** Merges the stored excluded/required lists into the caller's options (both kept, duplicates dropped). */
export function mergeExtractOptions(options: ExtractOptions, excluded: readonly string[], required: readonly string[]): ExtractOptions {
  const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];
  return { ...options, excluded: union(options.excluded, excluded), required: union(options.required, required) };
}

/** Runs RUN_SCOPE_STEPS[scope] in order and returns the counts of what was produced. */
export async function runPipeline(scope: RunScope, deps: RunPipelineDeps): Promise<RunPipelineResult> {
  const { engine, store, signal, reporter } = deps;
  const now = deps.now ?? (() => performance.now());
  const steps = RUN_SCOPE_STEPS[scope];
  const result: RunPipelineResult = {};
  const incremental = steps.includes('EXTRACT') && deps.documentIds != null;
  throwIfCancelled(signal);
  // Loaded once: extraction always returns required terms, review and refine never leave them out.
  const merged = mergeExtractOptions(deps.options ?? {}, await store.loadExcluded(), await store.loadRequired());
  // Users' synonym groups and splits: splits shape extraction, groups every step after it.
  const [groups, splits] = await Promise.all([store.loadSynonymGroups(), store.loadAliasSplits()]);
  const options = splits.length > 0 ? { ...merged, keepApart: [...(merged.keepApart ?? []), ...splits.map((s) => ({ primary: s.primaryKey, member: s.memberKey }))] } : merged;
  const folded = (list: ExtractedTerm[]) => foldSynonymGroups(list, groups);
  const ctx: StepContext = { signal, reporter, requiredTerms: options.required ?? [] };

  const { corpus, extractCorpus } = await loadCorpora(store, deps.documentIds ?? null, incremental, steps.length > 1, reporter, now);

  let terms: ExtractedTerm[] | null = null;
  let entries: ProvisionalEntry[] | null = null;
  let issues: GlossaryIssue[] | null = null;

  const timed = async <T>(step: PipelineStep, work: () => Promise<T>, count: (r: T) => number, noun: string) => {
    throwIfCancelled(signal);
    reporter.log({ level: 'INFO', step, message: `${STEP_LABEL[step]} started`, fields: { engine: engine.name } });
    const started = now();
    const out = await work();
    const ms = Math.round(now() - started);
    const n = count(out);
    reporter.log({ level: 'INFO', step, message: `${STEP_LABEL[step]} finished: ${n} ${noun} in ${formatMs(ms)}`, fields: { count: n, ms } });
    return out;
  };

  for (const step of steps) {
    switch (step) {
      case 'EXTRACT': {
        const extracted = applyAliasSplits(await timed(step, () => engine.extract(extractCorpus, options, ctx), (t) => t.length, 'terms'), splits);
        await store.saveTerms(extracted, incremental ? 'merge' : 'replace');
        result.terms = extracted.length;
        // After a merge the working list is the stored one (old terms plus the new ones).
        // Stored as extracted (groups are applied on reading, so editing a group needs no re-extraction).
        terms = incremental ? null : folded(extracted);
        break;
      }
      case 'PROVISIONAL': {
        const input: ExtractedTerm[] = terms ?? folded(await store.loadTerms());
        if (input.length === 0) throw new AppError('NO_TERMS', 'There are no terms to define: run term extraction first');
        terms = input;
        const made = await timed(step, () => engine.provisional(corpus, input, ctx), (e) => e.length, 'entries');
        await store.saveProvisional(made);
        // The store keeps entries a user edited; later steps work on what it kept.
        entries = await store.loadProvisional();
        result.entries = made.length;
        break;
      }
      case 'ISSUES': {
        const input: ProvisionalEntry[] = entries ?? (await store.loadProvisional());
        if (input.length === 0) throw new AppError('NO_TERMS', 'There are no provisional entries to review: generate definitions first');
        entries = input;
        issues = await timed(step, () => engine.review(corpus, input, ctx), (i) => i.length, 'issues');
        await store.saveIssues(issues);
        result.issues = issues.length;
        break;
      }
      case 'REFINED': {
        const input: ProvisionalEntry[] = entries ?? (await store.loadProvisional());
        if (input.length === 0) throw new AppError('NO_TERMS', 'There are no provisional entries to refine: generate definitions first');
        const refineInput = { terms: terms ?? folded(await store.loadTerms()), entries: input, issues: issues ?? (await store.loadIssues()) };
        const refined = await timed(step, () => engine.refine(corpus, refineInput, ctx), (r) => r.length, 'entries');
        await store.saveRefined(refined);
        result.refined = refined.length;
        break;
      }
    }
  }
  return result;
}

/** The corpus for definitions (all documents) and the one to extract from (a subset when incremental), prepared once. */
async function loadCorpora(
  store: GlossaryStore,
  documentIds: readonly number[] | null,
  incremental: boolean,
  needsAll: boolean,
  reporter: Reporter,
  now: () => number,
): Promise<{ corpus: Corpus; extractCorpus: Corpus }> {
  const started = now();
  const subset = incremental ? await store.loadDocuments(documentIds ?? []) : null;
  const all = subset && !needsAll ? subset : await store.loadDocuments();
  if (all.length === 0 || (subset && subset.length === 0)) {
    throw new AppError('NO_DOCUMENTS', subset ? 'None of the given documents exist' : 'The project has no documents');
  }
  const corpus = prepareCorpus(all);
  const names = subset ? new Set(subset.map((d) => d.fileName)) : null;
  const extractCorpus = names ? { documents: corpus.documents.filter((d) => names.has(d.fileName)) } : corpus;
  const sentences = corpus.documents.reduce((n, d) => n + d.sentences.length, 0);
  reporter.log({
    level: 'INFO',
    message: `Prepared ${corpus.documents.length} document(s), ${sentences} sentences in ${formatMs(Math.round(now() - started))}`,
    fields: { documents: corpus.documents.length, sentences, extractFrom: extractCorpus.documents.length },
  });
  return { corpus, extractCorpus };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
