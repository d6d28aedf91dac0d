// Automatic incremental extraction on upload (Project.autoExtract): one EXTRACT run per upload
// (triggeredBy auto, documentIds = the new documents); documents uploaded while a run is active are
// extracted together in one run after it, once; the marks survive a server restart.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { openDb, type Db } from '../../src/db/client';
import { type ExecuteRun, RunManager } from '../../src/runs/index';
import { startServer } from '../../src/server';
import { waitForRunEnd } from '../support/glossary-runs';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { dbId } from '../support/ids';

/** Gates: a FULL run started through the API holds until its gate opens (or it is cancelled); other runs end at once. */
const gates = new Map<number, () => void>();
const executed: { runId: number; scope: string; triggeredBy: string; documentIds: number[] | null }[] = [];
const executeRun: ExecuteRun = async ({ run, scope, documentIds, signal }) => {
  executed.push({ runId: run.id, scope, triggeredBy: run.triggeredBy, documentIds });
  if (scope !== 'FULL') return;
  await new Promise<void>((resolve) => {
    gates.set(run.id, resolve);
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
};
const quiet = { info() {}, warn() {}, error() {} };
const createRuns = ({ db }: { db: Db }) => new RunManager({ db, maxConcurrentRuns: 2, executeRun, logFlushIntervalMs: 5, logger: quiet });

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer({}, { createRuns });
  db = await openDb(server.databaseUrl);
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

const RUNS = `query ($id: ID!) { project(id: $id) { runs(first: 50) { edges { node { id scope status triggeredBy documentIds } } } } }`;
const nodes = (data: any) => data.project.runs.edges.map((e: any) => e.node).reverse();
/** The project's runs, oldest first. */
const runsOf = async (id: string) => nodes(await server.ok(RUNS, { id })) as { id: string; scope: string; status: string; triggeredBy: string; documentIds: string[] | null }[];
const upload = async (s: TestServer, p: string, names: string[]) =>
  (await s.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, {
    p,
    d: names.map((fileName) => ({ fileName, content: `# ${fileName}\n\nThe **roast profile** of ${fileName}.` })),
  })).addDocuments.map((d: { id: string }) => d.id) as string[];

/** A project with one document, then autoExtract switched on (so that document started no run). */
async function project(s: TestServer, name: string): Promise<string> {
  const { createProject } = await s.ok(`mutation ($input: CreateProjectInput!) { createProject(input: $input) { id autoExtract } }`, { input: { name } });
  expect(createProject.autoExtract).toBe(false);
  await upload(s, createProject.id, ['base.md']);
  const { updateProject } = await s.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { autoExtract: true }) { autoExtract } }`, { id: createProject.id });
  expect(updateProject.autoExtract).toBe(true);
  return createProject.id;
}

describe('autoExtract', () => {
  it('is off by default: an upload starts no run', async () => {
    // Created with autoExtract on, switched off: the switch is what counts.
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "Manual", autoExtract: true }) { id autoExtract } }`);
    expect(createProject.autoExtract).toBe(true);
    await server.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { autoExtract: false }) { autoExtract } }`, { id: createProject.id });
    const { project: fresh } = await server.ok(`mutation { createProject(input: { name: "Default" }) { id autoExtract } }`).then((d) => ({ project: d.createProject }));
    expect(fresh.autoExtract).toBe(false);
    await upload(server, createProject.id, ['a.md']);
    expect(await runsOf(createProject.id)).toEqual([]);
  });

  it('on: an upload starts one incremental EXTRACT of the new documents, triggered by auto', async () => {
    const p = await project(server, 'Auto');
    expect(await runsOf(p)).toEqual([]);
    const ids = await upload(server, p, ['new1.md', 'new2.md']);
    const runs = await runsOf(p);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ scope: 'EXTRACT', triggeredBy: 'auto', documentIds: ids });
    expect(await waitForRunEnd(server, p, runs[0]!.id)).toBe('COMPLETED');
    expect(await db.document.count({ where: { projectId: dbId(p), autoExtractPending: true } })).toBe(0);
  });

  it('uploads during an active run are extracted together after it, in one run, once', async () => {
    const p = await project(server, 'Busy');
    const { startRun } = await server.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p });
    // Wait until the held run executes (its gate exists), so it is the active run for sure.
    await expect.poll(() => gates.has(dbId(startRun.id)), { interval: 10 }).toBe(true);
    const first = await upload(server, p, ['during1.md']);
    const second = await upload(server, p, ['during2.md', 'during3.md']);
    expect((await runsOf(p)).map((r) => r.id)).toEqual([startRun.id]);
    expect(await db.document.count({ where: { projectId: dbId(p), autoExtractPending: true } })).toBe(3);

    gates.get(dbId(startRun.id))!();
    // The automatic run follows the one that was active (read from the store until it is there;
    // a runStatus subscription made now could start after both ends).
    await expect.poll(async () => (await runsOf(p)).map((r) => [r.triggeredBy, r.status]), { interval: 20, timeout: 20_000 }).toEqual([
      ['api', 'COMPLETED'],
      ['auto', 'COMPLETED'],
    ]);
    const auto = (await runsOf(p)).find((r) => r.triggeredBy === 'auto')!;
    expect(auto).toMatchObject({ scope: 'EXTRACT', documentIds: [...first, ...second] });
    expect(await waitForRunEnd(server, p, auto.id)).toBe('COMPLETED');
    expect(await db.document.count({ where: { projectId: dbId(p), autoExtractPending: true } })).toBe(0);
    // Once: another run ending starts nothing more.
    expect(await (async () => {
      const { startRun: again } = await server.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id } }`, { p });
      await waitForRunEnd(server, p, again.id);
      return (await runsOf(p)).filter((r) => r.triggeredBy === 'auto').length;
    })()).toBe(1);
  });

  it('documents waiting for a run survive a restart and are extracted by the next server', async () => {
    const first = await startTestServer({}, { createRuns });
    const p = await project(first, 'Restart');
    const { startRun } = await first.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p });
    await expect.poll(() => gates.has(dbId(startRun.id)), { interval: 10 }).toBe(true);
    const waiting = await upload(first, p, ['waiting.md']);
    // Shut down with the documents still marked (the held run is cancelled by the shutdown).
    await first.close();

    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: first.databaseUrl, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
    const second = await startServer(config, { createRuns });
    try {
      const res = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: RUNS, variables: { id: p } }),
      });
      const runs = nodes((await res.json() as any).data) as { scope: string; triggeredBy: string; documentIds: string[]; status: string }[];
      expect(runs.find((r) => r.triggeredBy === 'auto')).toMatchObject({ scope: 'EXTRACT', documentIds: waiting });
    } finally {
      await second.close();
      await rm(first.dir, { recursive: true, force: true });
    }
  });
});
