// npm run bench:llm — what the bounded pool buys. A stub LLM server on 127.0.0.1 answers every call
// after a fixed 100 ms; a 200-term project goes through the four steps with the OpenAI-compatible
// engine at concurrency 4 and 1. The floor is calls × 100 ms ÷ concurrency: the wall time if
// nothing but the model's latency cost anything.
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/llm';
import { prepareCorpus } from '../src/pipeline/corpus';
import type { Corpus, ExtractedTerm, SourceDocument, StepContext } from '../src/pipeline/types';
import { startStubLlmServer } from '../tests/llm/stub-llm-server';
import { findOccurrences } from '../src/llm/llm-engine';
import { normalizeKey } from '../src/pipeline/normalize';

const LATENCY_MS = 100;
const TERMS = 200;

const A = ['zor', 'quen', 'brax', 'tel', 'mond', 'vish', 'karn', 'pell', 'dro', 'sil'];
const B = ['blax', 'drix', 'vane', 'morr', 'thul', 'gend', 'rask', 'lune', 'phor', 'quill'];
const C = ['engine', 'ledger'];
const GENUS = ['component', 'buffer', 'protocol', 'scheduler', 'registry'];

/** 200 made-up two-word terms, each defined once and mentioned twice more, over 10 documents. */
function project(): { documents: SourceDocument[]; names: string[] } {
  const names: string[] = [];
  for (const a of A) for (const b of B) for (const c of C) names.push(`${a}${b} ${c}`);
  const chosen = names.slice(0, TERMS);
  const documents: SourceDocument[] = Array.from({ length: 10 }, (_, d) => {
    const own = chosen.slice(d * 20, d * 20 + 20);
    const lines = [`# Part ${d + 1}`, ''];
    own.forEach((term, i) => {
      const other = chosen[(d * 20 + i + 7) % chosen.length] as string;
      lines.push(`The ${term} is a ${GENUS[i % GENUS.length]} that feeds the ${other}.`, '');
      lines.push(`Operators restart the ${term} when the ${other} stalls.`, '');
    });
    return { fileName: `part-${d + 1}.md`, content: lines.join('\n') };
  });
  return { documents, names: chosen };
}

const quietContext = (): StepContext => ({
  signal: new AbortController().signal,
  reporter: { log: () => {}, progress: () => {} },
});

/** The planted terms as an offline candidate list, with their occurrences found in the corpus. */
function plantedCandidates(names: string[]) {
  return async (corpus: Corpus): Promise<ExtractedTerm[]> =>
    names.map((text, i) => {
      const occurrences = findOccurrences(corpus, text);
      return {
        key: normalizeKey(text),
        text,
        language: 'en',
        score: names.length - i,
        category: 'technical_term',
        frequency: occurrences.length,
        documentCount: new Set(occurrences.map((o) => o.fileName)).size,
        aliases: [],
        occurrences,
      };
    });
}

async function runOnce(url: string, corpus: Corpus, names: string[], concurrency: number) {
  const engine = createEngine(
    { engine: 'openai', model: 'bench-model', baseUrl: `${url}/v1` },
    {
      provider: 'openai',
      concurrency,
      maxRetries: 0,
      ollama: { baseUrl: url, model: 'unused', timeoutMs: 30_000 },
      openai: { baseUrl: `${url}/v1`, model: 'bench-model', timeoutMs: 30_000 },
    },
    { candidates: plantedCandidates(names) },
  );
  const ctx = quietContext();
  const started = performance.now();
  const terms: ExtractedTerm[] = await engine.extract(corpus, { maxTerms: TERMS }, ctx);
  const entries = await engine.provisional(corpus, terms, ctx);
  const issues = await engine.review(corpus, entries, ctx);
  const refined = await engine.refine(corpus, { terms, entries, issues }, ctx);
  return { wallMs: performance.now() - started, terms: terms.length, refined: refined.length, issues: issues.length };
}

async function main() {
  const { documents, names } = project();
  const corpus = prepareCorpus(documents);
  const stub = await startStubLlmServer({ delayMs: LATENCY_MS });
  try {
    const rows: { concurrency: number; wallMs: number; calls: number; floorMs: number; maxInFlight: number; terms: number; refined: number }[] = [];
    for (const concurrency of [4, 1]) {
      stub.resetCounters();
      const result = await runOnce(stub.url, corpus, names, concurrency);
      const calls = stub.calls.length;
      rows.push({ concurrency, calls, floorMs: (calls * LATENCY_MS) / concurrency, maxInFlight: stub.maxInFlight, ...result });
    }
    console.log(`LLM engine benchmark: ${documents.length} documents, stub latency ${LATENCY_MS} ms per call`);
    console.log('concurrency | terms | refined | LLM calls | wall (s) | floor (s) | wall / floor | max in flight');
    for (const r of rows) {
      console.log(
        `${String(r.concurrency).padStart(11)} | ${String(r.terms).padStart(5)} | ${String(r.refined).padStart(7)} | ${String(r.calls).padStart(9)} | ${(r.wallMs / 1000).toFixed(2).padStart(8)} | ${(r.floorMs / 1000).toFixed(2).padStart(9)} | ${(r.wallMs / r.floorMs).toFixed(3).padStart(12)} | ${r.maxInFlight}`,
      );
    }
    const [four, one] = rows as [(typeof rows)[0], (typeof rows)[0]];
    console.log(`speed-up 4 vs 1: ${(one.wallMs / four.wallMs).toFixed(2)}× (goal ≥ 3.5×); wall/floor at 4: ${(four.wallMs / four.floorMs).toFixed(3)} (goal ≤ 1.2)`);
  } finally {
    await stub.close();
  }
}

await main();
