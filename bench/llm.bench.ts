// npm run bench:llm — what the bounded pool buys. A stub LLM server on 127.0.0.1 answers every call
// after a fixed 100 ms; a 200-term project goes through the full pipeline (runPipeline, scope FULL,
// in-memory store, the offline extractor's candidates) with the OpenAI-compatible engine at
// concurrency 4 and 1. The floor is calls × 100 ms ÷ concurrency: the wall time if nothing but the
// model's latency cost anything.
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/llm';
import { MemoryGlossaryStore, createOfflineEngine, prepareCorpus, runPipeline } from '../src/pipeline';
import type { SourceDocument, StepContext } from '../src/pipeline/types';
import { startStubLlmServer } from '../tests/llm/stub-llm-server';

const LATENCY_MS = 100;
const TERMS = 200;

const A = ['zor', 'quen', 'brax', 'tel', 'mond', 'vish', 'karn', 'pell', 'dro', 'sil'];
const B = ['blax', 'drix', 'vane', 'morr', 'thul', 'gend', 'rask', 'lune', 'phor', 'quill'];
const C = ['engine', 'ledger'];
const GENUS = ['component', 'buffer', 'protocol', 'scheduler', 'registry'];

/** 200 made-up two-word terms, each defined once and mentioned twice more, over 10 documents. */
function project(): { documents: SourceDocument[] } {
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
  return { documents };
}

const STEP_OF_SCHEMA: Record<string, string> = {
  term_selection: 'EXTRACT',
  grounded_definition: 'PROVISIONAL',
  glossary_review: 'ISSUES',
  refined_definition: 'REFINED',
};

const quietContext = (): StepContext => ({
  signal: new AbortController().signal,
  reporter: { log: () => {}, progress: () => {} },
});

async function runOnce(url: string, documents: SourceDocument[], concurrency: number) {
  const engine = createEngine(
    { engine: 'openai', model: 'bench-model', baseUrl: `${url}/v1` },
    {
      provider: 'openai',
      concurrency,
      maxRetries: 0,
      ollama: { baseUrl: url, model: 'unused', timeoutMs: 30_000 },
      openai: { baseUrl: `${url}/v1`, model: 'bench-model', timeoutMs: 30_000 },
    },
  );
  const store = new MemoryGlossaryStore({ documents });
  const { signal } = quietContext();
  // runPipeline logs "<step> finished: N … in X ms" with fields { ms }: the per-step split.
  const stepMs: Record<string, number> = {};
  const reporter: StepContext['reporter'] = {
    log: (e) => {
      if (e.step && typeof e.fields?.ms === 'number') stepMs[e.step] = e.fields.ms;
    },
    progress: () => {},
  };
  const started = performance.now();
  await runPipeline('FULL', { engine, store, signal, reporter, options: { maxTerms: TERMS } });
  return {
    stepMs,
    wallMs: performance.now() - started,
    terms: store.terms.length,
    refined: store.refined.length,
    issues: store.issues.length,
  };
}

async function main() {
  const { documents } = project();
  // Tokenizer dictionaries and the POS model load once per process (a server pays it once, not
  // per run): load them before timing so the figures are about the LLM steps.
  await createOfflineEngine().extract(prepareCorpus(documents), { maxTerms: TERMS }, quietContext());
  const stub = await startStubLlmServer({ delayMs: LATENCY_MS });
  try {
    const rows: {
      concurrency: number;
      wallMs: number;
      calls: number;
      floorMs: number;
      maxInFlight: number;
      terms: number;
      refined: number;
      stepMs: Record<string, number>;
      stepCalls: Record<string, number>;
    }[] = [];
    for (const concurrency of [4, 1]) {
      stub.resetCounters();
      const result = await runOnce(stub.url, documents, concurrency);
      const calls = stub.calls.length;
      const stepCalls: Record<string, number> = {};
      for (const c of stub.calls) {
        const step = STEP_OF_SCHEMA[c.schemaName ?? ''] ?? 'other';
        stepCalls[step] = (stepCalls[step] ?? 0) + 1;
      }
      rows.push({ concurrency, calls, floorMs: (calls * LATENCY_MS) / concurrency, maxInFlight: stub.maxInFlight, stepCalls, ...result });
    }
    console.log(`LLM engine benchmark: ${documents.length} documents, stub latency ${LATENCY_MS} ms per call`);
    console.log('concurrency | terms | refined | LLM calls | wall (s) | floor (s) | wall / floor | max in flight');
    for (const r of rows) {
      console.log(
        `${String(r.concurrency).padStart(11)} | ${String(r.terms).padStart(5)} | ${String(r.refined).padStart(7)} | ${String(r.calls).padStart(9)} | ${(r.wallMs / 1000).toFixed(2).padStart(8)} | ${(r.floorMs / 1000).toFixed(2).padStart(9)} | ${(r.wallMs / r.floorMs).toFixed(3).padStart(12)} | ${r.maxInFlight}`,
      );
    }
    const [four, one] = rows as [(typeof rows)[0], (typeof rows)[0]];
    console.log('\nstep        | LLM calls | floor at 4 (s) | at 4 (s) | at 1 (s)');
    for (const step of ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED']) {
      const calls = four.stepCalls[step] ?? 0;
      console.log(
        `${step.padEnd(11)} | ${String(calls).padStart(9)} | ${((Math.ceil(calls / 4) * LATENCY_MS) / 1000).toFixed(2).padStart(14)} | ${((four.stepMs[step] ?? 0) / 1000).toFixed(2).padStart(8)} | ${((one.stepMs[step] ?? 0) / 1000).toFixed(2).padStart(8)}`,
      );
    }
    console.log('(the EXTRACT step includes the offline extractor that produces the candidate list)\n');
    console.log(`speed-up 4 vs 1: ${(one.wallMs / four.wallMs).toFixed(2)}× (goal ≥ 3.5×); wall/floor at 4: ${(four.wallMs / four.floorMs).toFixed(3)} (goal ≤ 1.2)`);
  } finally {
    await stub.close();
  }
}

await main();
