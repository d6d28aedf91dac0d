// Worker thread of WorkerLogStore (log-store.ts): stores run log batches on its own SQLite
// connection so the inserts never take time from the thread that runs the pipelines. Plain
// JavaScript: a worker does not inherit the tsx loader of the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs ?? 10_000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const insert = db.prepare(workerData.insertSql);
const moveLastSeq = db.prepare('UPDATE "Run" SET "lastSeq" = ? WHERE "id" = ? AND "lastSeq" < ?');
// Lines and lastSeq in one transaction: a reader who sees lastSeq = n can read every line up to n.
const store = db.transaction((runId, lastSeq, rowsJson) => {
  insert.run(rowsJson);
  moveLastSeq.run(lastSeq, runId, lastSeq);
});

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  const { id, runId, lastSeq, rowsJson } = message;
  try {
    store(runId, lastSeq, rowsJson);
    parentPort.postMessage({ type: 'stored', id });
  } catch (err) {
    parentPort.postMessage({ type: 'failed', id, message: String(err?.message ?? err), code: err?.code ?? null });
  }
});
