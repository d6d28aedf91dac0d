import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { unknownId } from '../support/ids';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'true' });
});
afterAll(async () => {
  await server?.stop();
});

describe('server start-up', () => {
  it('seeds a demo project with the sample documents on a fresh database', async () => {
    const { projects } = await server.ok(`{ projects { name engine documents { fileName sizeBytes } } }`);
    expect(projects).toHaveLength(1);
    expect(projects[0].name).toMatch(/demo/i);
    expect(projects[0].engine).toBe('OFFLINE');
    const names = projects[0].documents.map((d: { fileName: string }) => d.fileName);
    expect(names).toEqual(['brewing.md', 'ja-roasting.md', 'roasting-basics.md']);
  });

  it('serves GraphiQL at /graphql for browsers', async () => {
    const res = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/GraphiQL|graphiql/);
  });

  it('masks unexpected errors (logged in full on the server) but keeps the codes of expected ones', async () => {
    const unknown = unknownId('Project', 123_456);
    const res = await server.gql(`{ project(id: "${unknown}") { id } }`);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining(unknown), extensions: { code: 'NOT_FOUND', id: unknown } });

    const logged: unknown[][] = [];
    const broken = await startTestServer(
      {},
      {
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (...args) => logged.push(args) },
        createRuns: () => ({
          start: async () => {
            throw new Error('disk failure at /home/alice/secret.db');
          },
          cancel: async () => {
            throw new Error('unused');
          },
          followLogs: async function* () {},
          followLogBatches: async function* () {},
          followProgress: async function* () {},
          followProjectStatus: async function* () {},
          shutdown: async () => {},
        }),
      },
    );
    try {
      const { createProject } = await broken.ok(`mutation { createProject(input: { name: "p" }) { id } }`);
      const failed = await broken.gql(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p: createProject.id });
      expect(failed.errors?.[0]?.message).toBe('Unexpected error.');
      expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(failed)).not.toContain('alice');
      expect(logged.flat().map(String).join('\n')).toContain('disk failure at /home/alice/secret.db');
    } finally {
      await broken.stop();
    }
  });

  it('fails clearly when the port is taken, leaving the running server untouched', async () => {
    await expect(startTestServer({ PORT: String(server.port) })).rejects.toThrow(/EADDRINUSE/);
    const { projects } = await server.ok(`{ projects { id } }`);
    expect(projects).toHaveLength(1);
  });

  it('a closed server refuses connections', async () => {
    const other = await startTestServer();
    const url = other.url;
    await other.stop();
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
