// Three server processes on one PostgreSQL database (issue 9, "many instances"): the one-active-run
// rule across instances, a follower on one instance of a run executing on another, a cancel that
// crosses instances, and a SIGKILLed owner whose run another instance ends by its lease.
// Runs in the `postgres` vitest project. Projects use the Ollama engine against a stub model that
// holds every request until the test opens its gate, so a run stays RUNNING as long as needed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoAnswer, startStubLlmServer, type StubServer } from '../llm/stub-llm-server';
import { collect } from '../support/graphql-server';
import { heldModelEnv, heldProject as project, ok, runningWithLines, START_FULL_RUN as START, statusOf } from '../support/held-runs';
import { dbId } from '../support/ids';
import { deferred, type Deferred } from '../support/run-helpers';
import { type ServerProcess, spawnServer } from '../support/server-process';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/test-database';

const LEASE_MS = 5_000;
let database: PostgresTestDatabase;
let model: StubServer;
let gate: Deferred;
let servers: ServerProcess[] = [];
let sql: pg.Client;

beforeAll(async () => {
  gate = deferred();
  model = await startStubLlmServer({
    handler: async (call) => {
      await gate.promise;
      return autoAnswer(call);
    },
  });
  database = await createPostgresTestDatabase();
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const env = { ...heldModelEnv(model), INSTANCE_LEASE_MS: String(LEASE_MS), MAX_CONCURRENT_RUNS: '2' };
  // One first, so the others find the database migrated (they would wait on the advisory lock anyway).
  servers = [await spawnServer(database.url, env)];
  servers.push(...(await Promise.all([spawnServer(database.url, env), spawnServer(database.url, env)])));
}, 180_000);

afterAll(async () => {
  gate.resolve();
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
  await sql?.end();
  await model?.close();
  await database?.drop();
}, 60_000);

const CANCEL = `mutation ($id: ID!) { cancelRun(id: $id) { id status } }`;
const LOGS = `subscription ($id: ID!) { runLogs(runId: $id, afterSeq: 0) { seq message level } }`;

/** The instance executing a run: its owner id carries the server's pid. */
async function ownerOf(runId: string): Promise<ServerProcess> {
  const { rows } = await sql.query<{ ownerId: string }>('SELECT "ownerId" FROM "Run" WHERE id = $1', [dbId(runId)]);
  const pid = Number(rows[0]!.ownerId.split(':').at(-2));
  const owner = servers.find((s) => s.child.pid === pid);
  if (!owner) throw new Error(`run ${runId} is owned by no test server (${rows[0]!.ownerId})`);
  return owner;
}

describe('three instances on one PostgreSQL', () => {
  it('60 concurrent startRun over 3 projects through 3 instances: exactly one active run per project, the others RUN_ALREADY_ACTIVE with its id', async () => {
    gate = deferred(); // held: the winners stay active
    const projects = await Promise.all([0, 1, 2].map((i) => project(servers[i]!, `race-${i}`)));
    const attempts = Array.from({ length: 60 }, (_, i) => servers[i % 3]!.gql<{ startRun: { id: string } }>(START, { p: projects[i % projects.length]! }));
    const results = await Promise.all(attempts);
    const winners = new Map<string, string>();
    for (const [i, r] of results.entries()) {
      if (r.data?.startRun) {
        const p = projects[i % 3]!;
        if (winners.has(p)) {
          const { rows } = await sql.query('SELECT id, status, error, "ownerId" FROM "Run" WHERE "projectId" = $1 ORDER BY id', [dbId(p)]);
          expect.fail(`two runs started for ${p}: ${JSON.stringify(rows)}`);
        }
        winners.set(p, r.data.startRun.id);
      }
    }
    expect(winners.size).toBe(3);
    for (const [i, r] of results.entries()) {
      if (r.data?.startRun) continue;
      expect(r.errors?.[0]?.extensions?.code).toBe('RUN_ALREADY_ACTIVE');
      expect(r.errors?.[0]?.extensions?.activeRunId).toBe(winners.get(projects[i % 3]!));
    }
    // At every moment: the partial unique index admits no second active run, and the table agrees.
    const { rows } = await sql.query<{ projectId: number; active: string }>(
      `SELECT "projectId", count(*) AS active FROM "Run" WHERE status IN ('PENDING','RUNNING') GROUP BY "projectId"`,
    );
    expect(rows.map((r) => Number(r.active))).toEqual([1, 1, 1]);
    // Every winner is claimed by some instance; cancelling from another one ends it.
    await Promise.all(projects.map((p) => statusOf(servers[0]!, p, winners.get(p)!, 'RUNNING')));
    await Promise.all([...winners.values()].map((id, i) => ok(servers[(i + 1) % 3]!, CANCEL, { id })));
    await Promise.all(projects.map((p) => statusOf(servers[2]!, p, winners.get(p)!, 'CANCELLED')));
  }, 120_000);

  it("a follower on another instance gets every line of the run once, in order, live; runStatus there sees it end", async () => {
    gate = deferred();
    const projectId = await project(servers[0]!, 'followed');
    const { startRun } = await ok(servers[0]!, START, { p: projectId });
    const owner = await ownerOf((await statusOf(servers[0]!, projectId, startRun.id, 'RUNNING')).id);
    const follower = servers.find((s) => s !== owner)!;
    let linesWhileHeld = 0;
    const completed = statusOf(follower, projectId, startRun.id, 'COMPLETED');
    const followed = collect<{ runLogs: { seq: number; message: string } }>(follower.ws(), LOGS, { id: startRun.id }, (_v, all) => {
      // Live: lines arrive while the model still holds the run, before anything ends.
      if (all.length === 2) {
        linesWhileHeld = all.length;
        gate.resolve();
      }
    });
    const logs = await followed;
    expect(logs.completed).toBe(true);
    expect(linesWhileHeld).toBe(2);
    expect((await completed).status).toBe('COMPLETED');
    const { run } = await ok(owner, `query ($id: ID!) { run(id: $id) { lastSeq logs(first: 1000) { seq message } } }`, { id: startRun.id });
    expect(logs.values.map((v) => v.runLogs.seq)).toEqual(Array.from({ length: run.lastSeq }, (_, i) => i + 1));
    expect(logs.values.map((v) => v.runLogs.message)).toEqual(run.logs.map((l: { message: string }) => l.message));
  }, 120_000);

  it("cancel on another instance ends the owner's run CANCELLED", async () => {
    gate = deferred();
    const projectId = await project(servers[1]!, 'cancelled-elsewhere');
    const { startRun } = await ok(servers[1]!, START, { p: projectId });
    await runningWithLines(servers[1]!, projectId, startRun.id);
    const owner = await ownerOf(startRun.id);
    const other = servers.find((s) => s !== owner)!;
    const ended = statusOf(owner, projectId, startRun.id, 'CANCELLED');
    const { cancelRun } = await ok(other, CANCEL, { id: startRun.id });
    expect(cancelRun.status).toBe('RUNNING');
    const run = await ended;
    expect(run.error).toMatch(/cancel/i);
  }, 120_000);

  it('SIGKILL of the owner mid-run: another instance ends the run as interrupted within two leases, logs intact; the next start works', async () => {
    gate = deferred();
    const projectId = await project(servers[2]!, 'owner-killed');
    const { startRun } = await ok(servers[2]!, START, { p: projectId });
    await runningWithLines(servers[2]!, projectId, startRun.id);
    const owner = await ownerOf(startRun.id);
    const survivor = servers.find((s) => s !== owner)!;
    const failed = statusOf(survivor, projectId, startRun.id, 'FAILED');
    owner.child.kill('SIGKILL');
    await owner.exited;
    const run = await failed;
    expect(run.error).toMatch(/interrupted/i);

    // Within two leases of the owner's last heartbeat (its lease's expiry is that beat + one lease),
    // by the database's own timestamps.
    const { rows } = await sql.query<{ late_ms: number }>(
      `SELECT EXTRACT(EPOCH FROM (r."finishedAt" - s."expiresAt")) * 1000 AS late_ms FROM "Run" r JOIN "ServerInstance" s ON s.id = r."ownerId" WHERE r.id = $1`,
      [dbId(startRun.id)],
    );
    expect(Number(rows[0]!.late_ms)).toBeLessThan(LEASE_MS);

    const { run: stored } = await ok(survivor, `query ($id: ID!) { run(id: $id) { lastSeq logs(first: 1000) { seq level message } } }`, { id: startRun.id });
    expect(stored.logs.map((l: { seq: number }) => l.seq)).toEqual(Array.from({ length: stored.lastSeq }, (_, i) => i + 1));
    expect(stored.logs.at(-1)).toMatchObject({ level: 'ERROR', message: expect.stringMatching(/interrupted/i) });

    gate.resolve();
    const { startRun: next } = await ok(survivor, START, { p: projectId });
    expect((await statusOf(survivor, projectId, next.id, 'COMPLETED')).status).toBe('COMPLETED');
  }, 120_000);
});
