// Issue 9: does the server stay responsive while runs execute? Two FULL runs (offline engine) on
// the Python docs (EN and JA, ~0.9 MB each, read in place from /work/shared/eval/pydocs-en-ja, or
// PYDOCS_DIR), while a client sends `{ __typename }` over HTTP one after another; prints the
// query's p50/p99/max, how many progress snapshots each step delivered live, and the memory of
// the warm worker threads (RSS of the process before and after the pool loaded its models ÷
// workers). Twice: runs in worker threads (the server's default) and in the event loop (before).
// Run: `tsx bench/runs-workers.ts [threads|inline]`.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { openDb } from '../src/db/client';
import { RunManager } from '../src/runs/run-manager';
import { startServer } from '../src/server';
import { globalId } from '../src/schema/ids';

const CORPUS = process.env.PYDOCS_DIR ?? '/work/shared/eval/pydocs-en-ja';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (/\.(md|txt|rst)$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

async function measure(mode: 'threads' | 'inline'): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-bench-workers-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, SEED_DEMO: 'false', LOG_LEVEL: 'silent', MAX_CONCURRENT_RUNS: '2' });
  const rssBefore = process.memoryUsage().rss;
  let manager: RunManager | undefined;
  const server = await startServer(config, {
    createRuns: ({ db, logger }) =>
      (manager = new RunManager({
        db,
        maxConcurrentRuns: 2,
        llmConfig: config.llm,
        databaseUrl,
        logger,
        ...(mode === 'threads' ? { runWorkers: { cancelGraceMs: config.runCancelGraceMs } } : {}),
      })),
  });
  await manager!.workers?.ready();
  const rssWarm = process.memoryUsage().rss;
  const db = await openDb(databaseUrl);
  const projects: number[] = [];
  let bytes = 0;
  for (const lang of ['en', 'ja']) {
    const project = await db.project.create({ data: { name: `pydocs-${lang}` } });
    const root = path.join(CORPUS, lang, 'corpus');
    for (const file of await filesUnder(root)) {
      const content = await readFile(file, 'utf8');
      bytes += Buffer.byteLength(content);
      const fileName = path.relative(root, file).split(path.sep).join('/');
      await db.document.create({ data: { projectId: project.id, fileName, content, contentHash: fileName, sizeBytes: Buffer.byteLength(content) } });
    }
    projects.push(project.id);
  }
  const post = (query: string, variables?: unknown) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);

  const ws = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  const runIds: string[] = [];
  for (const projectId of projects) {
    const res = await post(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p: globalId('Project', projectId) });
    runIds.push(res.data.startRun.id);
  }
  const perStep = new Map<string, number>();
  const followed = runIds.map(
    (runId) =>
      new Promise<void>((resolve, reject) => {
        ws.subscribe(
          { query: `subscription ($r: ID!) { runProgress(runId: $r) { step status } }`, variables: { r: runId } },
          {
            next: (v: any) => {
              const step = v.data?.runProgress?.step ?? 'none';
              perStep.set(step, (perStep.get(step) ?? 0) + 1);
            },
            error: reject,
            complete: resolve,
          },
        );
      }),
  );
  let running = true;
  let peakRss = 0;
  void Promise.all(followed).then(() => (running = false));
  const latencies: number[] = [];
  let failed = 0;
  while (running) {
    const t0 = performance.now();
    // A request can fail outright (connection reset) when the event loop is blocked for seconds.
    await post('{ __typename }').catch(() => failed++);
    latencies.push(performance.now() - t0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const statuses = await Promise.all(runIds.map((id) => post(`query ($id: ID!) { run(id: $id) { status } }`, { id }).then((r) => r.data.run.status)));
  latencies.sort((a, b) => a - b);
  console.log(`  ${mode}: 2 FULL runs on ${(bytes / 1024 ** 2).toFixed(2)} MB (EN + JA), ended ${statuses.join(' / ')}`);
  console.log(`    { __typename } × ${latencies.length}: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms, ${failed} failed`);
  console.log(`    progress snapshots delivered live per step (both runs): ${[...perStep].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  const workers = manager!.workers ? 2 : 0;
  console.log(`    RSS: ${mb(rssBefore)} before start-up, ${mb(rssWarm)} after (server${workers ? ' + 2 warm workers' : ''}), peak ${mb(peakRss)} during the runs`);
  await ws.dispose();
  await db.$disconnect();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

export async function main(modes: ('threads' | 'inline')[] = ['threads', 'inline']): Promise<void> {
  console.log('Runs off the event loop (bench/runs-workers.ts)');
  for (const mode of modes) await measure(mode);
}

if (process.argv[1]?.endsWith('runs-workers.ts')) {
  const modes = process.argv.slice(2).filter((m): m is 'threads' | 'inline' => m === 'threads' || m === 'inline');
  await main(modes.length ? modes : undefined);
  process.exit(0);
}
