// API tokens and roles through a real server (AUTH=required) and real clients: HTTP, SSE and
// graphql-ws, for each role; missing, bad and revoked tokens; revocation closing open connections;
// runs recording the token that started or cancelled them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '../../src/auth/index';
import { openDb } from '../../src/db/client';
import { throwIfCancelled } from '../../src/errors';
import { type ExecuteRun, RunManager } from '../../src/runs/index';
import { createTokenDb, gqlAs, sseAs, type TokenDb, wsAs, wsOnce } from '../support/auth';
import { startTestServer, type TestServer } from '../support/graphql-server';

/** Runs until cancelled, so a test can cancel it whenever it likes. */
const holdUntilCancelled: ExecuteRun = async ({ signal, reporter }) => {
  reporter.log({ level: 'INFO', message: 'holding', step: 'EXTRACT' });
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  throwIfCancelled(signal);
};

let tdb: TokenDb;
let server: TestServer;
let projectId: string;

const PROJECTS = `{ projects { id name } }`;
const CREATE_PROJECT = `mutation ($name: String!) { createProject(input: { name: $name }) { id } }`;
const ADD_DOC = `mutation ($id: ID!, $name: String!) { addDocuments(projectId: $id, documents: [{ fileName: $name, content: "# A\\n\\nText about roasting." }]) { id } }`;
const START = `mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id status startedBy } }`;
const CANCEL = `mutation ($id: ID!) { cancelRun(id: $id) { id cancelledBy } }`;
const RUN = `query ($id: ID!) { run(id: $id) { id status startedBy cancelledBy } }`;
const STATUS = `subscription ($p: ID!) { runStatus(projectId: $p) { id status } }`;
const CREATE_TOKEN = `mutation ($name: String!, $role: ApiTokenRole!) { createApiToken(input: { name: $name, role: $role }) { token apiToken { id name role prefix revokedAt } } }`;
const REVOKE_TOKEN = `mutation ($id: ID!) { revokeApiToken(id: $id) { id name revokedAt } }`;

const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code;

/** A fresh token of `role` made by the admin over the API (so a test may revoke it). */
async function newToken(name: string, role: 'VIEWER' | 'OPERATOR' | 'ADMIN'): Promise<{ id: string; token: string }> {
  const { body } = await gqlAs(server.url, tdb.tokens.admin, CREATE_TOKEN, { name, role });
  expect(body.errors).toBeUndefined();
  return { id: body.data.createApiToken.apiToken.id, token: body.data.createApiToken.token };
}

beforeAll(async () => {
  tdb = await createTokenDb();
  server = await startTestServer(
    { AUTH: 'required', DATABASE_URL: tdb.databaseUrl },
    {
      createRuns: ({ db }) =>
        new RunManager({ db, maxConcurrentRuns: 4, executeRun: holdUntilCancelled, logFlushIntervalMs: 5, logger: { info() {}, warn() {}, error() {} } }),
    },
  );
  const created = await gqlAs(server.url, tdb.tokens.admin, CREATE_PROJECT, { name: 'shared' });
  projectId = created.body.data.createProject.id;
});
afterAll(async () => {
  await server?.stop();
  await tdb?.remove();
});

describe('HTTP without a valid token', () => {
  it.each([
    ['no Authorization header', null, /token is required/],
    ['an unknown token', `ggt_${'A'.repeat(43)}`, /not valid/],
    ['a malformed token', 'hello', /not valid/],
  ])('refuses %s with 401 UNAUTHENTICATED, before running anything', async (_what, token, message) => {
    const res = await gqlAs(server.url, token, `mutation { createProject(input: { name: "sneaky" }) { id } }`);
    expect(res.status).toBe(401);
    expect(codeOf(res.body)).toBe('UNAUTHENTICATED');
    expect(res.body.errors?.[0]?.message).toMatch(message);
    expect(res.body.data).toBeUndefined();
    const { body } = await gqlAs(server.url, tdb.tokens.admin, PROJECTS);
    expect(body.data.projects.map((p: { name: string }) => p.name)).not.toContain('sneaky');
  });

  it('refuses a Basic Authorization header and a token without the Bearer scheme', async () => {
    for (const authorization of [`Basic ${Buffer.from('a:b').toString('base64')}`, tdb.tokens.admin]) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: PROJECTS }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('leaves paths other than /graphql alone (GraphiQL page, health check)', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const health = await fetch(new URL('/health', server.url));
    expect(health.status).toBe(200);
  });
});

describe('roles over HTTP', () => {
  it('viewer: may query, may not change anything (FORBIDDEN)', async () => {
    const read = await gqlAs(server.url, tdb.tokens.viewer, `{ projects { id } me { role tokenName authRequired } }`);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.me).toEqual({ role: 'VIEWER', tokenName: 'viewer', authRequired: true });
    for (const [query, variables] of [
      [ADD_DOC, { id: projectId, name: 'viewer.md' }],
      [START, { p: projectId }],
      [CREATE_PROJECT, { name: 'by-viewer' }],
    ] as const) {
      const res = await gqlAs(server.url, tdb.tokens.viewer, query, variables);
      expect(codeOf(res.body), query).toBe('FORBIDDEN');
      expect(res.body.data).toBeNull();
    }
    const { body } = await gqlAs(server.url, tdb.tokens.viewer, `{ project(id: "${projectId}") { documentCount } }`);
    expect(body.data.project.documentCount).toBe(0);
  });

  it('operator: may add documents and run; may not manage projects, settings or tokens', async () => {
    const added = await gqlAs(server.url, tdb.tokens.operator, ADD_DOC, { id: projectId, name: 'operator.md' });
    expect(added.body.errors).toBeUndefined();
    for (const [query, variables] of [
      [CREATE_PROJECT, { name: 'by-operator' }],
      [`mutation ($id: ID!) { updateProject(id: $id, input: { llmBaseUrl: "http://evil.example/v1" }) { id } }`, { id: projectId }],
      [`mutation ($id: ID!) { deleteProject(id: $id) }`, { id: projectId }],
      [CREATE_TOKEN, { name: 'escalate', role: 'ADMIN' }],
      [`{ apiTokens { id } }`, {}],
    ] as const) {
      const res = await gqlAs(server.url, tdb.tokens.operator, query, variables);
      expect(codeOf(res.body), query).toBe('FORBIDDEN');
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ requiredRole: 'admin', role: 'operator' });
    }
    const { body } = await gqlAs(server.url, tdb.tokens.admin, `query ($id: ID!) { project(id: $id) { llmBaseUrl } apiTokens { name } }`, { id: projectId });
    expect(body.data.project.llmBaseUrl).toBeNull();
    expect(body.data.apiTokens.map((t: { name: string }) => t.name)).not.toContain('escalate');
  });

  it('synonym groups need the role of other glossary edits: operator (viewer FORBIDDEN)', async () => {
    const CREATE_GROUP = `mutation ($p: ID!) { createSynonymGroup(projectId: $p, primary: "roasting", members: ["roast"]) { id } }`;
    const REJECT = `mutation ($p: ID!) { rejectSuggestedSynonymGroup(projectId: $p, primary: "roasting", member: "roast") { id } }`;
    for (const query of [CREATE_GROUP, REJECT]) {
      const viewer = await gqlAs(server.url, tdb.tokens.viewer, query, { p: projectId });
      expect(codeOf(viewer.body), query).toBe('FORBIDDEN');
      expect(viewer.body.errors?.[0]?.extensions).toMatchObject({ requiredRole: 'operator', role: 'viewer' });
      // The operator passes the role check and reaches the rules: nothing is extracted in this project.
      const operator = await gqlAs(server.url, tdb.tokens.operator, query, { p: projectId });
      expect(codeOf(operator.body), query).toBe('UNKNOWN_TERM');
    }
  });

  it('admin: manages projects and tokens; a new token works at once and is never listed with its secret', async () => {
    const created = await gqlAs(server.url, tdb.tokens.admin, CREATE_PROJECT, { name: 'by-admin' });
    expect(created.body.errors).toBeUndefined();
    const { id, token } = await newToken('fresh-viewer', 'VIEWER');
    expect(token).toMatch(/^ggt_[A-Za-z0-9_-]{43}$/);
    const me = await gqlAs(server.url, token, `{ me { role tokenName } }`);
    expect(me.body.data.me).toEqual({ role: 'VIEWER', tokenName: 'fresh-viewer' });
    const listed = await gqlAs(server.url, tdb.tokens.admin, `{ apiTokens { id name role prefix } }`);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.data.apiTokens).toContainEqual({ id, name: 'fresh-viewer', role: 'VIEWER', prefix: token.slice(0, 12) });
    const duplicate = await gqlAs(server.url, tdb.tokens.admin, CREATE_TOKEN, { name: 'fresh-viewer', role: 'ADMIN' });
    expect(codeOf(duplicate.body)).toBe('BAD_USER_INPUT');
  });

  it('a revoked token gets UNAUTHENTICATED from its next request', async () => {
    const { id, token } = await newToken('soon-revoked', 'OPERATOR');
    expect((await gqlAs(server.url, token, PROJECTS)).status).toBe(200);
    const revoked = await gqlAs(server.url, tdb.tokens.admin, REVOKE_TOKEN, { id });
    expect(revoked.body.data.revokeApiToken).toMatchObject({ id, name: 'soon-revoked', revokedAt: expect.any(String) });
    const after = await gqlAs(server.url, token, PROJECTS);
    expect(after.status).toBe(401);
    expect(codeOf(after.body)).toBe('UNAUTHENTICATED');
    const again = await gqlAs(server.url, tdb.tokens.admin, REVOKE_TOKEN, { id });
    expect(codeOf(again.body)).toBe('NOT_FOUND');
  });
});

describe('runs record their token', () => {
  it('startedBy is the token that started the run, cancelledBy the one that cancelled it', async () => {
    const project = (await gqlAs(server.url, tdb.tokens.admin, CREATE_PROJECT, { name: 'recorded' })).body.data.createProject.id;
    await gqlAs(server.url, tdb.tokens.operator, ADD_DOC, { id: project, name: 'a.md' });
    const started = await gqlAs(server.url, tdb.tokens.operator, START, { p: project });
    expect(started.body.errors).toBeUndefined();
    expect(started.body.data.startRun.startedBy).toBe('operator');
    const runId = started.body.data.startRun.id;
    const cancelled = await gqlAs(server.url, tdb.tokens.admin, CANCEL, { id: runId });
    expect(cancelled.body.data.cancelRun.cancelledBy).toBe('admin');
    const forbidden = await gqlAs(server.url, tdb.tokens.viewer, CANCEL, { id: runId });
    expect(codeOf(forbidden.body)).toBe('FORBIDDEN');
    const { body } = await gqlAs(server.url, tdb.tokens.viewer, RUN, { id: runId });
    expect(body.data.run).toMatchObject({ startedBy: 'operator', cancelledBy: 'admin' });
  });
});

describe('graphql-ws', () => {
  it.each([
    ['no connectionParams', undefined],
    ['no token in connectionParams', {}],
    ['an unknown token', { authorization: `Bearer ggt_${'B'.repeat(43)}` }],
    ['a revoked token', 'revoked'],
  ])('closes the connection with 4401 for %s', async (_what, params) => {
    let connectionParams = params as Record<string, unknown> | undefined;
    if (params === 'revoked') {
      const { id, token } = await newToken('ws-revoked-before', 'VIEWER');
      await gqlAs(server.url, tdb.tokens.admin, REVOKE_TOKEN, { id });
      connectionParams = { authorization: `Bearer ${token}` };
    }
    const { client, closed } = wsAs(server.wsUrl, connectionParams);
    const result = await wsOnce(client, PROJECTS);
    expect(result).toHaveProperty('closeError');
    expect((await closed).code).toBe(4401);
    await client.dispose();
  });

  it('viewer: queries and subscribes; mutations are FORBIDDEN', async () => {
    const { client } = wsAs(server.wsUrl, { authorization: `Bearer ${tdb.tokens.viewer}` });
    try {
      const read = await wsOnce(client, PROJECTS);
      expect(read).toMatchObject({ data: { projects: expect.any(Array) } });
      const write = await wsOnce(client, CREATE_PROJECT, { name: 'ws-viewer' });
      expect(codeOf(write as never)).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('operator (token in connectionParams.token): runs; admin-only fields FORBIDDEN', async () => {
    const { client } = wsAs(server.wsUrl, { token: tdb.tokens.operator });
    try {
      const added = await wsOnce(client, ADD_DOC, { id: projectId, name: 'ws-operator.md' });
      expect(added).not.toHaveProperty('errors');
      const tokens = await wsOnce(client, `{ apiTokens { id } }`);
      expect(codeOf(tokens as never)).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('admin: everything, including tokens', async () => {
    const { client } = wsAs(server.wsUrl, { authorization: `Bearer ${tdb.tokens.admin}` });
    try {
      const tokens = await wsOnce(client, `{ apiTokens { name } }`);
      expect(tokens).toMatchObject({ data: { apiTokens: expect.arrayContaining([{ name: 'admin' }]) } });
    } finally {
      await client.dispose();
    }
  });

  it('revoking a token closes its open sockets with 4403 and leaves other tokens’ sockets open', async () => {
    const { id, token } = await newToken('ws-revoked-live', 'VIEWER');
    const revokedSide = wsAs(server.wsUrl, { authorization: `Bearer ${token}` });
    const otherSide = wsAs(server.wsUrl, { authorization: `Bearer ${tdb.tokens.viewer}` });
    let otherClosed = false;
    void otherSide.closed.then(() => (otherClosed = true));
    const events: unknown[] = [];
    const ended = new Promise<unknown>((resolve) =>
      revokedSide.client.subscribe({ query: STATUS, variables: { p: projectId } }, { next: (v) => events.push(v), error: resolve, complete: () => resolve('complete') }),
    );
    otherSide.client.subscribe({ query: STATUS, variables: { p: projectId } }, { next: () => {}, error: () => {}, complete: () => {} });
    await Promise.all([revokedSide.connected, otherSide.connected]);

    const revoked = await gqlAs(server.url, tdb.tokens.admin, REVOKE_TOKEN, { id });
    expect(revoked.body.errors).toBeUndefined();
    const close = await revokedSide.closed;
    expect(close.code).toBe(4403);
    expect(close.reason).toMatch(/Forbidden/);
    await ended;

    // The other socket still works: a round trip on it succeeds after the revocation.
    expect(await wsOnce(otherSide.client, PROJECTS)).toMatchObject({ data: { projects: expect.any(Array) } });
    expect(otherClosed).toBe(false);
    await Promise.all([revokedSide.client.dispose(), otherSide.client.dispose()]);
  });

  it('a token revoked by another process (the CLI) closes its socket at the next operation', async () => {
    const { token } = await newToken('ws-revoked-elsewhere', 'VIEWER');
    const { client, closed, connected } = wsAs(server.wsUrl, { authorization: `Bearer ${token}` });
    // An open subscription keeps the (lazy) client's socket open between the operations.
    client.subscribe({ query: STATUS, variables: { p: projectId } }, { next: () => {}, error: () => {}, complete: () => {} });
    await connected;
    expect(await wsOnce(client, PROJECTS)).toMatchObject({ data: { projects: expect.any(Array) } });
    // Another store on the same file: its revocation event never reaches this server.
    const db = await openDb(tdb.databaseUrl);
    try {
      await new ApiTokenStore(db).revoke('ws-revoked-elsewhere');
    } finally {
      await db.$disconnect();
    }
    const refused = await wsOnce(client, PROJECTS);
    expect(refused).not.toHaveProperty('data');
    expect((await closed).code).toBe(4403);
    await client.dispose();
  });
});

describe('SSE', () => {
  it('refuses a subscription without a token (401 UNAUTHENTICATED)', async () => {
    const stream = await sseAs(server.url, null, STATUS, { p: projectId });
    expect(stream.status).toBe(401);
    expect(codeOf((await stream.json())!)).toBe('UNAUTHENTICATED');
  });

  it('viewer: subscribes; a mutation over SSE is FORBIDDEN', async () => {
    const project = (await gqlAs(server.url, tdb.tokens.admin, CREATE_PROJECT, { name: 'sse-viewer' })).body.data.createProject.id;
    await gqlAs(server.url, tdb.tokens.operator, ADD_DOC, { id: project, name: 'a.md' });
    const stream = await sseAs(server.url, tdb.tokens.viewer, STATUS, { p: project });
    expect(stream.status).toBe(200);
    // A status event after the stream is open proves the viewer's subscription is live.
    const runId = (await gqlAs(server.url, tdb.tokens.operator, START, { p: project })).body.data.startRun.id;
    const event = await stream.waitFor((e) => e.event === 'next');
    expect(event.data).toEqual({ data: { runStatus: { id: runId, status: expect.any(String) } } });
    stream.close();
    await gqlAs(server.url, tdb.tokens.operator, CANCEL, { id: runId });

    const write = await sseAs(server.url, tdb.tokens.viewer, CREATE_PROJECT, { name: 'sse-write' });
    await write.ended;
    const next = write.events.find((e) => e.event === 'next');
    expect(codeOf(next!.data)).toBe('FORBIDDEN');
  });

  it('operator: a mutation over SSE runs', async () => {
    const write = await sseAs(server.url, tdb.tokens.operator, ADD_DOC, { id: projectId, name: 'sse-operator.md' });
    await write.ended;
    expect(write.events.find((e) => e.event === 'next')!.data).toMatchObject({ data: { addDocuments: [{ id: expect.any(String) }] } });
  });

  it('revoking a token ends its open SSE subscription with FORBIDDEN', async () => {
    const { id, token } = await newToken('sse-revoked-live', 'VIEWER');
    const stream = await sseAs(server.url, token, STATUS, { p: projectId });
    expect(stream.status).toBe(200);
    // Wait until the subscription is live: a status change reaches it.
    const project = (await gqlAs(server.url, tdb.tokens.admin, CREATE_PROJECT, { name: 'sse-revoke' })).body.data.createProject.id;
    await gqlAs(server.url, tdb.tokens.operator, ADD_DOC, { id: project, name: 'a.md' });
    const live = await sseAs(server.url, token, STATUS, { p: project });
    const runId = (await gqlAs(server.url, tdb.tokens.operator, START, { p: project })).body.data.startRun.id;
    await live.waitFor((e) => e.event === 'next');

    await gqlAs(server.url, tdb.tokens.admin, REVOKE_TOKEN, { id });
    await Promise.all([stream.ended, live.ended]);
    for (const s of [stream, live]) {
      const last = s.events.filter((e) => e.event === 'next').at(-1);
      expect(codeOf(last!.data)).toBe('FORBIDDEN');
      expect(s.events.at(-1)!.event).toBe('complete');
    }
    await gqlAs(server.url, tdb.tokens.operator, CANCEL, { id: runId });
  });
});

describe('AUTH=off (the loopback default)', () => {
  it('every request acts as admin, with or without a token; runs record no token', async () => {
    const open = await startTestServer({ DATABASE_URL: tdb.databaseUrl.replace('test.db', 'open.db') });
    try {
      const me = await gqlAs(open.url, null, `{ me { role tokenName authRequired } }`);
      expect(me.body.data.me).toEqual({ role: 'ADMIN', tokenName: null, authRequired: false });
      const created = await gqlAs(open.url, 'not-a-token', CREATE_PROJECT, { name: 'open' });
      expect(created.body.errors).toBeUndefined();
      const p = created.body.data.createProject.id;
      await gqlAs(open.url, null, ADD_DOC, { id: p, name: 'a.md' });
      const started = await gqlAs(open.url, null, START, { p });
      expect(started.body.data.startRun.startedBy).toBeNull();
      const { client } = wsAs(open.wsUrl, undefined);
      expect(await wsOnce(client, `{ apiTokens { id } }`)).toMatchObject({ data: { apiTokens: [] } });
      await client.dispose();
    } finally {
      await open.stop();
    }
  });
});

describe('AUTH=required start-up', () => {
  it('refuses to start without an active token in the database', async () => {
    await expect(startTestServer({ AUTH: 'required' })).rejects.toThrow(/AUTH=required but the database has no active API token/);
  });
});
