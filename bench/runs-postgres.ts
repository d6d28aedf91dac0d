// PostgreSQL figures (issue 9, "many instances"), on an embedded PostgreSQL 18 started here:
// - history: the first page of 50 COMPLETED runs of a project among 100,000 runs (goal: median ≤ 20 ms);
// - ingestion: 100,000 log lines through the real RunManager against the same run with logging
//   off (goal: ≤ 1.3×);
// - cross-instance delivery: a run executing on instance A, followed on instance B (two
//   RunManagers on their own connections, announcements through LISTEN/NOTIFY): from the moment A
//   emits a line to the moment B's follower receives it (goal: p99 ≤ 150 ms);
// - notifications: NOTIFYs/s and announcements/s the relay sends while 200 runs store 50 batches/s
//   each, and the NOTIFY rate one PostgreSQL takes (where one database stops being enough).
// Printed, never asserted. Run: `tsx bench/runs-postgres.ts [history|ingestion|delivery|notify]…`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../scripts/embedded-postgres';
import { loadConfig } from '../src/config';
import { openDb, type Db } from '../src/db/client';
import { migrateDatabase } from '../src/db/migrate';
import { RunRepository } from '../src/db/run-repository';
import { RunManager } from '../src/runs/run-manager';
import { isTerminal, type RunLogRow } from '../src/runs/types';
import { globalId } from '../src/schema/ids';
import { startServer } from '../src/server';
import { fakePipeline, timeRun, verifyStored } from './runs-ingestion';

const quiet = { info() {}, warn() {}, error() {} };
let databases = 0;

async function freshDatabase(server: EmbeddedPostgresServer): Promise<string> {
  const url = await server.createDatabase(`bench_${++databases}`);
  await migrateDatabase(url);
  return url;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 100) / 100;
}

async function timed(reps: number, once: () => Promise<void>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 20; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return { median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

async function history(server: EmbeddedPostgresServer, runs = 100_000, reps = 50): Promise<void> {
  const url = await freshDatabase(server);
  const db = await openDb(url);
  const projectIds: number[] = [];
  for (let p = 0; p < 4; p++) projectIds.push((await db.project.create({ data: { name: `history ${p + 1}` } })).id);
  const t0 = performance.now();
  // Interleaved over the projects, terminal statuses in a busy history's proportions (as bench/runs-history.ts).
  await db.$executeRawUnsafe(
    `INSERT INTO "Run" ("projectId", "scope", "status", "triggeredBy", "ownerId", "createdAt", "startedAt", "finishedAt", "error", "step", "progressCurrent", "progressTotal", "lastSeq")
     SELECT ($1::int[])[1 + ((i * 7 + (i >> 5)) % 4)],
            (ARRAY['FULL','EXTRACT','GENERATE','REVIEW','REFINE','FROM_TERMS'])[1 + (i * 5) % 6],
            s, 'api', 'bench-host:1:seed',
            timestamp '2025-01-01' + i * interval '1 minute', timestamp '2025-01-01' + i * interval '1 minute' + interval '1 second',
            timestamp '2025-01-01' + i * interval '1 minute' + interval '30 seconds',
            CASE s WHEN 'FAILED' THEN 'LLM request failed (LlmRequestError)' WHEN 'CANCELLED' THEN 'Cancelled by user' END,
            'REFINED', 40, 40, 200
     FROM generate_series(0, $2::int - 1) AS i,
          LATERAL (SELECT (ARRAY['COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','FAILED','FAILED','CANCELLED'])[1 + (i * 13) % 10] AS s) AS st`,
    projectIds,
    runs,
  );
  await db.$executeRawUnsafe('ANALYZE "Run"');
  const insertMs = Math.round(performance.now() - t0);
  const srv = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, SEED_DEMO: 'false', LOG_LEVEL: 'warn' }));
  try {
    const projectId = projectIds[0]!;
    const query = `query ($id: ID!) { project(id: $id) { runs(first: 50, status: [COMPLETED]) {
      pageInfo { hasNextPage endCursor } edges { node { id status scope triggeredBy createdAt startedAt finishedAt durationMs error } } } } }`;
    const graphql = await timed(reps, async () => {
      const res = await fetch(srv.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables: { id: globalId('Project', projectId) } }),
      });
      const body = (await res.json()) as { data?: { project: { runs: { edges: unknown[] } } } };
      if (body.data?.project.runs.edges.length !== 50) throw new Error(`unexpected answer ${JSON.stringify(body).slice(0, 200)}`);
    });
    const repo = new RunRepository(db);
    const repository = await timed(reps, async () => {
      if ((await repo.runsPage({ projectId, first: 50, status: ['COMPLETED'] })).runs.length !== 50) throw new Error('short page');
    });
    console.log(`history on PostgreSQL: ${runs.toLocaleString('en-US')} runs over 4 projects (inserted in ${insertMs} ms); first page of 50 COMPLETED, ${reps} repetitions after 20 warm-up`);
    console.log(`  GraphQL over HTTP                  median ${graphql.median} ms  p95 ${graphql.p95} ms  ${graphql.median <= 20 ? '(≤ 20 ms OK)' : '(> 20 ms OVER)'}`);
    console.log(`  RunRepository.runsPage             median ${repository.median} ms  p95 ${repository.p95} ms`);
  } finally {
    await srv.close();
    await db.$disconnect();
  }
}

async function ingestion(server: EmbeddedPostgresServer, lines = 100_000, hashesPerItem = 32): Promise<void> {
  const url = await freshDatabase(server);
  const db = await openDb(url);
  const mk = async (name: string) => {
    const p = await db.project.create({ data: { name } });
    await db.document.create({ data: { projectId: p.id, fileName: 'a.md', content: 'x', contentHash: 'h', sizeBytes: 1 } });
    return p.id;
  };
  const [warm, off, on] = [await mk('warm'), await mk('off'), await mk('on')];
  await timeRun(db, fakePipeline(5_000, hashesPerItem, false), warm, url);
  const offRun = await timeRun(db, fakePipeline(lines, hashesPerItem, true), off, url);
  const onRun = await timeRun(db, fakePipeline(lines, hashesPerItem, false), on, url);
  const ratio = Math.round((onRun.ms / offRun.ms) * 100) / 100;
  console.log(`ingestion on PostgreSQL: ${lines.toLocaleString('en-US')} log lines, ${hashesPerItem} SHA-1 rounds per item (batches on the log store's worker thread)`);
  console.log(`  logging off ${Math.round(offRun.ms)} ms · on ${Math.round(onRun.ms)} ms · ratio ${ratio}× ${ratio <= 1.3 ? '(≤ 1.3× OK)' : '(> 1.3× OVER)'} · ${Math.round(lines / (onRun.ms / 1000))} lines/s`);
  console.log(`  check: every line stored in order with consecutive seqs: ${(await verifyStored(db, onRun.runId, lines)) ? 'OK' : 'FAILED'}`);
  await db.$disconnect();
}

/** An instance that executes nothing of its own (a follower, or a relay under load). */
function instance(db: Db, url: string): RunManager {
  return new RunManager({ db, databaseUrl: url, instances: { leaseMs: 15_000 }, maxConcurrentRuns: 2, logger: quiet, executeRun: async () => {} });
}

async function delivery(server: EmbeddedPostgresServer, lines = 5_000): Promise<void> {
  const url = await freshDatabase(server);
  const dbA = await openDb(url);
  const dbB = await openDb(url);
  const project = await dbA.project.create({ data: { name: 'delivery' } });
  await dbA.document.create({ data: { projectId: project.id, fileName: 'a.md', content: 'x', contentHash: 'h', sizeBytes: 1 } });
  const emittedAt = new Map<number, number>();
  const a = new RunManager({
    db: dbA,
    databaseUrl: url,
    instances: { leaseMs: 15_000 },
    maxConcurrentRuns: 1,
    logger: quiet,
    executeRun: async ({ reporter }) => {
      // ~1,000 lines a second in bursts of 10, as a busy pipeline logs.
      for (let i = 1; i <= lines; i++) {
        emittedAt.set(i + 1, performance.now()); // seq 1 is "Run … started"
        reporter.log({ level: 'INFO', message: `line ${i}` });
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 10));
      }
    },
  });
  const b = instance(dbB, url);
  await Promise.all([a.recoverInterrupted(), b.recoverInterrupted()]);
  const run = await a.start({ projectId: project.id, scope: 'EXTRACT' });
  const follow = async (m: RunManager): Promise<number[]> => {
    const delays: number[] = [];
    for await (const batch of m.followLogBatches(run.id, 0) as AsyncIterable<readonly RunLogRow[]>) {
      const now = performance.now();
      for (const line of batch) {
        const at = emittedAt.get(line.seq);
        if (at !== undefined) delays.push(now - at);
      }
    }
    return delays;
  };
  // The same lines followed on A itself: what the log writer's batching costs before any relay.
  const [delays, local] = await Promise.all([follow(b), follow(a)]);
  const ended = await dbA.run.findUnique({ where: { id: run.id } });
  console.log(`cross-instance delivery: ${lines.toLocaleString('en-US')} lines emitted on A (~1,000/s), followed on B through LISTEN/NOTIFY + one store read per announcement`);
  console.log(
    `  emit on A → receipt on B: p50 ${percentile(delays, 0.5)} ms  p99 ${percentile(delays, 0.99)} ms  max ${percentile(delays, 1)} ms  ` +
      `${percentile(delays, 0.99) <= 150 ? '(p99 ≤ 150 ms OK)' : '(p99 > 150 ms OVER)'}; ${delays.length} lines received, run ${ended?.status}; ` +
      `relay of A: ${a.relay!.stats.notifies} NOTIFYs for ${a.relay!.stats.announcements} announcements`,
  );
  console.log(`  for comparison, followed on A itself: p50 ${percentile(local, 0.5)} ms  p99 ${percentile(local, 0.99)} ms (log batching, ${lines} lines)`);
  await Promise.all([a.shutdown(5_000), b.shutdown(5_000)]);
  await Promise.all([dbA.$disconnect(), dbB.$disconnect()]);
  if (!isTerminal(ended?.status ?? '')) throw new Error('run did not end');
}

async function notify(server: EmbeddedPostgresServer, runs = 200, batchesPerSecond = 50, seconds = 5): Promise<void> {
  const url = await freshDatabase(server);
  const db = await openDb(url);
  const m = instance(db, url);
  await m.recoverInterrupted();
  const received = { n: 0 };
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', () => received.n++);
  await listener.query('LISTEN genglossary_runs');
  const t0 = performance.now();
  let seq = 0;
  // Each tick, every run "stores" one batch: the relay folds them into its next flush.
  while (performance.now() - t0 < seconds * 1000) {
    seq++;
    for (let id = 1; id <= runs; id++) {
      m.bus.publish('run', id, { kind: 'logs', runId: id, lines: [{ runId: id, seq, time: new Date(), level: 'INFO', step: null, message: 'x', fields: null }] });
    }
    await new Promise((r) => setTimeout(r, 1000 / batchesPerSecond));
  }
  const elapsed = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  const stats = m.relay!.stats;
  console.log(`notifications: ${runs} runs × ${batchesPerSecond} stored batches/s for ${seconds} s on one instance (${(runs * batchesPerSecond).toLocaleString('en-US')} batches/s)`);
  console.log(
    `  relay sent ${Math.round(stats.notifies / elapsed)} NOTIFY/s carrying ${Math.round(stats.announcements / elapsed).toLocaleString('en-US')} run announcements/s ` +
      `(coalesced per 15 ms flush); a listener received ${Math.round(received.n / elapsed)} NOTIFY/s`,
  );
  await m.shutdown(5_000);
  await listener.end();

  // The ceiling: NOTIFYs one PostgreSQL commits per second from 8 connections (each NOTIFY its own
  // transaction: they serialize on the notify queue's lock at commit).
  const clients = await Promise.all(Array.from({ length: 8 }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  const payload = JSON.stringify({ i: 'bench', a: Array.from({ length: 60 }, (_, r) => ({ r, q: 123456, s: 'RUNNING' })) });
  let sent = 0;
  const t1 = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (performance.now() - t1 < 3_000) {
      await c.query('SELECT pg_notify($1, $2)', ['bench_ceiling', payload]);
      sent++;
    }
  }));
  const perSecond = Math.round(sent / ((performance.now() - t1) / 1000));
  console.log(
    `  ceiling here: ${perSecond.toLocaleString('en-US')} NOTIFY/s of ${payload.length} bytes (~60 announcements each) from 8 connections. ` +
      `At ≤ ${Math.round(1000 / 15)} NOTIFY/s per instance that is ~${Math.floor(perSecond / 67)} busy instances before NOTIFY commits queue up; ` +
      `beyond that, a Redis event target or sharding runs by project (DESIGN §8).`,
  );
  await Promise.all(clients.map((c) => c.end()));
  await db.$disconnect();
}

export async function main(parts: string[] = []): Promise<void> {
  const all: Record<string, (s: EmbeddedPostgresServer) => Promise<void>> = { history, ingestion, delivery, notify };
  const server = await startEmbeddedPostgres();
  try {
    for (const part of parts.length ? parts : Object.keys(all)) {
      const run = all[part];
      if (!run) throw new Error(`unknown part ${part}; expected some of ${Object.keys(all).join(', ')}`);
      await run(server);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
