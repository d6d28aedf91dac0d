// Worker thread of WorkerLogStore (log-store.ts) on PostgreSQL: stores run log batches on its own
// connection, so building, sending and awaiting the INSERTs never takes time from the thread that
// runs the pipelines (through the instance's pool, the Prisma runtime's work per batch landed
// between the pipeline's steps: 1.72× ingestion, bench/runs-postgres.ts). Same messages and
// replies as log-store-worker.mjs. Plain JavaScript: a worker does not inherit the tsx loader.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';

const client = new pg.Client({ connectionString: workerData.url });
const connected = client.connect();
// A lost connection fails the thread: WorkerLogStore then falls back to the main pool for good.
client.on('error', (err) => {
  throw err;
});

async function store({ id, runId, lastSeq, rowsJson }) {
  try {
    await connected;
    // Lines and lastSeq in one transaction: a reader who sees lastSeq = n can read every line up to n.
    // The UPDATE first, and only while the run is RUNNING: it locks the row, so a sweep failing the
    // run waits for this batch and reserves the seq after it; once the run has ended (another
    // instance swept it), the batch is dropped, as RunRepository.appendLogs does.
    await client.query('BEGIN');
    const moved = await client.query(
      `UPDATE "Run" SET "lastSeq" = GREATEST("lastSeq", $1) WHERE "id" = $2 AND "status" = 'RUNNING'`,
      [lastSeq, runId],
    );
    if (moved.rowCount) await client.query(workerData.insertSql, [rowsJson]);
    await client.query('COMMIT');
    parentPort.postMessage({ type: 'stored', id });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    parentPort.postMessage({ type: 'failed', id, message: String(err?.message ?? err), code: err?.code ?? null });
  }
}

// One batch at a time, in the order posted (the contract: batches stored in the order given).
let chain = Promise.resolve();
parentPort.on('message', (message) => {
  chain = chain.then(async () => {
    if (message.type === 'close') {
      await client.end().catch(() => {});
      parentPort.postMessage({ type: 'closed' });
      return;
    }
    await store(message);
  });
});
