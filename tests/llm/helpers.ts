// Shared fixtures for the LLM tests: a hand-built corpus (no tokenizer needed), terms, a
// recording reporter and instant, recorded backoff sleeps.
import { CancelledError } from '../../src/errors';
import type { LlmConfig } from '../../src/config';
import { normalizeKey } from '../../src/pipeline/normalize';
import type { Corpus, ExtractedTerm, Language } from '../../src/pipeline/types';
import type { RetryTiming } from '../../src/llm/retry';

export function corpusOf(docs: Record<string, string[]>, language: Language = 'en'): Corpus {
  return {
    documents: Object.entries(docs).map(([fileName, sentences]) => ({
      fileName,
      lines: sentences,
      sentences: sentences.map((text, index) => ({
        index,
        fileName,
        line: index + 1,
        text,
        language,
        kind: 'paragraph' as const,
        heading: null,
        emphasized: [],
      })),
    })),
  };
}

/** A term for every name, with its occurrences found in the corpus. */
export function termsIn(corpus: Corpus, names: string[]): ExtractedTerm[] {
  return names.map((text, i) => {
    const occurrences = corpus.documents.flatMap((d) =>
      d.sentences
        .filter((s) => s.text.toLowerCase().includes(text.toLowerCase()))
        .map((s) => ({ fileName: s.fileName, line: s.line, context: s.text })),
    );
    return {
      key: normalizeKey(text),
      text,
      language: /[\u3040-\u9fff]/.test(text) ? 'ja' : 'en',
      score: 100 - i,
      category: 'technical_term',
      frequency: occurrences.length,
      documentCount: new Set(occurrences.map((o) => o.fileName)).size,
      aliases: [],
      occurrences,
    };
  });
}

// One recording context for every suite.
export { recordingContext, type RecordingContext } from '../pipeline/fixtures';

/** Backoff sleeps that return at once (still honouring the signal) and remember their lengths. */
export function instantTiming(): Partial<RetryTiming> & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    baseDelayMs: 100,
    maxDelayMs: 30_000,
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    sleep: async (ms, signal) => {
      if (signal.aborted) throw new CancelledError();
      slept.push(ms);
    },
  };
}

export function llmConfig(overrides: Partial<LlmConfig> = {}, url = 'http://127.0.0.1:9'): LlmConfig {
  return {
    provider: 'openai',
    concurrency: 4,
    maxRetries: 3,
    ollama: { baseUrl: url, model: 'llama3.2:latest', timeoutMs: 10_000 },
    openai: { baseUrl: `${url}/v1`, apiKey: 'sk-test-SECRET-0123456789', model: 'gpt-4o-mini', timeoutMs: 10_000 },
    ...overrides,
  };
}
