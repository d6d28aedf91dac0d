// Entry of a run worker thread. Plain JavaScript for the same reason as db/log-store-worker.mjs:
// a worker does not inherit the tsx loader of the main thread (Node 20 runs module hooks per
// thread, and `execArgv: ['--import', 'tsx']` is not applied to workers there), so in
// development and tests (sources are .ts) this registers tsx in the worker, then loads the entry.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
