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
const moveLastSeq = db.prepare('UPDATE "Run" SET "lastSeq" = max("lastSeq", ?) WHERE "id" = ? AND "status" = \'RUNNING\'');
// Lines and lastSeq in one transaction: a reader who sees lastSeq = n can read every line up to n.
// Only while the run is RUNNING: lines of a run already ended (by another instance's sweep) are
// dropped, as RunRepository.appendLogs does.
const store = db.transaction((runId, lastSeq, rowsJson) => {
  if (moveLastSeq.run(lastSeq, runId).changes === 0) return;
  insert.run(rowsJson);
});

// The main connection goes first (write-gate.ts): SQLite's busy handler has no queue, so a
// worker draining a backlog batch after batch would otherwise starve it. Bounded, so logs still
// flow while the main connection is busy without pause.
const gate = workerData.gate ? new Int32Array(workerData.gate) : null;
function yieldToMainConnection() {
  if (!gate) return;
  const deadline = Date.now() + (workerData.gateMaxWaitMs ?? 2_000);
  for (let held = Atomics.load(gate, 0); held > 0 && Date.now() < deadline; held = Atomics.load(gate, 0)) {
    Atomics.wait(gate, 0, held, 10);
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  const { id, runId, lastSeq, rowsJson } = message;
  // SQLITE_BUSY after the busy timeout (the main connection held the lock through a long
  // transaction past the gate's bound): yield and try again rather than lose the batch.
  for (let attempt = 1; ; attempt++) {
    try {
      yieldToMainConnection();
      store(runId, lastSeq, rowsJson);
      parentPort.postMessage({ type: 'stored', id });
      return;
    } catch (err) {
      if (String(err?.code).startsWith('SQLITE_BUSY') && attempt < 5) continue;
      parentPort.postMessage({ type: 'failed', id, message: String(err?.message ?? err), code: err?.code ?? null });
      return;
    }
  }
});
