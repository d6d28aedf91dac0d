// History benchmark: 100,000 stored runs over a few projects, then the first page of 50 of
// `project.runs(first: 50, status: [COMPLETED])` through the GraphQL API (HTTP POST to a real
// server on 127.0.0.1) and, for comparison, the same page through RunRepository.runsPage.
// Prints the median and p95 over `reps` repetitions after a warm-up. Goal: median ≤ 20 ms.
// Run: `tsx bench/runs-history.ts [runs=100000] [reps=50]`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config';
import { openDb } from '../src/db/client';
import { migrateDatabase } from '../src/db/migrate';
import { RunRepository } from '../src/db/run-repository';
import { startServer } from '../src/server';
import { globalId } from '../src/schema/ids';

const PROJECTS = 4;
const SCOPES = ['FULL', 'EXTRACT', 'GENERATE', 'REVIEW', 'REFINE', 'FROM_TERMS'];
/** Terminal statuses in the proportions a busy history might have. */
const STATUSES = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'FAILED', 'CANCELLED'];

export interface HistoryTiming {
  medianMs: number;
  p95Ms: number;
}

export interface HistoryResult {
  runs: number;
  completedInProject: number;
  insertMs: number;
  graphql: HistoryTiming;
  graphqlWithTotal: HistoryTiming;
  repository: HistoryTiming;
}

/** DateTime as Prisma's SQLite adapter stores it. */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/**
 * One transaction of prepared INSERTs through better-sqlite3 (seconds, where Prisma would take
 * minutes). Runs interleave across projects, as they do when several projects are used; the last
 * run of project 1 is RUNNING under an owner on another host, so the server's crash recovery
 * leaves it alone and the partial unique index (one active run per project) holds.
 */
function insertRuns(file: string, projectIds: number[], runs: number): void {
  const sqlite = new Database(file);
  const insert = sqlite.prepare(
    `INSERT INTO "Run" ("projectId", "scope", "status", "triggeredBy", "ownerId", "createdAt", "startedAt", "finishedAt", "error", "step", "progressCurrent", "progressTotal", "lastSeq")
     VALUES (?, ?, ?, 'api', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = Date.UTC(2025, 0, 1);
  sqlite.transaction(() => {
    for (let i = 0; i < runs; i++) {
      const projectId = projectIds[(i * 7 + (i >> 5)) % projectIds.length]!;
      const last = i === runs - 1;
      const status = last ? 'RUNNING' : STATUSES[(i * 13) % STATUSES.length]!;
      const created = start + i * 60_000;
      insert.run(
        last ? projectIds[0] : projectId,
        SCOPES[(i * 5) % SCOPES.length],
        status,
        last ? 'elsewhere.example:4242:bench' : 'bench-host:1:seed',
        sqliteTime(created),
        sqliteTime(created + 1_000),
        last ? null : sqliteTime(created + 30_000),
        status === 'FAILED' ? 'LLM request failed (LlmRequestError)' : status === 'CANCELLED' ? 'Cancelled by user' : null,
        'REFINED',
        40,
        40,
        200,
      );
    }
  })();
  sqlite.close();
}

function summarize(samples: number[]): HistoryTiming {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { medianMs: Math.round(at(0.5) * 100) / 100, p95Ms: Math.round(at(0.95) * 100) / 100 };
}

async function time(reps: number, once: () => Promise<void>): Promise<HistoryTiming> {
  for (let i = 0; i < 20; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

const PAGE = `query ($id: ID!) { project(id: $id) { runs(first: 50, status: [COMPLETED]) {
  pageInfo { hasNextPage endCursor }
  edges { node { id status scope triggeredBy createdAt startedAt finishedAt durationMs error } } } } }`;
const PAGE_WITH_TOTAL = PAGE.replace('runs(first: 50, status: [COMPLETED]) {', 'runs(first: 50, status: [COMPLETED]) { totalCount');

export async function main(runs = 100_000, reps = 50): Promise<HistoryResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-bench-history-'));
  try {
    const file = path.join(dir, 'bench.db');
    const url = `file:${file}`;
    await migrateDatabase(url);
    const seed = await openDb(url);
    const projectIds: number[] = [];
    for (let p = 0; p < PROJECTS; p++) projectIds.push((await seed.project.create({ data: { name: `history ${p + 1}` } })).id);
    await seed.$disconnect();
    const t0 = performance.now();
    insertRuns(file, projectIds, runs);
    const insertMs = Math.round(performance.now() - t0);

    const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, SEED_DEMO: 'false', LOG_LEVEL: 'warn' }));
    const db = await openDb(url);
    try {
      const projectId = projectIds[0]!;
      const completedInProject = await db.run.count({ where: { projectId, status: 'COMPLETED' } });
      const post = (query: string) => async () => {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query, variables: { id: globalId('Project', projectId) } }),
        });
        const body = (await res.json()) as { data?: { project: { runs: { edges: unknown[] } } }; errors?: unknown };
        if (body.errors || body.data?.project.runs.edges.length !== 50) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
      };
      const graphql = await time(reps, post(PAGE));
      const graphqlWithTotal = await time(reps, post(PAGE_WITH_TOTAL));
      const repo = new RunRepository(db);
      const repository = await time(reps, async () => {
        const page = await repo.runsPage({ projectId, first: 50, status: ['COMPLETED'] });
        if (page.runs.length !== 50) throw new Error('short page');
      });
      const result: HistoryResult = { runs, completedInProject, insertMs, graphql, graphqlWithTotal, repository };
      console.log(
        `runs history: ${runs.toLocaleString('en-US')} runs over ${PROJECTS} projects (inserted in ${insertMs} ms); ` +
          `first page of 50 COMPLETED of project ${projectId} (${completedInProject.toLocaleString('en-US')} match), ${reps} repetitions after 20 warm-up`,
      );
      const line = (label: string, t: HistoryTiming, goal: boolean) =>
        console.log(`  ${label.padEnd(34)} median ${t.medianMs} ms  p95 ${t.p95Ms} ms${goal ? (t.medianMs <= 20 ? '  (≤ 20 ms OK)' : '  (> 20 ms OVER)') : ''}`);
      line('GraphQL over HTTP', graphql, true);
      line('GraphQL over HTTP, with totalCount', graphqlWithTotal, true);
      line('RunRepository.runsPage', repository, false);
      return result;
    } finally {
      await db.$disconnect();
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [runs, reps] = process.argv.slice(2).map(Number);
  main(runs || undefined, reps || undefined).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
