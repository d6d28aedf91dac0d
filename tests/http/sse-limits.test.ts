// SSE gets the graphql-ws caps (issue 10 §8): per client at most MAX_SUBSCRIPTIONS_PER_SOCKET open
// streams, in total at most MAX_WS_CONNECTIONS; a closed stream frees its place.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
let projectId: string;
const open: http.ClientRequest[] = [];
beforeAll(async () => {
  server = await startTestServer({ MAX_SUBSCRIPTIONS_PER_SOCKET: '2', MAX_WS_CONNECTIONS: '3' });
  projectId = (await server.ok(`mutation { createProject(input: { name: "sse" }) { id } }`)).createProject.id;
});
afterAll(async () => {
  for (const req of open) req.destroy();
  await server?.stop();
});

/** Opens an SSE subscription from `localAddress`; resolves with the response status (a stream stays open). */
function subscribeSse(localAddress: string): Promise<{ status: number; body: Promise<string>; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = http.request(server.url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', accept: 'text/event-stream' } }, (res) => {
      let text = '';
      const body = new Promise<string>((done) => {
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => done(text));
        res.on('close', () => done(text));
      });
      resolve({ status: res.statusCode ?? 0, body, req });
    });
    req.on('error', reject);
    open.push(req);
    req.end(JSON.stringify({ query: `subscription ($p: ID!) { runStatus(projectId: $p) { id status } }`, variables: { p: projectId } }));
  });
}

describe('SSE caps', () => {
  it('holds the per-client and the total cap, with a coded refusal, and frees a place on close', async () => {
    const a1 = await subscribeSse('127.0.0.1');
    const a2 = await subscribeSse('127.0.0.1');
    expect([a1.status, a2.status]).toEqual([200, 200]);

    const a3 = await subscribeSse('127.0.0.1');
    expect(a3.status).toBe(429);
    expect(JSON.parse(await a3.body).errors[0].extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2, scope: 'client' });

    const b1 = await subscribeSse('127.0.0.2');
    expect(b1.status).toBe(200);
    const c1 = await subscribeSse('127.0.0.3');
    expect(c1.status).toBe(429);
    expect(JSON.parse(await c1.body).errors[0].extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3, scope: 'server' });

    // Closing a stream frees its place; the server notices when the connection closes.
    a1.req.destroy();
    let again = await subscribeSse('127.0.0.3');
    while (again.status === 429) {
      await new Promise((r) => setImmediate(r));
      again = await subscribeSse('127.0.0.3');
    }
    expect(again.status).toBe(200);

    // Queries keep working for everyone.
    expect(await server.ok(`{ projects { id } }`)).toEqual({ projects: [{ id: projectId }] });
  });

  it('holds many more SSE requests than the cap without opening them', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => subscribeSse('127.0.0.4').then((r) => r.status)));
    expect(results.filter((s) => s === 200).length).toBeLessThanOrEqual(2);
    expect(results.filter((s) => s === 429).length).toBeGreaterThanOrEqual(38);
  });
});
