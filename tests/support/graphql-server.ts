// A real server on 127.0.0.1 (port 0) over its own temp database, and real clients for it:
// fetch for HTTP, graphql-ws over ws, and SSE through fetch.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { type RunningServer, type ServerOverrides, startServer } from '../../src/server';
import { acquirePostgresTestDatabase, onPostgres } from './test-database';
import { TEST_SERVER_ENV } from './test-server-env';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}
export interface GqlResult<T = any> {
  data?: T | null;
  errors?: GqlError[];
}

export interface TestServer extends RunningServer {
  dir: string;
  databaseUrl: string;
  /** POSTs one operation; returns the parsed body whatever the HTTP status. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** Like gql, but fails on errors and returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A graphql-ws client (closed by stop()). */
  ws(): Client;
  stop(): Promise<void>;
}

/** Starts a server on a fresh temp database; env overrides the test defaults. */
export async function startTestServer(env: Record<string, string> = {}, overrides: ServerOverrides = {}): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-server-'));
  // PostgreSQL in the vitest project `postgres` (test-database.ts), else a SQLite file in `dir`.
  const postgres = onPostgres() && !env.DATABASE_URL ? await acquirePostgresTestDatabase() : null;
  const databaseUrl = postgres?.url ?? `file:${path.join(dir, 'test.db')}`;
  const config = loadConfig({ ...TEST_SERVER_ENV, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  const server = await startServer(config, overrides).catch(async (e: unknown) => {
    await rm(dir, { recursive: true, force: true });
    await postgres?.drop();
    throw e;
  });
  const clients: Client[] = [];
  const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    ...server,
    dir,
    databaseUrl,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const result = await gql<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    ws() {
      const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await server.close();
      await rm(dir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}

export interface Collected<T> {
  values: T[];
  errors?: unknown;
  completed: boolean;
}

/** Subscribes and resolves when the subscription completes or errors. */
export function collect<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  onValue?: (value: T, values: T[], unsubscribe: () => void) => void,
): Promise<Collected<T>> {
  return new Promise((resolve) => {
    const values: T[] = [];
    let unsubscribe = () => {};
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) {
            unsubscribe();
            resolve({ values, errors: result.errors, completed: false });
            return;
          }
          const value = result.data as T;
          values.push(value);
          onValue?.(value, values, () => {
            unsubscribe();
            resolve({ values, completed: false });
          });
        },
        error: (errors) => resolve({ values, errors, completed: false }),
        complete: () => resolve({ values, completed: true }),
      },
    );
  });
}

/** Reads a subscription over SSE (yoga's text/event-stream transport) until it completes. */
export async function collectSse<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  if (!res.ok || !res.body) throw new Error(`SSE request failed: ${res.status}`);
  const values: T[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (event === 'complete') return values;
      if (event === 'next' && data) {
        const payload = JSON.parse(data) as GqlResult<T>;
        if (payload.errors) throw new Error(`SSE errors: ${JSON.stringify(payload.errors)}`);
        values.push(payload.data as T);
      }
    }
  }
  return values;
}

/** Markdown documents long enough to keep a run busy for a while (for cancel and crash tests). */
export function generatedDocuments(count: number, paragraphs = 20): { fileName: string; content: string }[] {
  const topics = ['roast profile', 'first crack', 'development time', 'Maillard reaction', 'grind size', 'brew ratio', 'extraction yield', 'degassing'];
  return Array.from({ length: count }, (_, i) => {
    const lines = [`# Notes ${i + 1}`, ''];
    for (let p = 0; p < paragraphs; p++) {
      const a = topics[(i + p) % topics.length]!;
      const b = topics[(i * 3 + p + 1) % topics.length]!;
      lines.push(
        `The **${a}** of batch ${i}-${p} is measured against the ${b}. A ${a} controls the ${b} term${p} and the roast variant ${i}x${p}.`,
        '',
      );
    }
    return { fileName: `generated/doc-${String(i).padStart(4, '0')}.md`, content: lines.join('\n') };
  });
}
