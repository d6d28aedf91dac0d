// Ingestion benchmark: one run emitting 100,000 log lines through the real RunManager and
// LogWriter (batched inserts into SQLite), against the same run with its log calls discarded.
// Prints both run times, the ratio (goal ≤ 1.3×) and a check that every line is stored, in
// order, with consecutive seqs. Run: `tsx bench/runs-ingestion.ts [lines] [workMicros]`.
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

export interface IngestionResult {
  lines: number;
  workMicrosPerLine: number;
  loggingOffMs: number;
  loggingOnMs: number;
  ratio: number;
  storedInOrder: boolean;
  linesPerSecond: number;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * The stand-in pipeline: per item, a little real work (hashing a short string until
 * `workMicros` have passed, like tokenizing a sentence), one log line and one progress report;
 * it yields to the event loop every 100 items, as an async pipeline awaiting I/O does.
 */
function fakePipeline(lines: number, workMicros: number, discardLogs: boolean): ExecuteRun {
  return async ({ reporter }) => {
    const out: Reporter = discardLogs ? { log: () => {}, progress: reporter.progress } : reporter;
    let digest = 'seed';
    for (let i = 1; i <= lines; i++) {
      const until = performance.now() + workMicros / 1000;
      do digest = createHash('sha1').update(digest).digest('hex');
      while (performance.now() < until);
      out.log({ level: 'INFO', message: `item ${i} processed`, step: 'EXTRACT', fields: { current: i, total: lines } });
      out.progress({ step: 'EXTRACT', current: i, total: lines, item: `item ${i}` });
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
  };
}

async function timeRun(db: Db, executeRun: ExecuteRun, projectId: number): Promise<{ ms: number; runId: number }> {
  const manager = new RunManager({ db, maxConcurrentRuns: 1, logger: quiet, executeRun });
  const t0 = performance.now();
  const run = await manager.start({ projectId, scope: 'EXTRACT' });
  const sub = manager.bus.subscribe('run', run.id);
  for await (const event of sub) if (event.kind === 'status' && isTerminal(event.run.status)) break;
  const ms = performance.now() - t0;
  await manager.shutdown(5_000);
  return { ms, runId: run.id };
}

/** Checks every stored line of the run: seqs 1…n consecutive, messages in emission order. */
async function verifyStored(db: Db, runId: number, lines: number): Promise<boolean> {
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

export async function main(lines = 100_000, workMicros = 20): Promise<IngestionResult> {
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
    const [warm, off, on] = [await mk('warm'), await mk('off'), await mk('on')];
    // Warm-up: JIT, the query compiler, SQLite pages.
    await timeRun(db, fakePipeline(5_000, workMicros, false), warm);
    const offRun = await timeRun(db, fakePipeline(lines, workMicros, true), off);
    const onRun = await timeRun(db, fakePipeline(lines, workMicros, false), on);
    const storedInOrder = await verifyStored(db, onRun.runId, lines);
    await db.$disconnect();
    const result: IngestionResult = {
      lines,
      workMicrosPerLine: workMicros,
      loggingOffMs: Math.round(offRun.ms),
      loggingOnMs: Math.round(onRun.ms),
      ratio: Math.round((onRun.ms / offRun.ms) * 100) / 100,
      storedInOrder,
      linesPerSecond: Math.round(lines / (onRun.ms / 1000)),
    };
    console.log(`runs ingestion: ${lines} log lines, ~${workMicros} µs of work per item`);
    console.log(`  logging off: ${result.loggingOffMs} ms`);
    console.log(`  logging on:  ${result.loggingOnMs} ms  (${result.linesPerSecond} lines/s stored)`);
    console.log(`  ratio on/off: ${result.ratio}×  (goal ≤ 1.3×) ${result.ratio <= 1.3 ? 'OK' : 'OVER'}`);
    console.log(`  check: ${lines + 2} lines stored with seqs 1…${lines + 2} in emission order: ${storedInOrder ? 'OK' : 'FAILED'}`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [lines, work] = process.argv.slice(2).map(Number);
  main(lines || undefined, Number.isFinite(work) ? work : undefined).then(
    (r) => process.exit(r.storedInOrder ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
