// The four steps on a chat model. Offline pieces do what they do well (candidate terms,
// occurrences, aliases); the model decides, categorises, defines, reviews and rewrites. Items are
// independent, so they run through the bounded pool; a bad item is skipped with a WARN, a dead
// server or wrong configuration stops the step.
import { AppError, CancelledError, throwIfCancelled } from '../errors';
import { RelatedTermFinder, entriesLeftOut, normalizeKey } from '../pipeline/index';
import type {
  Corpus,
  ExtractOptions,
  ExtractedTerm,
  GlossaryEngine,
  GlossaryIssue,
  Language,
  PipelineStep,
  ProvisionalEntry,
  RefinedEntry,
  StepContext,
} from '../pipeline/types';
import { DefinitionAnswer, ExtractAnswer, JSON_SCHEMAS, REVIEW_ISSUE_TYPES, RefineAnswer, ReviewAnswer } from './answers';
import { type ChatClient, type ChatRequest, type LlmStep, MalformedOutputError } from './chat-client';
import { cited, findOccurrences, groundingContexts, pickContexts, plainText } from './grounding';
import { mapPool } from './pool';
import {
  type Prompt,
  definitionPrompt,
  documentLanguage,
  extractPrompt,
  refinePrompt,
  reviewPrompt,
  unescapeData,
} from './prompts';
import { HttpStatusError, LlmRequestError } from './retry';

export type CandidateSource = (corpus: Corpus, options: ExtractOptions, ctx: StepContext) => Promise<ExtractedTerm[]>;

export interface LlmEngineOptions {
  client: ChatClient;
  /** The offline candidate list extraction starts from (the pipeline's extractTerms). */
  candidates: CandidateSource;
  /** Requests in flight at once (config.llm.concurrency). */
  concurrency: number;
  /** Candidates per extraction call. */
  extractBatchSize?: number;
  /** Entries per review call (the original's 10). */
  reviewBatchSize?: number;
  /** Contexts shown per term. */
  contextsPerTerm?: number;
  /** Consecutive failed requests, before any success, that mean the server is down. */
  failFastAfter?: number;
}

interface ItemOutcome<R> {
  results: (R | undefined)[];
  /** Why each skipped item was skipped (same index). */
  problems: (string | undefined)[];
}

export class LlmEngine implements GlossaryEngine {
  readonly name: string;
  private readonly client: ChatClient;
  private readonly options: Required<Omit<LlmEngineOptions, 'client' | 'candidates'>> & Pick<LlmEngineOptions, 'candidates'>;

  constructor(options: LlmEngineOptions) {
    this.client = options.client;
    this.name = options.client.name;
    this.options = {
      candidates: options.candidates,
      concurrency: Math.max(1, options.concurrency),
      extractBatchSize: options.extractBatchSize ?? 25,
      reviewBatchSize: options.reviewBatchSize ?? 10,
      contextsPerTerm: options.contextsPerTerm ?? 5,
      failFastAfter: options.failFastAfter ?? 3,
    };
  }

  async extract(corpus: Corpus, options: ExtractOptions, ctx: StepContext): Promise<ExtractedTerm[]> {
    throwIfCancelled(ctx.signal);
    const candidates = await this.options.candidates(corpus, options, ctx);
    if (candidates.length === 0) return [];
    const language = documentLanguage(corpus);
    const batches = chunk(candidates, this.options.extractBatchSize);
    const labels = batches.map((_, i) => `batch ${i + 1} of ${batches.length}`);
    const outcome = await this.runItems('EXTRACT', batches, labels, ctx, async (batch, i, signal) => {
      const answer = await this.ask(
        'extract',
        labels[i] as string,
        language,
        extractPrompt(language, {
          number: i + 1,
          of: batches.length,
          candidates: batch.map((t) => ({ text: t.text, category: t.category, contexts: pickContexts(t.occurrences, 2) })),
        }),
        ExtractAnswer,
        signal,
        ctx,
      );
      // Each addition costs a search of the whole corpus: a batch may add at most as many terms
      // as it has candidates. A model that adds more is misbehaving; its batch is skipped.
      if (answer.added.length > batch.length) {
        throw new MalformedOutputError(labels[i] as string, `it added ${answer.added.length} terms; at most ${batch.length} (the batch's size) may be added`, 1);
      }
      if (answer.terms.length > 2 * batch.length) {
        throw new MalformedOutputError(labels[i] as string, `it decided on ${answer.terms.length} terms for ${batch.length} candidates`, 1);
      }
      return answer;
    });

    const excluded = new Set((options.excluded ?? []).map(normalizeKey));
    const required = new Set((options.required ?? []).map(normalizeKey));
    const seen = new Set(candidates.map((c) => c.key));
    const out: ExtractedTerm[] = [];
    let rejected = 0;
    let added = 0;
    for (const [i, batch] of batches.entries()) {
      // Each batch's additions search the corpus: let other requests in between batches.
      if (i > 0) await yieldToEventLoop();
      throwIfCancelled(ctx.signal);
      const answer = outcome.results[i];
      if (!answer) {
        // The batch's review was skipped: its candidates stay as the offline extractor saw them.
        out.push(...batch);
        continue;
      }
      const decisions = new Map(answer.terms.map((d) => [normalizeKey(unescapeData(d.term)), d]));
      for (const candidate of batch) {
        const decision = decisions.get(candidate.key) ?? decisions.get(normalizeKey(candidate.text));
        if (!decision) {
          out.push(candidate);
          continue;
        }
        const isRequired = required.has(candidate.key);
        if (!decision.keep && !isRequired) {
          rejected++;
          continue;
        }
        // A required term is wanted in the glossary, so it must not land in the skipped common nouns.
        const category = isRequired && decision.category === 'common_noun' ? candidate.category : decision.category;
        out.push({ ...candidate, category });
      }
      const floor = Math.min(...batch.map((t) => t.score));
      for (const addition of answer.added) {
        const text = unescapeData(addition.term);
        const key = normalizeKey(text);
        if (!key || seen.has(key) || excluded.has(key)) continue;
        const occurrences = findOccurrences(corpus, text);
        if (occurrences.length === 0) {
          ctx.reporter.log({
            level: 'WARN',
            step: 'EXTRACT',
            message: `Dropped "${text}" proposed by the model: it never occurs in the documents`,
            fields: { term: text },
          });
          continue;
        }
        seen.add(key);
        added++;
        out.push({
          key,
          text,
          language: /[\u3040-\u30ff\u3400-\u9fff]/u.test(text) ? 'ja' : 'en',
          score: floor,
          category: addition.category,
          frequency: occurrences.length,
          documentCount: new Set(occurrences.map((o) => o.fileName)).size,
          aliases: [],
          occurrences,
        });
      }
    }
    const limited =
      options.maxTerms !== undefined && out.length > options.maxTerms
        ? out.filter((t, i) => i < (options.maxTerms as number) || required.has(t.key))
        : out;
    ctx.reporter.log({
      level: 'INFO',
      step: 'EXTRACT',
      message: `${this.name}: ${candidates.length} candidates, ${rejected} rejected, ${added} added, ${limited.length} terms`,
      fields: { candidates: candidates.length, rejected, added, terms: limited.length },
    });
    return limited;
  }

  async provisional(corpus: Corpus, terms: ExtractedTerm[], ctx: StepContext): Promise<ProvisionalEntry[]> {
    throwIfCancelled(ctx.signal);
    const language = documentLanguage(corpus);
    // As in the original: common nouns stay in the term list but get no glossary entry.
    const targets = terms.filter((t) => t.category !== 'common_noun');
    if (targets.length < terms.length) {
      ctx.reporter.log({
        level: 'INFO',
        step: 'PROVISIONAL',
        message: `${terms.length - targets.length} common nouns get no definition`,
      });
    }
    const outcome = await this.runItems(
      'PROVISIONAL',
      targets,
      targets.map((t) => t.text),
      ctx,
      async (term, _i, signal): Promise<ProvisionalEntry> => {
        const contexts = groundingContexts(corpus, term, this.options.contextsPerTerm);
        const answer = await this.ask(
          'provisional',
          term.text,
          language,
          definitionPrompt(language, { term: term.text, aliases: term.aliases, notes: term.userNotes, contexts }),
          DefinitionAnswer,
          signal,
          ctx,
        );
        return {
          termKey: term.key,
          term: term.text,
          definition: plainText(answer.definition),
          // Without contexts nothing grounds the answer, whatever the model claims.
          confidence: clamp(answer.confidence, contexts.length > 0 ? 1 : 0.3),
          sources: cited(answer.sources, contexts),
          occurrences: term.occurrences,
        };
      },
    );
    return defined(outcome.results);
  }

  async review(corpus: Corpus, entries: ProvisionalEntry[], ctx: StepContext): Promise<GlossaryIssue[]> {
    throwIfCancelled(ctx.signal);
    const language = documentLanguage(corpus);
    const batches = chunk(entries, this.options.reviewBatchSize);
    const labels = batches.map((_, i) => `batch ${i + 1} of ${batches.length}`);
    const outcome = await this.runItems('ISSUES', batches, labels, ctx, async (batch, i, signal) => {
      const answer = await this.ask(
        'review',
        labels[i] as string,
        language,
        reviewPrompt(language, batch),
        ReviewAnswer,
        signal,
        ctx,
      );
      // One issue per type and entry is the most an honest review finds.
      const maxIssues = batch.length * REVIEW_ISSUE_TYPES.length;
      if (answer.issues.length > maxIssues) {
        throw new MalformedOutputError(labels[i] as string, `it reported ${answer.issues.length} issues for ${batch.length} entries; at most ${maxIssues}`, 1);
      }
      const byKey = new Map(batch.map((e, n) => [normalizeKey(e.term), n] as const));
      for (const [n, e] of batch.entries()) if (!byKey.has(e.termKey)) byKey.set(e.termKey, n);
      const found: { position: number; issue: GlossaryIssue }[] = [];
      const seen = new Set<string>();
      for (const raw of answer.issues) {
        const term = unescapeData(raw.term);
        const position = byKey.get(normalizeKey(term));
        const entry = position === undefined ? undefined : batch[position];
        if (position === undefined || !entry) {
          ctx.reporter.log({
            level: 'DEBUG',
            step: 'ISSUES',
            message: `Ignored an issue for "${term}", which is not in ${labels[i]}`,
            fields: { term },
          });
          continue;
        }
        const description = plainText(unescapeData(raw.description));
        const reason = plainText(unescapeData(raw.reason));
        const signature = `${entry.termKey}\u0000${raw.type}\u0000${description}`;
        if (seen.has(signature)) continue;
        seen.add(signature);
        found.push({
          position,
          issue: {
            termKey: entry.termKey,
            term: entry.term,
            type: raw.type,
            description: raw.shouldExclude && reason && reason !== description ? `${description} (${reason})` : description || reason,
            locations: entry.sources.length > 0 ? entry.sources : entry.occurrences.slice(0, 3),
            shouldExclude: raw.shouldExclude,
          },
        });
      }
      // Entry order, not the model's, so the same answers always give the same list.
      return found.sort((a, b) => a.position - b.position).map((f) => f.issue);
    });
    return defined(outcome.results).flat();
  }

  async refine(
    corpus: Corpus,
    input: { terms: ExtractedTerm[]; entries: ProvisionalEntry[]; issues: GlossaryIssue[] },
    ctx: StepContext,
  ): Promise<RefinedEntry[]> {
    throwIfCancelled(ctx.signal);
    const language = documentLanguage(corpus);
    const termsByKey = new Map(input.terms.map((t) => [t.key, t]));
    const issuesByKey = new Map<string, GlossaryIssue[]>();
    for (const issue of input.issues) issuesByKey.set(issue.termKey, [...(issuesByKey.get(issue.termKey) ?? []), issue]);
    // The pipeline's rule, so both engines leave out (and keep) the same entries.
    const leftOut = entriesLeftOut(input.entries, input.issues, ctx.requiredTerms);
    for (const exclusion of leftOut.values()) {
      ctx.reporter.log({
        level: 'INFO',
        step: 'REFINED',
        message: `Left out "${exclusion.term}": ${exclusion.description}`,
        fields: { term: exclusion.term },
      });
    }
    const kept = input.entries.filter((entry) => !leftOut.has(entry.termKey));
    // The offline engine's finder: same word-boundary rules, so both engines relate terms alike;
    // related terms link to other entries of the glossary, so only to the ones kept.
    const related = new RelatedTermFinder(input.terms.filter((t) => t.category !== 'common_noun' && !leftOut.has(t.key)));
    // A user's text is never replaced: edited entries keep it, with what the review found visible.
    const toRewrite = kept.filter((e) => !e.editedByUser && (issuesByKey.get(e.termKey)?.length ?? 0) > 0);
    const outcome = await this.runItems(
      'REFINED',
      toRewrite,
      toRewrite.map((e) => e.term),
      ctx,
      async (entry, _i, signal) => {
        const issues = issuesByKey.get(entry.termKey) ?? [];
        const term = termsByKey.get(entry.termKey);
        const contexts = pickContexts([...entry.sources, ...entry.occurrences], this.options.contextsPerTerm);
        const answer = await this.ask(
          'refine',
          entry.term,
          language,
          refinePrompt(language, { term: entry.term, definition: entry.definition, notes: term?.userNotes, issues, contexts }),
          RefineAnswer,
          signal,
          ctx,
        );
        const unresolved = new Set(answer.unresolved);
        return {
          definition: plainText(answer.definition),
          confidence: clamp(answer.confidence, contexts.length > 0 ? 1 : 0.3),
          sources: cited(answer.sources, contexts),
          unresolvedIssues: issues
            .filter((_, n) => unresolved.has(n + 1))
            .map((i) => ({ type: i.type, description: i.description })),
          notes: answer.notes.map((n) => plainText(unescapeData(n))).filter((n) => n.length > 0),
        };
      },
      false,
    );
    const rewritten = new Map(toRewrite.map((e, i) => [e.termKey, { result: outcome.results[i], problem: outcome.problems[i] }]));

    return kept.map((entry): RefinedEntry => {
      const issues = issuesByKey.get(entry.termKey) ?? [];
      const term = termsByKey.get(entry.termKey);
      const base = {
        termKey: entry.termKey,
        term: entry.term,
        aliases: [...new Set(term?.aliases ?? [])].filter((a) => a.trim() && a !== entry.term),
        occurrences: entry.occurrences,
      };
      const done = rewritten.get(entry.termKey);
      const change = done?.result;
      if (change) {
        return {
          ...base,
          ...change,
          relatedTerms: related.find(entry.termKey, entry.term, change.definition),
        };
      }
      // No issues, or a user's edit: the provisional entry is already final. A failed rewrite keeps
      // it too, with its issues left visible rather than losing the term.
      return {
        ...base,
        definition: entry.definition,
        confidence: entry.confidence,
        sources: entry.sources,
        relatedTerms: related.find(entry.termKey, entry.term, entry.definition),
        unresolvedIssues: issues.map((i) => ({ type: i.type, description: i.description })),
        notes: done ? [`Refinement skipped (${done.problem ?? 'no answer'}); the provisional definition is kept.`] : [],
      };
    });
  }

  /** One validated answer; retries are logged as they happen. */
  private ask<T>(
    step: LlmStep,
    label: string,
    language: Language,
    prompt: Prompt,
    schema: ChatRequest<T>['schema'],
    signal: AbortSignal,
    ctx: StepContext,
  ): Promise<T> {
    return this.client.complete(
      {
        ...prompt,
        schema,
        jsonSchema: JSON_SCHEMAS[step],
        label,
        step,
        language,
        onRetry: (e) =>
          ctx.reporter.log({
            level: 'INFO',
            step: PIPELINE_STEP[step],
            message: `Retrying "${label}" in ${(e.delayMs / 1000).toFixed(1)} s after ${e.reason} (attempt ${e.attempt + 1})`,
            fields: { item: label, attempt: e.attempt + 1, delayMs: e.delayMs },
          }),
      },
      signal,
    );
  }

  /**
   * Runs independent items through the pool. An item whose answer is unusable or whose request
   * failed for good is skipped with a WARN naming it. Configuration errors (AppError) and
   * cancellation stop the step at once, and so does a server that has failed `failFastAfter`
   * requests in a row without a single success. A step with input but no successful item fails,
   * unless the caller has a fallback for every item.
   */
  private async runItems<T, R>(
    step: PipelineStep,
    items: readonly T[],
    labels: readonly string[],
    ctx: StepContext,
    work: (item: T, index: number, signal: AbortSignal) => Promise<R>,
    /** false when the caller has a fallback for every item (refine keeps the provisional text). */
    requireAny = true,
  ): Promise<ItemOutcome<R>> {
    const problems: (string | undefined)[] = new Array(items.length);
    let succeeded = 0;
    let failedInARow = 0;
    let lastProblem = '';
    const results = await mapPool(
      items,
      {
        concurrency: this.options.concurrency,
        signal: ctx.signal,
        onItemDone: (index, done) =>
          ctx.reporter.progress({ step, current: done, total: items.length, item: labels[index] }),
      },
      async (item, index, signal): Promise<R | undefined> => {
        const label = labels[index] ?? `item ${index + 1}`;
        try {
          const result = await work(item, index, signal);
          succeeded++;
          failedInARow = 0;
          return result;
        } catch (error) {
          if (error instanceof CancelledError || error instanceof AppError) throw error;
          if (signal.aborted) throw new CancelledError();
          let problem: string;
          if (error instanceof MalformedOutputError) {
            problem = `the model's output was unusable${error.attempts > 1 ? ' twice' : ''}: ${error.problem}`;
          } else if (error instanceof LlmRequestError || error instanceof HttpStatusError) {
            problem = error.message;
            failedInARow++;
            if (succeeded === 0 && failedInARow >= this.options.failFastAfter) {
              // The reason without the endpoint, so the message names it once.
              const reason = error instanceof LlmRequestError ? (error.reason ?? error.message) : error.message;
              throw new AppError('LLM_UNAVAILABLE', `${this.client.describe} is not answering: ${reason}`, {
                endpoint: this.client.describe,
                failure: error instanceof LlmRequestError ? error.failure : 'http',
                status: error instanceof HttpStatusError ? error.status : (error as LlmRequestError).status,
              });
            }
          } else {
            throw error;
          }
          problems[index] = problem;
          lastProblem = problem;
          ctx.reporter.log({
            level: 'WARN',
            step,
            message: `Skipped "${label}": ${problem}`,
            fields: { item: label },
          });
          return undefined;
        }
      },
    );
    if (requireAny && items.length > 0 && succeeded === 0) {
      throw new AppError(
        'LLM_UNAVAILABLE',
        `${this.name} gave no usable answer for any of ${items.length} item${items.length === 1 ? '' : 's'} in ${step} (last: ${lastProblem})`,
      );
    }
    return { results, problems };
  }
}

const PIPELINE_STEP: Record<LlmStep, PipelineStep> = {
  extract: 'EXTRACT',
  provisional: 'PROVISIONAL',
  review: 'ISSUES',
  refine: 'REFINED',
};

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const defined = <T>(items: readonly (T | undefined)[]): T[] => items.filter((x): x is T => x !== undefined);

const clamp = (value: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(0, value)) : 0);

/** Lets timers, I/O and other requests run before the next piece of work. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
