// Run lifecycle through the API: a real server and real clients, with the pipeline replaced by a
// scripted one (RunManager's executeRun seam) so each test controls how long a run lasts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { throwIfCancelled } from '../../src/errors';
import { type ExecuteRun, RunManager } from '../../src/runs/index';
import { collect, collectSse, startTestServer, type TestServer } from '../support/graphql-server';
import { globalId, unknownId } from '../support/ids';
import { onPostgres } from '../support/test-database';

const LINES = 300;
// ~7 MB of messages: more than loopback socket buffers hold, so the paused reader really falls behind.
const CHATTY_LINES = 20_000;

/** Projects named "hold…" run until cancelled; others log LINES lines with progress, yielding now and then. */
const scripted: ExecuteRun = async ({ project, signal, reporter }) => {
  if (project.name.startsWith('fail')) {
    reporter.log({ level: 'INFO', message: 'about to fail', step: 'EXTRACT' });
    throw new Error('engine crashed reading /home/alice/corpus/secret.md');
  }
  if (project.name.startsWith('chatty')) {
    const padding = 'x'.repeat(300);
    for (let i = 1; i <= CHATTY_LINES; i++) {
      throwIfCancelled(signal);
      reporter.log({ level: 'INFO', message: `chatty ${i} ${padding}`, step: 'EXTRACT' });
      if (i % 500 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    return;
  }
  if (project.name.startsWith('hold')) {
    reporter.log({ level: 'INFO', message: 'holding', step: 'EXTRACT' });
    reporter.progress({ step: 'EXTRACT', current: 0, total: 1 });
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    throwIfCancelled(signal);
  }
  for (let i = 1; i <= LINES; i++) {
    throwIfCancelled(signal);
    reporter.log({ level: i % 100 === 0 ? 'WARN' : 'INFO', message: `line ${i}`, step: 'EXTRACT', fields: { current: i, total: LINES } });
    reporter.progress({ step: 'EXTRACT', current: i, total: LINES, item: `item ${i}` });
    if (i % 20 === 0) await new Promise((r) => setTimeout(r, 3));
  }
};

let server: TestServer;
let manager: RunManager;
const serverLog: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ MAX_CONCURRENT_RUNS: '4' }, {
    createRuns: ({ db, config }) =>
      (manager = new RunManager({
        db,
        maxConcurrentRuns: config.maxConcurrentRuns,
        executeRun: scripted,
        logFlushIntervalMs: 5,
        progressPublishIntervalMs: 10,
        logger: { info: () => {}, warn: () => {}, error: (message, meta) => serverLog.push(`${message} ${String((meta as { err?: unknown })?.err)}`) },
      })),
  });
});
afterAll(async () => {
  await server?.stop();
});

async function projectWithDocs(name: string): Promise<string> {
  const { createProject } = await server.ok(`mutation ($name: String!) { createProject(input: { name: $name }) { id } }`, { name });
  await server.ok(`mutation ($id: ID!) { addDocuments(projectId: $id, documents: [{ fileName: "a.md", content: "# A\\n\\nText." }]) { id } }`, {
    id: createProject.id,
  });
  return createProject.id as string;
}

const START = `mutation ($projectId: ID!, $scope: RunScope!) { startRun(input: { projectId: $projectId, scope: $scope }) { id status scope projectId } }`;
const LOGS = `subscription ($runId: ID!, $afterSeq: Int) { runLogs(runId: $runId, afterSeq: $afterSeq) { seq level message step runId } }`;
const BATCHES = `subscription ($runId: ID!, $afterSeq: Int) { runLogBatches(runId: $runId, afterSeq: $afterSeq) { firstSeq lastSeq lines { seq level message step runId } } }`;

async function start(projectId: string): Promise<string> {
  const { startRun } = await server.ok(START, { projectId, scope: 'EXTRACT' });
  return startRun.id as string;
}

async function waitForStatus(runId: string, statuses: string[], timeoutMs = 10_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { id status error lastSeq finishedAt durationMs progress { percent status } } }`, { id: runId });
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the server's count of bus subscriptions passes `check` (graphql-ws subscribes without an acknowledgement). */
async function untilBus(check: (count: number) => boolean, what: string, baseline: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check(manager.bus.subscriptionCount)) {
    if (Date.now() > deadline) throw new Error(`${what}: ${manager.bus.subscriptionCount} bus subscriptions (baseline ${baseline})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function expectConsecutive(seqs: number[], from = 1) {
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => from + i));
}

describe('runs over the API', () => {
  it('startRun → runLogs sees every line in order with consecutive seqs, then completes', async () => {
    const projectId = await projectWithDocs('logs in order');
    const runId = await start(projectId);
    const result = await collect<{ runLogs: { seq: number; message: string; runId: string } }>(server.ws(), LOGS, { runId });
    expect(result.completed).toBe(true);
    const lines = result.values.map((v) => v.runLogs);
    expectConsecutive(lines.map((l) => l.seq));
    const scriptedLines = lines.filter((l) => l.message.startsWith('line '));
    expect(scriptedLines.map((l) => l.message)).toEqual(Array.from({ length: LINES }, (_, i) => `line ${i + 1}`));
    expect(lines.every((l) => l.runId === runId)).toBe(true);
    const run = await waitForStatus(runId, ['COMPLETED']);
    expect(run.lastSeq).toBe(lines.at(-1)!.seq);
    expect(run.progress).toEqual({ percent: 100, status: 'COMPLETED' });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);

    // The stored lines read back the same, paged and filtered.
    const { run: stored } = await server.ok(
      `query ($id: ID!) { run(id: $id) { page: logs(afterSeq: 10, first: 5) { seq } warns: logs(minLevel: WARN, first: 1000) { message level } } }`,
      { id: runId },
    );
    expect(stored.page.map((l: { seq: number }) => l.seq)).toEqual([11, 12, 13, 14, 15]);
    expect(stored.warns.map((l: { message: string }) => l.message)).toEqual(['line 100', 'line 200', 'line 300']);
  });

  it('a client that reconnects with its last seq misses nothing and sees nothing twice', async () => {
    const projectId = await projectWithDocs('reconnect');
    const runId = await start(projectId);
    const firstClient = server.ws();
    const first = await collect<{ runLogs: { seq: number } }>(firstClient, LOGS, { runId }, (_v, values, stop) => {
      if (values.length === 40) stop();
    });
    await firstClient.dispose();
    const lastSeen = first.values.at(-1)!.runLogs.seq;
    const second = await collect<{ runLogs: { seq: number } }>(server.ws(), LOGS, { runId, afterSeq: lastSeen });
    expect(second.completed).toBe(true);
    const all = [...first.values, ...second.values].map((v) => v.runLogs.seq);
    expectConsecutive(all);
    const run = await waitForStatus(runId, ['COMPLETED']);
    expect(all.at(-1)).toBe(run.lastSeq);
  });

  it('runLogBatches: the same lines as runLogs, several per message; reconnecting with lastSeq misses nothing and repeats nothing', async () => {
    const projectId = await projectWithDocs('log batches');
    const runId = await start(projectId);
    type Batch = { runLogBatches: { firstSeq: number; lastSeq: number; lines: { seq: number; level: string; message: string; step: string | null; runId: string }[] } };
    const firstClient = server.ws();
    const first = await collect<Batch>(firstClient, BATCHES, { runId }, (_v, values, stop) => {
      if (values.flatMap((v) => v.runLogBatches.lines).length >= 40) stop();
    });
    await firstClient.dispose();
    const rest = await collect<Batch>(server.ws(), BATCHES, { runId, afterSeq: first.values.at(-1)!.runLogBatches.lastSeq });
    expect(rest.completed).toBe(true);
    const batches = [...first.values, ...rest.values].map((v) => v.runLogBatches);
    for (const batch of batches) {
      expect(batch.lines.length).toBeGreaterThan(0);
      expect(batch.firstSeq).toBe(batch.lines[0]!.seq);
      expect(batch.lastSeq).toBe(batch.lines.at(-1)!.seq);
    }
    const run = await waitForStatus(runId, ['COMPLETED']);
    const lines = batches.flatMap((b) => b.lines);
    expectConsecutive(lines.map((l) => l.seq));
    expect(lines).toHaveLength(run.lastSeq);
    // Fewer messages than lines: that is the point of the batches.
    expect(batches.length).toBeLessThan(lines.length / 2);
    expect(lines.every((l) => l.runId === runId)).toBe(true);

    // Line for line what runLogs gives, also for a subscriber after the end.
    const replay = await collect<{ runLogs: { seq: number; message: string; runId: string } }>(server.ws(), LOGS, { runId });
    expect(replay.values.map((v) => v.runLogs)).toEqual(lines);
    const lateBatches = await collect<Batch>(server.ws(), BATCHES, { runId, afterSeq: 10 });
    expect(lateBatches.completed).toBe(true);
    expect(lateBatches.values.flatMap((v) => v.runLogBatches.lines)).toEqual(lines.slice(10));
    expect(await collect(server.ws(), BATCHES, { runId, afterSeq: run.lastSeq })).toEqual({ values: [], completed: true });
    const negative = await collect(server.ws(), BATCHES, { runId, afterSeq: -1 });
    expect((negative.errors as any)[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a subscriber arriving after the end gets the stored lines and completes', async () => {
    const projectId = await projectWithDocs('late subscriber');
    const runId = await start(projectId);
    const run = await waitForStatus(runId, ['COMPLETED']);
    const replay = await collect<{ runLogs: { seq: number } }>(server.ws(), LOGS, { runId });
    expect(replay.completed).toBe(true);
    expectConsecutive(replay.values.map((v) => v.runLogs.seq));
    expect(replay.values.length).toBe(run.lastSeq);
    const nothingNew = await collect(server.ws(), LOGS, { runId, afterSeq: run.lastSeq });
    expect(nothingNew).toEqual({ values: [], completed: true });
    const progress = await collect<{ runProgress: { status: string; percent: number } }>(
      server.ws(),
      `subscription ($runId: ID!) { runProgress(runId: $runId) { status percent } }`,
      { runId },
    );
    expect(progress).toEqual({ values: [{ runProgress: { status: 'COMPLETED', percent: 100 } }], completed: true });
  });

  it('runProgress starts with a snapshot and ends with the terminal status', async () => {
    const projectId = await projectWithDocs('hold progress');
    const runId = await start(projectId);
    await waitForStatus(runId, ['RUNNING']);
    const client = server.ws();
    let snapshotArrived = () => {};
    const snapshot = new Promise<void>((resolve) => (snapshotArrived = resolve));
    const progress = collect<{ runProgress: { runId: string; status: string; step: string | null; percent: number } }>(
      client,
      `subscription ($runId: ID!) { runProgress(runId: $runId) { runId status step current total percent } }`,
      { runId },
      () => snapshotArrived(),
    );
    // The snapshot arrives before anything changes: the held run reports nothing new until cancelled.
    await snapshot;
    await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    const result = await progress;
    expect(result.completed).toBe(true);
    expect(result.values[0]!.runProgress).toMatchObject({ runId, status: 'RUNNING', step: 'EXTRACT' });
    expect(result.values.at(-1)!.runProgress.status).toBe('CANCELLED');
  });

  it('runStatus emits the status changes of the project runs', async () => {
    const projectId = await projectWithDocs('status feed');
    const baseline = manager.bus.subscriptionCount;
    const client = server.ws();
    const seen: string[] = [];
    let runId = '';
    const done = collect<{ runStatus: { id: string; status: string } }>(
      client,
      `subscription ($projectId: ID!) { runStatus(projectId: $projectId) { id status } }`,
      { projectId },
      (value, _values, stop) => {
        seen.push(value.runStatus.status);
        if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(value.runStatus.status)) stop();
      },
    );
    // graphql-ws acknowledges subscriptions implicitly: start the run once the server has subscribed.
    await untilBus((n) => n > baseline, 'runStatus subscribed', baseline);
    runId = await start(projectId);
    const result = await done;
    expect(result.values.every((v) => v.runStatus.id === runId)).toBe(true);
    expect(seen[0]).toBe('PENDING');
    expect(seen).toContain('RUNNING');
    expect(seen.at(-1)).toBe('COMPLETED');
  });

  it('runStatus with includeCurrent starts with the current run, then its changes, none twice', async () => {
    const projectId = await projectWithDocs('hold current');
    const empty = collect<{ runStatus: { id: string; status: string } }>(
      server.ws(),
      `subscription ($projectId: ID!) { runStatus(projectId: $projectId, includeCurrent: true) { id status } }`,
      { projectId },
      (_value, _values, stop) => stop(),
    );
    // Without runs there is no current run: the first value is the new run's first change.
    const baseline = manager.bus.subscriptionCount;
    await untilBus((n) => n > baseline, 'runStatus subscribed', baseline);
    const runId = await start(projectId);
    expect((await empty).values[0]).toEqual({ runStatus: { id: runId, status: 'PENDING' } });
    await waitForStatus(runId, ['RUNNING']);

    const seen = collect<{ runStatus: { id: string; status: string; cancelRequestedAt: string | null } }>(
      server.ws(),
      `subscription ($projectId: ID!) { runStatus(projectId: $projectId, includeCurrent: true) { id status cancelRequestedAt } }`,
      { projectId },
      (value, _values, stop) => {
        if (value.runStatus.status === 'RUNNING' && !value.runStatus.cancelRequestedAt) {
          void server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
        }
        if (value.runStatus.status === 'CANCELLED') stop();
      },
    );
    const statuses = (await seen).values.map((v) => `${v.runStatus.id}:${v.runStatus.status}${v.runStatus.cancelRequestedAt ? '+cancel' : ''}`);
    expect(statuses).toEqual([`${runId}:RUNNING`, `${runId}:RUNNING+cancel`, `${runId}:CANCELLED+cancel`]);
  });

  it('a second startRun is RUN_ALREADY_ACTIVE with the active run id; deleteProject is refused meanwhile', async () => {
    const projectId = await projectWithDocs('hold double');
    const runId = await start(projectId);
    const second = await server.gql(START, { projectId, scope: 'FULL' });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'RUN_ALREADY_ACTIVE', activeRunId: runId });
    const del = await server.gql(`mutation ($id: ID!) { deleteProject(id: $id) }`, { id: projectId });
    expect(del.errors?.[0]?.extensions).toMatchObject({ code: 'RUN_ALREADY_ACTIVE', activeRunId: runId });
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { currentRun { id status } } }`, { id: projectId });
    expect(project.currentRun.id).toBe(runId);
    await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    await waitForStatus(runId, ['CANCELLED']);
  });

  it('50 concurrent startRun over HTTP → exactly one run and 49 RUN_ALREADY_ACTIVE', async () => {
    const projectId = await projectWithDocs('hold race');
    const results = await Promise.all(Array.from({ length: 50 }, () => server.gql(START, { projectId, scope: 'EXTRACT' })));
    const winners = results.filter((r) => r.data?.startRun);
    const losers = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RUN_ALREADY_ACTIVE');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const winnerId = winners[0]!.data.startRun.id;
    expect(new Set(losers.map((l) => l.errors![0]!.extensions!.activeRunId))).toEqual(new Set([winnerId]));
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { runs { totalCount } } }`, { id: projectId });
    expect(project.runs.totalCount).toBe(1);
    await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: winnerId });
    await waitForStatus(winnerId, ['CANCELLED']);
  });

  it('cancelling a running run ends it CANCELLED; cancelling again is RUN_NOT_ACTIVE', async () => {
    const projectId = await projectWithDocs('hold cancel');
    const runId = await start(projectId);
    await waitForStatus(runId, ['RUNNING']);
    const { cancelRun } = await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id status cancelRequestedAt } }`, { id: runId });
    expect(cancelRun.id).toBe(runId);
    expect(['RUNNING', 'CANCELLED']).toContain(cancelRun.status);
    const run = await waitForStatus(runId, ['CANCELLED', 'COMPLETED', 'FAILED']);
    expect(run.status).toBe('CANCELLED');
    expect(run.error).toMatch(/cancel/i);
    const again = await server.gql(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    expect(again.errors?.[0]?.extensions?.code).toBe('RUN_NOT_ACTIVE');
  });

  it('project.runs pages newest first and filters by status and scope', async () => {
    const projectId = await projectWithDocs('history');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await start(projectId);
      await waitForStatus(id, ['COMPLETED']);
      ids.push(id);
    }
    const RUNS = `query ($id: ID!, $after: String, $status: [RunStatus!], $scope: [RunScope!]) {
      project(id: $id) { runs(first: 2, after: $after, status: $status, scope: $scope) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id status scope } } } } }`;
    const page1 = (await server.ok(RUNS, { id: projectId })).project.runs;
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await server.ok(RUNS, { id: projectId, after: page1.pageInfo.endCursor })).project.runs;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    const none = (await server.ok(RUNS, { id: projectId, status: ['FAILED'] })).project.runs;
    expect(none).toMatchObject({ totalCount: 0, edges: [] });
    const byScope = (await server.ok(RUNS, { id: projectId, scope: ['EXTRACT'], status: ['COMPLETED'] })).project.runs;
    expect(byScope.totalCount).toBe(3);
    const bad = await server.gql(RUNS, { id: projectId, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('startRun refuses what cannot run: unknown project, no documents, no terms, documentIds without EXTRACT', async () => {
    const unknown = await server.gql(START, { projectId: unknownId('Project'), scope: 'FULL' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "empty" }) { id } }`);
    const noDocs = await server.gql(START, { projectId: createProject.id, scope: 'FULL' });
    expect(noDocs.errors?.[0]?.extensions?.code).toBe('NO_DOCUMENTS');
    const projectId = await projectWithDocs('no terms yet');
    const noTerms = await server.gql(START, { projectId, scope: 'GENERATE' });
    expect(noTerms.errors?.[0]?.extensions?.code).toBe('NO_TERMS');
    const docIds = await server.gql(`mutation ($p: ID!, $d: [ID!]) { startRun(input: { projectId: $p, scope: FULL, documentIds: $d }) { id } }`, {
      p: projectId,
      d: [globalId('Document', 1)],
    });
    expect(docIds.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a failing run ends FAILED with a sanitized error; the full error goes to the server log', async () => {
    const projectId = await projectWithDocs('fail on purpose');
    const runId = await start(projectId);
    const run = await waitForStatus(runId, ['FAILED', 'COMPLETED', 'CANCELLED']);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/engine crashed/);
    expect(run.error).not.toContain('/home/alice');
    expect(serverLog.join('\n')).toContain('/home/alice/corpus/secret.md');
    const { run: withLogs } = await server.ok(`query ($id: ID!) { run(id: $id) { logs { level message } } }`, { id: runId });
    expect(withLogs.logs.at(-1)).toMatchObject({ level: 'ERROR' });
    expect(JSON.stringify(withLogs.logs)).not.toContain('/home/alice');
  });

  // The in-process bus's bounded buffers under thousands of store writes: the same code on both
  // databases, so it runs on SQLite only (on PostgreSQL it repeats the bus path at several times the cost).
  it.skipIf(onPostgres())('a subscriber that stops reading slows neither the run nor other subscribers, and later gets every line', async () => {
    const projectId = await projectWithDocs('chatty');
    const { startRun } = await server.ok(START, { projectId, scope: 'EXTRACT' });
    const runId = startRun.id as string;

    // A raw graphql-ws client whose TCP socket stops being read after the subscription starts.
    const slow = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const slowSeqs: number[] = [];
    let slowCompleted = false;
    const slowDone = new Promise<void>((resolve) => {
      slow.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; payload?: { data?: { runLogs: { seq: number } } } };
        if (msg.type === 'connection_ack') {
          slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LOGS, variables: { runId } } }));
          (slow as unknown as { _socket: { pause(): void } })._socket.pause();
        } else if (msg.type === 'next') {
          slowSeqs.push(msg.payload!.data!.runLogs.seq);
        } else if (msg.type === 'complete') {
          slowCompleted = true;
          resolve();
        }
      });
    });
    await new Promise((resolve) => slow.on('open', resolve));
    slow.send(JSON.stringify({ type: 'connection_init' }));

    const fast = await collect<{ runLogs: { seq: number } }>(server.ws(), LOGS, { runId });
    expect(fast.completed).toBe(true);
    const run = await waitForStatus(runId, ['COMPLETED']);
    expectConsecutive(fast.values.map((v) => v.runLogs.seq));
    expect(fast.values).toHaveLength(run.lastSeq);
    expect(run.lastSeq).toBeGreaterThan(CHATTY_LINES);
    // The run ended while the slow subscriber still had most of its lines unread.
    expect(slowCompleted).toBe(false);
    expect(slowSeqs.length).toBeLessThan(run.lastSeq);

    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await slowDone;
    expectConsecutive(slowSeqs);
    expect(slowSeqs).toHaveLength(run.lastSeq);
    slow.close();
  });

  it('subscriptions a client leaves (graphql-ws complete, socket close, SSE abort) release their bus subscriptions', async () => {
    const projectId = await projectWithDocs('hold leaks');
    const runId = await start(projectId);
    await waitForStatus(runId, ['RUNNING']);
    const baseline = manager.bus.subscriptionCount;
    const client = server.ws();
    const stops = [
      client.subscribe({ query: LOGS, variables: { runId } }, { next: () => {}, error: () => {}, complete: () => {} }),
      client.subscribe({ query: `subscription ($runId: ID!) { runProgress(runId: $runId) { percent } }`, variables: { runId } }, { next: () => {}, error: () => {}, complete: () => {} }),
    ];
    const other = server.ws();
    other.subscribe({ query: `subscription ($p: ID!) { runStatus(projectId: $p) { id } }`, variables: { p: projectId } }, { next: () => {}, error: () => {}, complete: () => {} });
    const sse = new AbortController();
    const sseResponse = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription ($p: ID!) { runStatus(projectId: $p) { id } }`, variables: { p: projectId } }),
      signal: sse.signal,
    });
    expect(sseResponse.status).toBe(200);
    await untilBus((n) => n === baseline + 4, 'all four subscribed', baseline);

    for (const stop of stops) stop();
    await other.dispose();
    sse.abort();
    await untilBus((n) => n === baseline, 'all four released', baseline);
    await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    await waitForStatus(runId, ['CANCELLED']);
  });

  it('runLogs, runLogBatches and runProgress work over SSE too', async () => {
    const projectId = await projectWithDocs('sse');
    const runId = await start(projectId);
    const values = await collectSse<{ runLogs: { seq: number } }>(server.url, LOGS, { runId });
    expectConsecutive(values.map((v) => v.runLogs.seq));
    const run = await waitForStatus(runId, ['COMPLETED']);
    expect(values.length).toBe(run.lastSeq);
    const batches = await collectSse<{ runLogBatches: { lines: { seq: number }[] } }>(server.url, BATCHES, { runId });
    expect(batches.flatMap((b) => b.runLogBatches.lines.map((l) => l.seq))).toEqual(values.map((v) => v.runLogs.seq));
    const progress = await collectSse(server.url, `subscription ($runId: ID!) { runProgress(runId: $runId) { status percent } }`, { runId });
    expect(progress).toEqual([{ runProgress: { status: 'COMPLETED', percent: 100 } }]);
  });

  it('subscriptions to unknown runs or projects are NOT_FOUND and leave the socket usable', async () => {
    const client = server.ws();
    const unknown = await collect(client, LOGS, { runId: unknownId('Run') });
    expect((unknown.errors as any)[0].extensions.code).toBe('NOT_FOUND');
    const badId = await collect(client, LOGS, { runId: 'x' });
    expect((badId.errors as any)[0].extensions.code).toBe('BAD_USER_INPUT');
    const noProject = await collect(client, `subscription ($p: ID!) { runStatus(projectId: $p) { id } }`, { p: unknownId('Project') });
    expect((noProject.errors as any)[0].extensions.code).toBe('NOT_FOUND');
    const projectId = await projectWithDocs('after errors');
    const runId = await start(projectId);
    const ok = await collect(client, LOGS, { runId });
    expect(ok.completed).toBe(true);
  });
});
