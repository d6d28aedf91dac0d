// The server as a real process: killed mid-run, stopped with SIGTERM mid-run, and two of them
// racing on one database file. Its projects use the Ollama engine pointed at a stub model server
// in this process that never answers, so a run stays RUNNING, holding a request to the model, until
// it is cancelled, shut down or killed: how fast the machine is cannot end it first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDb } from '../../src/db/client';
import { type StubServer, startStubLlmServer } from '../llm/stub-llm-server';
import { heldModelEnv, heldProject, ok, runningWithLines, START_FULL_RUN as START, statusOf } from '../support/held-runs';
import { type ServerProcess, spawnServer } from '../support/server-process';
import { dbId } from '../support/ids';

let dir: string;
let model: StubServer;
const children: ServerProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-process-'));
  model = await startStubLlmServer({ handler: () => ({ hang: true }) });
});
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await model?.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(databaseUrl: string): Promise<ServerProcess> {
  const server = await spawnServer(databaseUrl, heldModelEnv(model));
  children.push(server);
  return server;
}

const RUN = `query ($id: ID!) { run(id: $id) { id status error lastSeq logs(first: 1000) { seq message level } } }`;

describe('server process', () => {
  it('SIGKILL mid-run, then restart: the run is FAILED "interrupted" with its logs, and a new run can start', async () => {
    const databaseUrl = `file:${path.join(dir, 'kill.db')}`;
    const first = await start(databaseUrl);
    const projectId = await heldProject(first, 'killed');
    const { startRun } = await ok(first, START, { p: projectId });
    const before = await runningWithLines(first, projectId, startRun.id);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start(databaseUrl);
    const { run } = await ok(second, RUN, { id: startRun.id });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/interrupted/i);
    expect(run.lastSeq).toBeGreaterThanOrEqual(before.lastSeq);
    const seqs = run.logs.map((l: { seq: number }) => l.seq);
    expect(seqs).toEqual(Array.from({ length: run.lastSeq }, (_, i) => i + 1));
    expect(run.logs.at(-1)).toMatchObject({ level: 'ERROR', message: expect.stringMatching(/interrupted/i) });

    const again = await ok(second, START, { p: projectId });
    expect(again.startRun.id).not.toBe(startRun.id);
    await ok(second, `mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: again.startRun.id });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it('SIGTERM mid-run: the run ends CANCELLED "Server shut down", subscriptions close, exit 0 within 10 s', async () => {
    const databaseUrl = `file:${path.join(dir, 'term.db')}`;
    const server = await start(databaseUrl);
    const projectId = await heldProject(server, 'terminated');
    const { startRun } = await ok(server, START, { p: projectId });

    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const seqs: number[] = [];
    const logsEnded = new Promise<string>((resolve) => {
      client.subscribe<{ runLogs: { seq: number } }>(
        { query: `subscription ($id: ID!) { runLogs(runId: $id) { seq } }`, variables: { id: startRun.id } },
        { next: (r) => r.data && seqs.push(r.data.runLogs.seq), error: (e) => resolve(`error ${(e as { code?: number }).code ?? e}`), complete: () => resolve('complete') },
      );
    });
    await runningWithLines(server, projectId, startRun.id);

    const sentAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(10_000);
    // Either the run's end reached the subscriber (complete) or the socket was closed properly (1001).
    expect(await logsEnded).toMatch(/complete|error 1001/);
    await client.dispose();

    const db = await openDb(databaseUrl);
    try {
      const run = await db.run.findUniqueOrThrow({ where: { id: dbId(startRun.id) } });
      expect(run.status).toBe('CANCELLED');
      expect(run.error).toMatch(/shut down/i);
      const stored = await db.runLog.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
      expect(stored.map((l) => l.seq)).toEqual(Array.from({ length: run.lastSeq }, (_, i) => i + 1));
      expect(stored.at(-1)!.message).toMatch(/shut down/i);
      // What the subscriber saw is a gap-free prefix of what was stored.
      expect(seqs).toEqual(stored.slice(0, seqs.length).map((l) => l.seq));
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  it('two server processes on one database file: 50 concurrent startRun split across both → exactly one run', async () => {
    const databaseUrl = `file:${path.join(dir, 'two.db')}`;
    // Started together on a fresh file: one applies the migrations, the other waits for it.
    const [a, b] = await Promise.all([start(databaseUrl), start(databaseUrl)]);
    const projectId = await heldProject(a, 'shared');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? b : a).gql(START, { p: projectId })));
    const winners = results.filter((r) => r.data?.startRun);
    const losers = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RUN_ALREADY_ACTIVE');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const runId = winners[0]!.data.startRun.id;
    expect(new Set(losers.map((l) => l.errors![0].extensions.activeRunId))).toEqual(new Set([runId]));
    const { project } = await ok(b, `query ($id: ID!) { project(id: $id) { runs { totalCount } } }`, { id: projectId });
    expect(project.runs.totalCount).toBe(1);

    // Cancel through the other process: it records the request, the owner's poll aborts the run.
    const owner = results.findIndex((r) => r.data?.startRun) % 2 ? b : a;
    const other = owner === a ? b : a;
    await runningWithLines(owner, projectId, runId);
    await model.waitFor(() => model.inFlight >= 1, 15_000);
    const closedBefore = model.closedEarly.length;
    // A GUI on the other process follows the project's runs: the run executes elsewhere.
    const client = createClient({ url: other.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const statuses: string[] = [];
    let following = () => {};
    const followed = new Promise<void>((resolve) => (following = resolve));
    const sawEnd = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe<{ runStatus: { id: string; status: string } }>(
        { query: `subscription ($p: ID!) { runStatus(projectId: $p, includeCurrent: true) { id status } }`, variables: { p: projectId } },
        {
          next: (r) => {
            if (!r.data) return reject(new Error(JSON.stringify(r.errors)));
            statuses.push(`${r.data.runStatus.id}:${r.data.runStatus.status}`);
            following();
            if (r.data.runStatus.status === 'CANCELLED') {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await followed;
    await ok(other, `mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    // Its end, on the first process's own runStatus (statusOf fails if it ended otherwise).
    expect((await statusOf(a, projectId, runId, 'CANCELLED')).status).toBe('CANCELLED');
    // The owner aborted the request it was waiting on, not just the run's row.
    expect(model.closedEarly.length).toBeGreaterThan(closedBefore);
    // The end, recorded by the owner, reached the other process's runStatus; nothing came twice.
    await sawEnd;
    expect(statuses).toEqual([`${runId}:RUNNING`, `${runId}:RUNNING`, `${runId}:CANCELLED`]);
    await client.dispose();
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
  }, 120_000);
});
