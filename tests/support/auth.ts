// API tokens for tests: a temp database holding one token per role, and clients that send a token
// over HTTP, SSE and graphql-ws.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiTokenStore, type Role } from '../../src/auth/index';
import { openDb } from '../../src/db/client';
import { migrateIfNeeded } from '../../src/db/migrate';
import type { GqlResult } from './graphql-server';

export interface TokenDb {
  dir: string;
  databaseUrl: string;
  /** One active token per role, named after it. */
  tokens: Record<Role, string>;
  remove(): Promise<void>;
}

/** A migrated temp database with a viewer, an operator and an admin token. */
export async function createTokenDb(): Promise<TokenDb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-auth-'));
  const databaseUrl = `file:${path.join(dir, 'test.db')}`;
  await migrateIfNeeded(databaseUrl, { info() {}, warn() {}, error() {} });
  const db = await openDb(databaseUrl);
  const store = new ApiTokenStore(db);
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = (await store.create({ name: role, role })).token;
  await db.$disconnect();
  return { dir, databaseUrl, tokens, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** POSTs one operation with `Authorization: Bearer <token>` (none when token is null). */
export async function gqlAs<T = any>(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: GqlResult<T> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlResult<T> };
}

export interface SseEvent {
  event: string;
  data: any;
}

/**
 * Opens an SSE stream with a token. `events` fills as messages arrive; `ended` resolves when the
 * stream ends; `waitFor` resolves once an event matches.
 */
export async function sseAs(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const push = (e: SseEvent) => {
    events.push(e);
    for (const w of [...waiters]) if (w.match(e)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e));
  };
  const ended = (async () => {
    if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          push({ event, data: data ? JSON.parse(data) : null });
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: res.status,
    /** The body when the server answered with JSON instead of a stream (e.g. 401). */
    json: async () => (res.headers.get('content-type')?.includes('json') ? ((await res.json()) as GqlResult) : null),
    events,
    ended,
    waitFor: (match: (e: SseEvent) => boolean) =>
      new Promise<SseEvent>((resolve) => {
        const found = events.find(match);
        if (found) resolve(found);
        else waiters.push({ match, resolve });
      }),
    close: () => controller.abort(),
  };
}

/** A graphql-ws client sending `connectionParams`; `closed` resolves with the socket's close code and reason. */
export function wsAs(wsUrl: string, connectionParams: Record<string, unknown> | undefined) {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const e = event as { code: number; reason: string };
        onClosed({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  return { client, closed, connected };
}

/** Runs one operation over graphql-ws and resolves with its first result (or the error it failed with). */
export function wsOnce<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T> | { closeError: unknown }> {
  return new Promise((resolve) => {
    let first: GqlResult<T> | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => (first ??= value as GqlResult<T>),
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : { closeError: error }),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}
