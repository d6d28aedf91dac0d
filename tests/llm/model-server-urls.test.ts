// No readable SSRF (issue 10): llmModels and model requests only go to configured base URLs, reduced
// to scheme, host and port plus a fixed path, and errors name the failure, never the remote body.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client';
import { startTestServer, type TestServer } from '../support/graphql-server';

const SECRET = 'TOP-SECRET-INTERNAL-PAGE-4711';

interface Seen {
  method: string;
  url: string;
}

/** A server that answers every request with SECRET in the body, with the status the path asks for. */
async function startSecretServer(): Promise<{ url: string; port: number; seen: Seen[]; mode: { status: number; body: string }; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const mode = { status: 200, body: SECRET };
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    res.writeHead(mode.status, { 'content-type': 'text/plain' });
    res.end(mode.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    mode,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let secret: Awaited<ReturnType<typeof startSecretServer>>;
let server: TestServer;
let db: Db;

beforeAll(async () => {
  secret = await startSecretServer();
  server = await startTestServer({ OLLAMA_BASE_URL: 'http://127.0.0.1:9', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
  db = await openDb(server.databaseUrl);
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  await secret?.close();
});

const CREATE = `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id llmBaseUrl } }`;
const MODELS = `query ($engine: EngineKind!, $p: ID) { llmModels(engine: $engine, projectId: $p) }`;

describe('model server URLs', () => {
  it('llmModels takes no URL from the caller', async () => {
    const result = await server.gql(`{ llmModels(engine: OLLAMA, baseUrl: "${secret.url}/secret400?") }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(secret.seen).toEqual([]);
  });

  it('refuses a project base URL with a path, query, fragment or credentials, and stores nothing', async () => {
    for (const llmBaseUrl of [`${secret.url}/secret400?`, `${secret.url}/admin`, `${secret.url}/?x=1`, `${secret.url}/#frag`, `http://u:p@127.0.0.1:${secret.port}`]) {
      const result = await server.gql(CREATE, { input: { name: `bad ${llmBaseUrl}`, engine: 'OLLAMA', llmBaseUrl } });
      expect(result.errors?.[0]?.extensions?.code, llmBaseUrl).toBe('BAD_USER_INPUT');
    }
    expect(await db.project.count()).toBe(0);
    expect(secret.seen).toEqual([]);
  });

  it('asks only the fixed model-list path of a project server and never returns its body', async () => {
    const { createProject } = await server.ok(CREATE, { input: { name: 'secret ollama', engine: 'OLLAMA', llmBaseUrl: secret.url } });
    const { createProject: openai } = await server.ok(CREATE, { input: { name: 'secret openai', engine: 'OPENAI', llmBaseUrl: `${secret.url}/v1` } });
    const cases: [number, string, RegExp][] = [
      [200, SECRET, /not an Ollama model list/],
      [200, JSON.stringify({ models: SECRET }), /not an Ollama model list/],
      [302, SECRET, /redirect \(HTTP 302\), which is not followed/],
      [400, SECRET, /HTTP 400/],
      [403, SECRET, /HTTP 403/],
      [404, SECRET, /HTTP 404/],
      [500, SECRET, /HTTP 500/],
    ];
    for (const [status, body, message] of cases) {
      secret.mode.status = status;
      secret.mode.body = body;
      for (const [engine, p] of [
        ['OLLAMA', createProject.id],
        ['OPENAI', openai.id],
      ]) {
        const result = await server.gql(MODELS, { engine, p });
        expect(result.errors?.[0]?.extensions?.code, `${status} ${engine}`).toBe('LLM_UNAVAILABLE');
        if (engine === 'OLLAMA') expect(result.errors?.[0]?.message).toMatch(message);
        expect(JSON.stringify(result)).not.toContain('SECRET');
      }
    }
    expect(new Set(secret.seen.map((s) => `${s.method} ${s.url}`))).toEqual(new Set(['GET /api/tags', 'GET /v1/models']));
  });

  it('names the failure class when nothing answers', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const { createProject } = await server.ok(CREATE, { input: { name: 'closed port', engine: 'OLLAMA', llmBaseUrl: `http://127.0.0.1:${port}` } });
    const result = await server.gql(MODELS, { engine: 'OLLAMA', p: createProject.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('LLM_UNAVAILABLE');
    expect(result.errors?.[0]?.message).toMatch(/connection refused/);
  });
});

describe('LLM_ALLOWED_HOSTS', () => {
  let limited: TestServer;
  let limitedDb: Db;
  beforeAll(async () => {
    limited = await startTestServer({ LLM_ALLOWED_HOSTS: 'models.example.com, *.models.internal' });
    limitedDb = await openDb(limited.databaseUrl);
  });
  afterAll(async () => {
    await limitedDb?.$disconnect();
    await limited?.stop();
  });

  it('refuses base URLs on other hosts when a project is created or changed', async () => {
    const refused = await limited.gql(CREATE, { input: { name: 'loopback', engine: 'OLLAMA', llmBaseUrl: secret.url } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/LLM_ALLOWED_HOSTS/);
    for (const llmBaseUrl of ['https://models.example.com', 'http://gpu1.models.internal:11434']) {
      const { createProject } = await limited.ok(CREATE, { input: { name: llmBaseUrl, engine: 'OLLAMA', llmBaseUrl } });
      expect(createProject.llmBaseUrl).toBe(llmBaseUrl);
      const update = await limited.gql(`mutation ($id: ID!, $u: String) { updateProject(id: $id, input: { llmBaseUrl: $u }) { llmBaseUrl } }`, {
        id: createProject.id,
        u: 'http://evil.example.com',
      });
      expect(update.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('checks a stored base URL again when llmModels is called', async () => {
    // Stored before the operator narrowed LLM_ALLOWED_HOSTS.
    const before = secret.seen.length;
    const row = await limitedDb.project.create({ data: { name: 'stored earlier', engine: 'ollama', llmBaseUrl: secret.url, settings: '{}' } });
    const { projects } = await limited.ok(`{ projects { id name } }`);
    const id = projects.find((p: { name: string }) => p.name === row.name).id;
    const result = await limited.gql(MODELS, { engine: 'OLLAMA', p: id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(secret.seen.length).toBe(before);
  });
});
