// The web console's static files: index.html for the client routes (never cached), hashed assets
// cached for a year, nothing outside console/dist, and everything else left to GraphQL.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleAssets } from '../../src/http/console-assets';
import { startTestServer } from '../support/graphql-server';

let dir: string;
let server: Server;
let base: string;
const BIG_JS = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-console-'));
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(dist, 'assets', 'index-AbC123.js'), BIG_JS);
  await writeFile(path.join(dist, 'assets', 'index-AbC123.css'), 'body{}');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the dist folder');
  const assets = createConsoleAssets({ distDir: dist });
  server = createServer((req, res) => {
    if (!assets.handle(req, res)) {
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('next handler');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('console assets', () => {
  it('serves index.html, uncached, for / and every /projects route', async () => {
    for (const route of ['/', '/projects', '/projects/UHJvamVjdDox/files', '/projects/1/documents/2?line=5', '/projects/1/runs/3']) {
      const res = await fetch(base + route);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toBe('<!doctype html><title>console</title>');
    }
  });

  it('serves hashed assets with their type, cached for a year, gzipped when asked', async () => {
    const js = await fetch(`${base}/assets/index-AbC123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(await js.text()).toBe(BIG_JS);
    const css = await fetch(`${base}/assets/index-AbC123.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(await css.text()).toBe('body{}');
    const head = await fetch(`${base}/assets/index-AbC123.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for missing assets and never serves a file outside assets/', async () => {
    for (const p of ['/assets/nope.js', '/assets/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/assets/.env', '/assets/sub%2Findex-AbC123.js', '/assets/', '/assets/%E0%A4%A']) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('outside the dist folder');
      expect(body).not.toContain('<title>console</title>');
    }
  });

  it('leaves other paths and methods to the next handler', async () => {
    for (const [method, p] of [['GET', '/graphql'], ['POST', '/'], ['GET', '/favicon.ico'], ['GET', '/projectsX']] as const) {
      const res = await fetch(base + p, { method });
      expect(res.status, `${method} ${p}`).toBe(418);
    }
  });

  it('says how to build the console when console/dist is missing', async () => {
    const missing = createConsoleAssets({ distDir: path.join(dir, 'nothing-here') });
    const s = createServer((req, res) => void missing.handle(req, res));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run console:build');
    } finally {
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('is wired in front of GraphQL in the real server', async () => {
    const real = await startTestServer();
    try {
      const root = await fetch(new URL('/', real.url));
      expect([200, 503]).toContain(root.status);
      expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const gql = await real.gql(`{ projects { id } }`);
      expect(gql.data).toEqual({ projects: [] });
    } finally {
      await real.stop();
    }
  });
});
