// Hostile or broken operations get clear errors with stable codes, and the server (and the
// socket they came on) stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import WebSocket from 'ws';
import { collect, startTestServer, type TestServer } from '../support/graphql-server';
import { globalId } from '../support/ids';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_QUERY_DEPTH: '6', MAX_SUBSCRIPTIONS_PER_SOCKET: '2' });
});
afterAll(async () => {
  await server?.stop();
});

function deepQuery(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `project { documents { ${inner} } }`;
  return `{ projects { documents { ${inner} } } }`;
}
const aliasQuery = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: projects { id }`).join(' ')} }`;
const tokenQuery = `{ projects { ${Array.from({ length: 2500 }, () => 'id').join(' ')} } }`;

async function stillServing() {
  const { projects } = await server.ok(`{ projects { id } }`);
  expect(Array.isArray(projects)).toBe(true);
}

describe('query limits', () => {
  it.each([
    ['too deep', deepQuery(5), 'depth'],
    ['too many aliases', aliasQuery, 'aliases'],
    ['too many tokens', tokenQuery, 'tokens'],
    ['too costly', `{ projects { runs(first: 100) { edges { node { logs(first: 1000) { seq message level time step } } } } } }`, 'cost'],
  ])('refuses a query that is %s over HTTP', async (_name, query, limit) => {
    const result = await server.gql(query);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    await stillServing();
  });

  it('refuses an oversized HTTP body with 413 before reading it', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write('{"query":"');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    await stillServing();
  });

  it('reports syntax errors with GRAPHQL_PARSE_FAILED', async () => {
    const result = await server.gql(`{ projects { id `);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    await stillServing();
  });

  it('refuses bad operations on a graphql-ws socket without closing it', async () => {
    const client = server.ws();
    let closed: unknown = null;
    client.on('closed', (event) => (closed = event));
    const bad = [
      `subscription { runLogs(runId: "1" `, // syntax
      `subscription { runLogs(runId: "1") { nope } }`, // validation
      deepQuery(5).replace('{ projects', 'query { projects'), // depth (armor throws in validate)
      aliasQuery, // aliases
      tokenQuery, // tokens (armor throws in parse)
      `subscription { runLogs(runId: "${globalId('Run', 1)}", afterSeq: -5) { seq } }`, // argument check
    ];
    for (const query of bad) {
      const result = await collect(client, query);
      expect(result.errors, query.slice(0, 40)).toBeDefined();
      expect((result.errors as any)[0].extensions?.code, query.slice(0, 40)).toMatch(/GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT|NOT_FOUND/);
    }
    // Queries work over the socket too, and it is still the same connection.
    const ok = await collect<{ projects: unknown[] }>(client, `{ projects { id } }`);
    expect(ok.completed).toBe(true);
    expect(Array.isArray(ok.values[0]!.projects)).toBe(true);
    expect(closed).toBeNull();
  });

  it('caps subscriptions per socket with a clear error', async () => {
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "cap" }) { id } }`);
    const client = server.ws();
    const q = `subscription ($p: ID!) { runStatus(projectId: $p) { id } }`;
    const open = [0, 1].map(() => {
      let stop = () => {};
      const done = new Promise<void>((resolve) => {
        stop = client.subscribe({ query: q, variables: { p: createProject.id } }, { next: () => {}, error: () => resolve(), complete: () => resolve() });
      });
      return { stop, done };
    });
    await new Promise((r) => setTimeout(r, 100));
    const third = await collect(client, q, { p: createProject.id });
    expect((third.errors as any)[0].extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 });
    for (const s of open) s.stop();
    await Promise.all(open.map((s) => s.done));
    await new Promise((r) => setTimeout(r, 50));
    const again = await collect(client, `{ projects { id } }`);
    expect(again.completed).toBe(true);
  });

  it('caps graphql-ws connections; sockets over the cap are closed with 4403', async () => {
    // Its own server: other tests' clients would count against the cap.
    const capped = await startTestServer({ MAX_WS_CONNECTIONS: '3' });
    // All five at once: the cap admits the first three to connect, however their inits interleave.
    const sockets = Array.from({ length: 5 }, () => new WebSocket(capped.wsUrl, 'graphql-transport-ws'));
    const results = await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<number | 'ack'>((resolve) => {
            ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
            ws.on('message', (data) => {
              if (JSON.parse(String(data)).type === 'connection_ack') resolve('ack');
            });
            ws.on('close', (code) => resolve(code));
          }),
      ),
    );
    expect(results.filter((r) => r === 'ack')).toHaveLength(3);
    expect(results.filter((r) => r === 4403)).toHaveLength(2);
    for (const ws of sockets) ws.close();
    await capped.stop();
  });

  it('refuses graphql-ws messages over the payload limit by closing only that socket', async () => {
    const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    await stillServing();
  });
});
