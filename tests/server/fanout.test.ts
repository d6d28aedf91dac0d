// Many watchers of one run through a real server: each live log batch is executed and encoded
// once for all subscribers of the same operation, and every subscriber still gets every line, in
// order, byte for byte what it would have got on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExecuteRun, RunManager } from '../../src/runs/index';
import { SharedResults } from '../../src/schema/shared-events';
import { collect, startTestServer, type TestServer } from '../support/graphql-server';
import { deferred } from '../support/run-helpers';
import { dbId } from '../support/ids';

const LINES = 2_000;
const WATCHERS = 4;
const gate = deferred();
const executeRun: ExecuteRun = async ({ reporter }) => {
  await gate.promise;
  for (let i = 1; i <= LINES; i++) {
    reporter.log({ level: 'INFO', step: 'EXTRACT', message: `line ${i} "quoted" \\ ünïcödé`, fields: { i } });
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 1));
  }
};

let server: TestServer;
let manager: RunManager;
const shared = new SharedResults();
beforeAll(async () => {
  server = await startTestServer(
    {},
    {
      sharedResults: shared,
      createRuns: ({ db }) => (manager = new RunManager({ db, maxConcurrentRuns: 1, executeRun, logFlushIntervalMs: 5, logger: { info() {}, warn() {}, error() {} } })),
    },
  );
});
afterAll(async () => {
  await server?.stop();
});

const BATCHES = `subscription ($runId: ID!) { runLogBatches(runId: $runId) { firstSeq lastSeq lines { seq level step message fields } } }`;
const LOGS = `subscription ($runId: ID!) { runLogs(runId: $runId) { seq level step message fields } }`;

type Line = { seq: number; level: string; step: string | null; message: string; fields: { i?: number } | null };

describe('fan-out to many watchers of one run', () => {
  it('executes and encodes each live event once for all subscribers of an operation; each gets every line in order', async () => {
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "watched" }) { id } }`);
    await server.ok(`mutation ($p: ID!) { addDocuments(projectId: $p, documents: [{ fileName: "a.md", content: "# A" }]) { id } }`, { p: createProject.id });
    const { startRun } = await server.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id } }`, { p: createProject.id });
    const runId = startRun.id as string;

    const before = { ...shared.stats };
    const batchWatchers = Array.from({ length: WATCHERS }, () => collect<{ runLogBatches: { lines: Line[] } }>(server.ws(), BATCHES, { runId }));
    const lineWatchers = Array.from({ length: WATCHERS }, () => collect<{ runLogs: Line }>(server.ws(), LOGS, { runId }));
    while (manager.bus.subscribers('run', dbId(runId)) < 2 * WATCHERS) await new Promise((r) => setTimeout(r, 5));
    gate.resolve();

    const batches = await Promise.all(batchWatchers);
    const lines = await Promise.all(lineWatchers);
    const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { status lastSeq } }`, { id: runId });
    expect(run.status).toBe('COMPLETED');

    // What the store holds, read over HTTP: the reference each watcher's lines must equal.
    const expected: Line[] = [];
    for (let afterSeq = 0; afterSeq < run.lastSeq; afterSeq += 1000) {
      const { run: page } = await server.ok(`query ($id: ID!, $after: Int) { run(id: $id) { logs(afterSeq: $after, first: 1000) { seq level step message fields } } }`, { id: runId, after: afterSeq });
      expected.push(...page.logs);
    }
    expect(expected).toHaveLength(run.lastSeq);
    for (const watcher of batches) {
      expect(watcher.completed).toBe(true);
      expect(watcher.values.flatMap((v) => v.runLogBatches.lines)).toEqual(expected);
    }
    for (const watcher of lines) {
      expect(watcher.completed).toBe(true);
      expect(watcher.values.map((v) => v.runLogs)).toEqual(expected);
    }

    // Messages delivered vs executions and encodings: about one per WATCHERS deliveries. A watcher
    // that subscribed after the run's first line was stored replays it from the store on its own.
    const delivered = batches.reduce((n, w) => n + w.values.length, 0) + lines.reduce((n, w) => n + w.values.length, 0);
    const executions = shared.stats.executions - before.executions;
    const encoded = shared.stats.encoded - before.encoded;
    expect(shared.stats.shared - before.shared).toBe(delivered - executions);
    expect(executions).toBeLessThanOrEqual(delivered / WATCHERS + 2 * WATCHERS);
    expect(encoded).toBe(executions);
  });
});
