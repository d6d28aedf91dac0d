// Same-origin by default (issue 10 §1): no simple request runs an operation, no foreign page reads an
// answer or opens a WebSocket, and a foreign Host (DNS rebinding) is refused. Non-browser clients (no
// Origin) keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { rawRequest, rawUpgrade } from '../support/raw-http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ALLOWED_ORIGINS: 'https://console.example', ALLOWED_HOSTS: 'glossary.example' });
});
afterAll(async () => {
  await server?.stop();
});

const projectNames = async () => ((await server.ok(`{ projects { name } }`)).projects as { name: string }[]).map((p) => p.name);
const hostOf = () => new URL(server.url).host;

describe('GraphQL over HTTP only as JSON', () => {
  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation{createProject(input:{name:"viaForm"}){id}}')}`, 'viaForm'],
    ['text/plain', JSON.stringify({ query: 'mutation{createProject(input:{name:"viaText"}){id}}' }), 'viaText'],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation{createProject(input:{name:"viaMultipart"}){id}}\r\n--x--\r\n`, 'viaMultipart'],
  ])('refuses a %s mutation with a coded 415 and creates nothing', async (type, body, name) => {
    const res = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': type, host: hostOf() }, body });
    expect(res.status).toBe(415);
    expect(res.json().errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await projectNames()).not.toContain(name);
  });

  it('refuses a GET without a CSRF header or a non-simple content type (a page could send it)', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ projects { id } }')}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('CSRF_HEADER_MISSING');
  });

  it('refuses other methods with a coded 405', async () => {
    const res = await fetch(server.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query":"{ projects { id } }"}' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses a mutation over GET with a coded 405', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('mutation { createProject(input: { name: "viaGet" }) { id } }')}`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(res.status).toBe(405);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    expect(await projectNames()).not.toContain('viaGet');
  });
});

describe('Origin', () => {
  const mutate = (origin: string | undefined, name: string) =>
    rawRequest(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: hostOf(), ...(origin ? { origin } : {}) },
      body: JSON.stringify({ query: `mutation { createProject(input: { name: "${name}" }) { id } }` }),
    });

  it('refuses a JSON POST from a foreign origin and creates nothing', async () => {
    const res = await mutate('http://evil.example', 'fromEvil');
    expect(res.status).toBe(403);
    expect(res.json().errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(await projectNames()).not.toContain('fromEvil');
  });

  it('accepts its own origin, a listed origin and no origin at all', async () => {
    expect((await mutate(`http://${hostOf()}`, 'fromSelf')).status).toBe(200);
    expect((await mutate('https://console.example', 'fromListed')).status).toBe(200);
    expect((await mutate(undefined, 'fromCli')).status).toBe(200);
    expect(await projectNames()).toEqual(expect.arrayContaining(['fromSelf', 'fromListed', 'fromCli']));
  });

  it('gives a foreign-origin preflight no allow headers', async () => {
    const res = await rawRequest(server.url, {
      method: 'OPTIONS',
      headers: { host: hostOf(), origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('opens CORS to a listed origin only, without credentials', async () => {
    const res = await rawRequest(server.url, {
      method: 'OPTIONS',
      headers: { host: hostOf(), origin: 'https://console.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('https://console.example');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses a WebSocket upgrade from a foreign origin and accepts one without an Origin', async () => {
    const refused = await rawUpgrade(server.url, { host: hostOf(), origin: 'http://evil.example' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await rawUpgrade(server.url, { host: hostOf() })).status).toBe(101);
    expect((await rawUpgrade(server.url, { host: hostOf(), origin: `http://${hostOf()}` })).status).toBe(101);
    expect((await rawUpgrade(server.url, { host: hostOf(), origin: 'https://console.example' })).status).toBe(101);
  });

  it('refuses a WebSocket upgrade on another path with a coded 404', async () => {
    const res = await rawUpgrade(new URL('/elsewhere', server.url).href, { host: hostOf() });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('Host', () => {
  it('refuses a foreign Host (DNS rebinding) over HTTP and WebSocket', async () => {
    const port = new URL(server.url).port;
    const res = await rawRequest(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: `attacker.example:${port}` },
      body: JSON.stringify({ query: 'mutation { createProject(input: { name: "rebound" }) { id } }' }),
    });
    expect(res.status).toBe(403);
    expect(res.json().errors[0].extensions.code).toBe('HOST_NOT_ALLOWED');
    expect(await projectNames()).not.toContain('rebound');
    expect((await rawUpgrade(server.url, { host: `attacker.example:${port}` })).status).toBe(403);
  });

  it('answers the loopback names and ALLOWED_HOSTS', async () => {
    const port = new URL(server.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `glossary.example:${port}`, 'glossary.example']) {
      const res = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json', host }, body: '{"query":"{ projects { id } }"}' });
      expect(res.status, host).toBe(200);
    }
  });
});
