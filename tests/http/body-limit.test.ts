// One body limit (maxRequestBytes), passed to yoga: a body at the limit is read, one byte over is
// refused with PAYLOAD_TOO_LARGE whether its size is declared or only found while reading.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { maxRequestBytes } from '../../src/server';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { rawRequest } from '../support/raw-http';

let server: TestServer;
const limit = maxRequestBytes(loadConfig({}));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A JSON body of exactly `size` bytes: a query padded with JSON whitespace. */
function bodyOf(size: number): Buffer {
  const json = Buffer.from(JSON.stringify({ query: '{ projects { id } }' }));
  const body = Buffer.alloc(size, 0x20);
  json.copy(body, 0);
  return body;
}

/** POSTs `body` chunked (no Content-Length), so only reading it shows its size. */
function postChunked(url: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before the whole body is sent.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    for (let at = 0; at < body.length; at += 1 << 20) req.write(body.subarray(at, at + (1 << 20)));
    req.end();
  });
}

describe('the request body limit', () => {
  it('is the documented max(64 MiB, 4 × MAX_DOCUMENT_BYTES + 1 MiB)', () => {
    expect(limit).toBe(64 * 1024 * 1024);
    expect(maxRequestBytes(loadConfig({ MAX_DOCUMENT_BYTES: String(30 * 1024 * 1024) }))).toBe(121 * 1024 * 1024);
  });

  it('accepts a body of exactly the limit (yoga’s own 25,000,000-byte default no longer applies)', async () => {
    const res = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(limit) });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ data: { projects: [] } });
  });

  it('refuses one byte over with 413 PAYLOAD_TOO_LARGE, declared or chunked', async () => {
    const declared = await rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(limit + 1) });
    expect(declared.status).toBe(413);
    expect(declared.json().errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit });

    const chunked = await postChunked(server.url, bodyOf(limit + 1));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives every refusal a JSON body with a code', async () => {
    const cases: [RequestInit, number, string][] = [
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ not json' }, 400, 'BAD_REQUEST'],
      [{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: '{}' }, 400, 'BAD_REQUEST'],
      [{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: '{"query":"{ projects { id } }"}' }, 406, 'NOT_ACCEPTABLE'],
      [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [{ method: 'DELETE', headers: { 'content-type': 'application/json' } }, 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [init, status, code] of cases) {
      const res = await fetch(server.url, init);
      expect(res.status, code).toBe(status);
      expect(((await res.json()) as any).errors[0].extensions.code, `${init.method} ${init.body}`).toBe(code);
    }
  });
});
