// A FULL run through the GraphQL server with engine OPENAI pointed at the stub LLM server: the
// real RunManager, pipeline, store and LlmEngine, real HTTP on 127.0.0.1 both ways.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { type StubServer, autoAnswer, startStubLlmServer } from './stub-llm-server';

const KEY = 'sk-e2e-NEVER-SHOW-ME-7f3a';
const DOCS = [
  {
    fileName: 'guide.md',
    content: [
      '# Roasting',
      '',
      'The drum roaster is a rotating steel drum that heats green coffee beans evenly.',
      '',
      'The first crack is the audible popping when beans expand during roasting.',
      '',
      'Operators watch the drum roaster until the first crack, then lower the heat.',
    ].join('\n'),
  },
  {
    fileName: 'cupping.md',
    content: [
      '# Cupping',
      '',
      'A cupping session is a structured tasting of brewed coffee samples.',
      '',
      'Every cupping session scores the roast after the first crack and the drum roaster settings.',
    ].join('\n'),
  },
];

let server: TestServer;
let stub: StubServer;
beforeAll(async () => {
  stub = await startStubLlmServer();
  server = await startTestServer({
    OPENAI_BASE_URL: `${stub.url}/v1`,
    OPENAI_API_KEY: KEY,
    OPENAI_MODEL: 'stub-model',
    LLM_CONCURRENCY: '4',
    LLM_MAX_RETRIES: '1',
  });
});
afterAll(async () => {
  await server?.stop();
  await stub?.close();
});
afterEach(() => {
  stub.setHandler(autoAnswer);
  stub.resetCounters();
});

async function llmProject(name: string): Promise<string> {
  const { createProject } = await server.ok(
    `mutation ($name: String!) { createProject(input: { name: $name, engine: OPENAI }) { id engine llmModel } }`,
    { name },
  );
  expect(createProject.engine).toBe('OPENAI');
  await server.ok(`mutation ($id: ID!, $docs: [DocumentInput!]!) { addDocuments(projectId: $id, documents: $docs) { id } }`, {
    id: createProject.id,
    docs: DOCS,
  });
  return createProject.id as string;
}

async function startFull(projectId: string): Promise<string> {
  const { startRun } = await server.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p: projectId });
  return startRun.id as string;
}

/** Until the run ends, however long that takes on this machine: the test's own timeout bounds it. */
async function waitForEnd(runId: string): Promise<any> {
  for (;;) {
    const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { id status error } }`, { id: runId });
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Four model-driven steps through a real server: minutes on a machine at load 20, seconds when quiet.
describe('a FULL run with engine OPENAI', { timeout: 180_000 }, () => {
  it('extracts, defines, reviews and refines through the model, and never shows the key', async () => {
    const projectId = await llmProject('llm end to end');
    const runId = await startFull(projectId);
    const run = await waitForEnd(runId);
    expect(run).toMatchObject({ status: 'COMPLETED', error: null });

    const steps = new Set(stub.calls.map((c) => c.schemaName));
    expect(steps).toEqual(new Set(['term_selection', 'grounded_definition', 'glossary_review', 'refined_definition']));
    expect(stub.calls.every((c) => c.headers.authorization === `Bearer ${KEY}` && c.body.model === 'stub-model')).toBe(true);

    const data = await server.ok(
      `query ($id: ID!, $run: ID!) {
        project(id: $id) {
          terms { text }
          provisionalEntries { term definition sources { fileName line } }
          issues { term type }
          refinedEntries { term definition notes relatedTerms sources { fileName line } }
        }
        run(id: $run) { logs(first: 1000) { level message } }
      }`,
      { id: projectId, run: runId },
    );
    const { project } = data;
    const defined = stub.calls.filter((c) => c.schemaName === 'grounded_definition').length;
    expect(project.provisionalEntries).toHaveLength(defined);
    expect(project.provisionalEntries.length).toBeGreaterThan(0);
    for (const e of project.provisionalEntries) {
      expect(e.definition).toBe(`${e.term} is what context 1 says it is.`);
      expect(e.sources).toHaveLength(1);
    }
    // The stub flags the first entry of each review batch; those are the ones rewritten.
    const rewritten = project.refinedEntries.filter((e: any) => e.definition.endsWith('refined from context 1.'));
    expect(rewritten.map((e: any) => e.term).sort()).toEqual(project.issues.map((i: any) => i.term).sort());
    expect(rewritten.length).toBe(stub.calls.filter((c) => c.schemaName === 'refined_definition').length);
    expect(data.run.logs.some((l: any) => l.message.includes('openai:stub-model'))).toBe(true);
    expect(JSON.stringify(data)).not.toContain(KEY);
  });

  it('cancelling the run closes the requests in flight at once and ends CANCELLED', async () => {
    const projectId = await llmProject('llm cancel');
    stub.setHandler((call) => (call.schemaName === 'grounded_definition' ? { hang: true } : autoAnswer(call)));
    const runId = await startFull(projectId);
    await stub.waitFor(() => stub.inFlight >= 1 && stub.calls.some((c) => c.schemaName === 'grounded_definition'), Infinity);
    const inFlight = stub.inFlight;
    const cancelledAt = Date.now();
    await server.ok(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    const run = await waitForEnd(runId);
    expect(run.status).toBe('CANCELLED');
    await stub.waitFor(() => stub.closedEarly.length >= inFlight, 2000);
    // Those requests hang forever: only the run's abort closes them, and it did after the cancel
    // (how soon is a benchmark's question, not a test's).
    expect(Math.min(...stub.closedEarly.map((c) => c.at))).toBeGreaterThanOrEqual(cancelledAt);
    expect(stub.inFlight).toBe(0);
  });

  it('a refused key fails the run with LLM_UNAVAILABLE wording and no secret', async () => {
    const projectId = await llmProject('llm refused');
    stub.setHandler(() => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } }));
    const run = await waitForEnd(await startFull(projectId));
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/refused the request \(HTTP 401\)/);
    expect(run.error).not.toContain(KEY);
    expect(stub.calls).toHaveLength(1);
  });

  it('a model answering 100,000 added terms fails the run with a clear error, and the server answers meanwhile', async () => {
    const projectId = await llmProject('llm flood');
    const flood = Array.from({ length: 100_000 }, (_, i) => ({ term: `flood term ${i}`, category: 'technical_term' }));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let floods = 0;
    stub.setHandler(async (call) => {
      if (call.schemaName !== 'term_selection') return autoAnswer(call);
      // The first answer floods at once; later ones wait for the test, so the run is certainly
      // still going when the test asks the server something.
      if (floods++ > 0) await released;
      return { answer: { terms: [], added: flood } };
    });
    const runId = await startFull(projectId);
    // Progress: the server read the first flood and has asked the model again.
    await stub.waitFor(() => stub.calls.filter((c) => c.schemaName === 'term_selection').length >= 2, Infinity);
    const during = await server.ok(`query ($id: ID!) { run(id: $id) { status } projects { id } }`, { id: runId });
    expect(during.run.status).toBe('RUNNING');
    release();
    const run = await waitForEnd(runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/more than 2000 values/);
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { terms { text } } }`, { id: projectId });
    expect(project.terms).toEqual([]);
  });
});
