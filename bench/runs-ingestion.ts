// Ingestion benchmark: one run emitting 100,000 log lines through the real RunManager and
// LogWriter (batched inserts into SQLite), against the same run with its log calls discarded;
// once with the worker-thread log store (the server's setting) and once inline.
// Prints both run times, the ratio (goal ≤ 1.3×), the logging cost per line, and a check that
// every line is stored, in order, with consecutive seqs.
// Run: `tsx bench/runs-ingestion.ts [lines=100000] [hashesPerItem=32]`.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openDb, type Db } from '../src/db/client';
import { migrateDatabase } from '../src/db/migrate';
import type { Reporter } from '../src/pipeline/types';
import { RunManager, type ExecuteRun } from '../src/runs/run-manager';
import { isTerminal } from '../src/runs/types';

export interface IngestionFigures {
  /** 'worker': log batches stored by a worker thread (databaseUrl given); 'inline': through the Prisma client. */
  store: 'worker' | 'inline';
  loggingOnMs: number;
  ratio: number;
  /** (on − off) / lines. */
  loggingMicrosPerLine: number;
  linesPerSecond: number;
  storedInOrder: boolean;
}

export interface IngestionResult {
  lines: number;
  hashesPerItem: number;
  /** Pipeline time per item with logging off. */
  itemMicros: number;
  loggingOffMs: number;
  worker: IngestionFigures;
  inline: IngestionFigures;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * The stand-in pipeline: per item, a fixed amount of CPU work (`hashesPerItem` SHA-1 rounds,
 * ~1 µs each: a few dozen stand for tokenizing a sentence or parsing an LLM answer), one log
 * line and one progress report; it yields to the event loop every 100 items, as an async
 * pipeline awaiting I/O does. Fixed work, not a wall-clock wait, so a busy machine slows both
 * runs alike.
 */
export function fakePipeline(lines: number, hashesPerItem: number, discardLogs: boolean): ExecuteRun {
  return async ({ reporter }) => {
    const out: Reporter = discardLogs ? { log: () => {}, progress: reporter.progress } : reporter;
    let digest = 'seed';
    for (let i = 1; i <= lines; i++) {
      for (let h = 0; h < hashesPerItem; h++) digest = createHash('sha1').update(digest).digest('hex');
      out.log({ level: 'INFO', message: `item ${i} processed`, step: 'EXTRACT', fields: { current: i, total: lines } });
      out.progress({ step: 'EXTRACT', current: i, total: lines, item: `item ${i}` });
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
  };
}

export async function timeRun(
  db: Db,
  executeRun: ExecuteRun,
  projectId: number,
  databaseUrl?: string,
): Promise<{ ms: number; runId: number }> {
  const manager = new RunManager({ db, maxConcurrentRuns: 1, logger: quiet, executeRun, databaseUrl });
  const t0 = performance.now();
  const run = await manager.start({ projectId, scope: 'EXTRACT' });
  const sub = manager.bus.subscribe('run', run.id);
  for await (const event of sub) if (event.kind === 'status' && isTerminal(event.run.status)) break;
  const ms = performance.now() - t0;
  await manager.shutdown(5_000);
  return { ms, runId: run.id };
}

/** Checks every stored line of the run: seqs 1…n consecutive, messages in emission order. */
export async function verifyStored(db: Db, runId: number, lines: number): Promise<boolean> {
  const run = await db.run.findUnique({ where: { id: runId } });
  let expected = 1;
  let ok = run?.status === 'COMPLETED';
  for (let after = 0; ; ) {
    const page = await db.runLog.findMany({ where: { runId, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: 10_000 });
    if (page.length === 0) break;
    for (const line of page) {
      if (line.seq !== expected) ok = false;
      // seq 1 is "Run … started"; item k is seq k + 1; the last is "Run completed".
      if (expected >= 2 && expected <= lines + 1 && line.message !== `item ${expected - 1} processed`) ok = false;
      expected++;
    }
    after = page[page.length - 1]!.seq;
  }
  return ok && expected - 1 === lines + 2 && run!.lastSeq === lines + 2;
}

export async function main(lines = 100_000, hashesPerItem = 32): Promise<IngestionResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-bench-ingest-'));
  try {
    const url = `file:${path.join(dir, 'bench.db')}`;
    await migrateDatabase(url);
    const db = await openDb(url);
    const mk = async (name: string) => {
      const p = await db.project.create({ data: { name } });
      await db.document.create({ data: { projectId: p.id, fileName: 'a.md', content: 'x', contentHash: 'h', sizeBytes: 1 } });
      return p.id;
    };
    const [warm, off, onWorker, onInline] = [await mk('warm'), await mk('off'), await mk('worker'), await mk('inline')];
    // Warm-up: JIT, the query compiler, SQLite pages, the worker's module load.
    await timeRun(db, fakePipeline(5_000, hashesPerItem, false), warm, url);
    const offRun = await timeRun(db, fakePipeline(lines, hashesPerItem, true), off);
    const figures = async (store: 'worker' | 'inline', projectId: number): Promise<IngestionFigures> => {
      const run = await timeRun(db, fakePipeline(lines, hashesPerItem, false), projectId, store === 'worker' ? url : undefined);
      return {
        store,
        loggingOnMs: Math.round(run.ms),
        ratio: Math.round((run.ms / offRun.ms) * 100) / 100,
        loggingMicrosPerLine: Math.round(((run.ms - offRun.ms) * 10_000) / lines) / 10,
        linesPerSecond: Math.round(lines / (run.ms / 1000)),
        storedInOrder: await verifyStored(db, run.runId, lines),
      };
    };
    const worker = await figures('worker', onWorker);
    const inline = await figures('inline', onInline);
    await db.$disconnect();
    const result: IngestionResult = {
      lines,
      hashesPerItem,
      itemMicros: Math.round((offRun.ms * 1000) / lines),
      loggingOffMs: Math.round(offRun.ms),
      worker,
      inline,
    };
    console.log(`runs ingestion: ${lines} log lines, ${hashesPerItem} SHA-1 rounds of work per item`);
    console.log(`  logging off:             ${result.loggingOffMs} ms  (${result.itemMicros} µs per item)`);
    for (const f of [worker, inline]) {
      const label = f.store === 'worker' ? 'logging on (worker)' : 'logging on (inline)';
      console.log(
        `  ${label.padEnd(24)} ${f.loggingOnMs} ms  ratio ${f.ratio}× ${f.ratio <= 1.3 ? '(≤ 1.3× OK)' : '(> 1.3× OVER)'}` +
          `  ${f.loggingMicrosPerLine} µs/line  ${f.linesPerSecond} lines/s`,
      );
      console.log(`    check: ${lines + 2} lines stored with seqs 1…${lines + 2} in emission order: ${f.storedInOrder ? 'OK' : 'FAILED'}`);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [lines, work] = process.argv.slice(2).map(Number);
  main(lines || undefined, Number.isFinite(work) ? work : undefined).then(
    (r) => process.exit(r.worker.storedInOrder && r.inline.storedInOrder ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
