// GraphiQL works offline (no CDN), opens on operations that take ids as variables, and GraphiQL and
// introspection can be switched off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const page = async (s: TestServer) => fetch(s.url, { headers: { accept: 'text/html' } });

describe('GraphiQL', () => {
  it('is a self-contained page: no remote script, stylesheet or font', async () => {
    const res = await page(server);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/GenGlossary/);
    // Any tag that loads something (script src, link href, import, url()) from another host.
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import\s+(url\()?["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/i);
  });

  it('opens on welcome tabs that take ids as variables, never a literal id', async () => {
    const html = await (await page(server)).text();
    expect(html).toContain('defaultTabs');
    expect(html).toContain('query Projects');
    expect(html).toContain('$projectId: ID!');
    expect(html).not.toMatch(/(projectId|runId|id): \\?"\d+\\?"/);
  });

  it('answers introspection on loopback by default', async () => {
    const res = await server.gql(`{ __schema { queryType { name } } }`);
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('defaults both off when HOST is not a loopback address', () => {
    const config = loadConfig({ HOST: '0.0.0.0' });
    expect([config.graphiql, config.introspection]).toEqual([false, false]);
    expect(loadConfig({ HOST: '0.0.0.0', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('GRAPHIQL=false serves no page; INTROSPECTION=false refuses __schema with a code', async () => {
    const off = await startTestServer({ GRAPHIQL: 'false', INTROSPECTION: 'false' });
    try {
      const res = await page(off);
      expect(await res.text()).not.toMatch(/graphiql/i);
      const introspection = await off.gql(`{ __schema { queryType { name } } }`);
      expect(introspection.data ?? null).toBeNull();
      expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await off.ok(`{ projects { id } }`)).toEqual({ projects: [] });
    } finally {
      await off.stop();
    }
  });
});
