// A run worker thread (worker-boot.mjs loads it): executes one run at a time off the server's
// event loop. At start-up it loads the NLP models once (kuromoji's dictionary, wink's model), so
// no run pays for them. The pipeline sees the same ports as on the main thread: its reporter and
// glossary store forward to the main thread by message, where the run layer keeps its rules
// (seq, batching, coalescing) and the store writes on the one main connection.
import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { GlossaryStore, Reporter } from '../pipeline/types';
import { runDefaultPipeline } from './default-pipeline';
import type { RunContext } from './run-manager';
import { STORE_METHODS, serializeError, type FromWorker, type ToWorker, type WorkerBootData } from './worker-protocol';

const port = parentPort!;
const boot = workerData as WorkerBootData;
const send = (message: FromWorker) => port.postMessage(message);

type PipelineModule = { executeRun(ctx: RunContext, data: unknown): Promise<unknown> };

async function warm(): Promise<PipelineModule | null> {
  if (boot.pipelineModule) return (await import(boot.pipelineModule)) as PipelineModule;
  const [{ loadJapaneseTokenizer }, { loadEnglishTagger }] = await Promise.all([
    import('../pipeline/extract/japanese'),
    import('../pipeline/extract/english'),
    import('../pipeline/run-pipeline'),
    import('../llm/create-engine'),
  ]);
  loadEnglishTagger();
  await loadJapaneseTokenizer();
  return null;
}

const warming = warm();
warming.then(
  () => send({ type: 'ready' }),
  (err: unknown) => send({ type: 'warm-failed', error: serializeError(err) }),
);

let controller: AbortController | null = null;
let nextCall = 1;
const calls = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();

const store = Object.fromEntries(
  STORE_METHODS.map((method) => [
    method,
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = nextCall++;
        calls.set(id, { resolve, reject });
        send({ type: 'store', id, method, args });
      }),
  ]),
) as unknown as GlossaryStore;

const reporter: Reporter = {
  log: (event) => send({ type: 'log', event }),
  progress: (event) => send({ type: 'progress', event }),
};

port.on('message', (message: ToWorker) => {
  if (message.type === 'store-result') {
    const call = calls.get(message.id);
    calls.delete(message.id);
    if (!call) return;
    if (message.error) {
      const err = new Error(message.error.message);
      err.name = message.error.name;
      call.reject(err);
    } else call.resolve(message.value);
  } else if (message.type === 'cancel') {
    controller?.abort(new CancelledError(message.message));
  } else if (message.type === 'run') {
    controller = new AbortController();
    const signal = controller.signal;
    void (async () => {
      try {
        const pipeline = await warming;
        const ctx: RunContext = { ...message, signal, reporter, store };
        if (pipeline) await pipeline.executeRun(ctx, boot.pipelineData);
        else await runDefaultPipeline({ llmConfig: boot.llmConfig ?? undefined } as Parameters<typeof runDefaultPipeline>[0], ctx);
        send({ type: 'done' });
      } catch (err) {
        send({ type: 'failed', error: serializeError(err) });
      } finally {
        controller = null;
      }
    })();
  }
});
