// Pipelines that run inside a run worker thread (RunManagerDeps.runWorkers.pipelineModule), chosen
// by the project's name. `data.gate` is shared memory the test flips to let a CPU-bound step go on.
import type { RunContext } from '../../src/runs/run-manager';

interface Data {
  gate: SharedArrayBuffer;
}

/** Busy CPU (no await, no timer) until the test sets the gate: the worker's event loop is blocked. */
function spinUntilGate(data: Data): void {
  const gate = new Int32Array(data.gate);
  while (Atomics.load(gate, 0) === 0) {
    for (let i = 0; i < 10_000; i++) Math.sqrt(i);
  }
}

export async function executeRun(ctx: RunContext, data: Data): Promise<void> {
  const { reporter, store, project } = ctx;
  switch (project.name) {
    case 'spin': {
      reporter.progress({ step: 'EXTRACT', current: 1, total: 2 });
      spinUntilGate(data);
      reporter.progress({ step: 'EXTRACT', current: 2, total: 2 });
      return;
    }
    case 'stubborn': {
      reporter.log({ level: 'INFO', message: 'ignoring the signal' });
      reporter.progress({ step: 'EXTRACT', current: 1, total: 2 });
      for (;;) Math.sqrt(Math.random()); // never looks at ctx.signal
    }
    case 'exit':
      reporter.log({ level: 'INFO', message: 'about to exit' });
      process.exit(3);
      break;
    case 'throw-outside':
      setTimeout(() => {
        throw new Error('thrown outside the step');
      }, 0);
      return new Promise<void>(() => {});
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + hoard.length));
    }
    default: {
      const documents = await store.loadDocuments();
      for (const [i, doc] of documents.entries()) {
        reporter.log({ level: 'INFO', message: `read ${doc.fileName}` });
        reporter.progress({ step: 'EXTRACT', current: i + 1, total: documents.length });
      }
      await store.saveTerms(
        documents.map((doc, i) => ({
          key: `t${i}`,
          text: `T${i}`,
          language: 'en',
          score: 1,
          category: 'technical_term',
          frequency: 1,
          documentCount: 1,
          aliases: [],
          occurrences: [{ fileName: doc.fileName, line: 1, context: 'c' }],
        })),
        'replace',
      );
    }
  }
}
