// Requests go through a short list of routes in front of yoga; whatever none takes is a coded 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('HTTP routes', () => {
  it.each(['/nope', '/graphql/extra', '/favicon.ico'])('answers %s with 404 and a coded JSON body', async (p) => {
    const res = await fetch(new URL(p, server.url));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0]!.message).toContain(p);
  });

  it('serves GraphQL at /graphql, with or without a query string', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ projects { id } }')}`, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { projects: [] } });
  });
});
