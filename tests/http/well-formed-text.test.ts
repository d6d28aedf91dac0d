// Lone UTF-16 surrogates are refused in every string input, in variables and in literals, over HTTP
// and graphql-ws, with BAD_USER_INPUT and nothing stored (issue 10 §4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
let projectId: string;
beforeAll(async () => {
  server = await startTestServer();
  projectId = (await server.ok(`mutation { createProject(input: { name: "kept" }) { id } }`)).createProject.id;
});
afterAll(async () => {
  await server?.stop();
});

const CREATE = `mutation ($name: String!) { createProject(input: { name: $name }) { id } }`;
const ADD = `mutation ($p: ID!, $docs: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $docs) { id } }`;
const names = async () => ((await server.ok(`{ projects { name } }`)).projects as { name: string }[]).map((p) => p.name);
const documentCount = async () => (await server.ok(`query ($id: ID!) { project(id: $id) { documentCount } }`, { id: projectId })).project.documentCount;

describe('well-formed text', () => {
  it.each(['dup\ud800x', 'dup\ud801x', 'dup\udfffx', '\udc00'])('refuses the project name %j in a variable', async (name) => {
    const result = await server.gql(CREATE, { name });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_UNICODE' });
    expect(await names()).toEqual(['kept']);
  });

  it('refuses a lone surrogate in a literal, raw or escaped', async () => {
    for (const literal of ['dup\ud800x', 'dup\\ud800x']) {
      const result = await server.gql(`mutation { createProject(input: { name: "${literal}" }) { id } }`);
      expect(result.errors?.[0]?.extensions, literal).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_UNICODE' });
    }
    expect(await names()).toEqual(['kept']);
  });

  it('refuses a lone surrogate in a document name or content and stores nothing', async () => {
    for (const docs of [
      [{ fileName: 'a\ud800.md', content: 'fine' }],
      [{ fileName: 'ok.md', content: 'half a pair: \udfff' }],
      [{ fileName: 'good.md', content: 'good' }, { fileName: 'bad.md', content: '\ud83d' }],
    ]) {
      const result = await server.gql(ADD, { p: projectId, docs });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await documentCount()).toBe(0);
  });

  it('accepts surrogate pairs (well-formed text)', async () => {
    await server.ok(ADD, { p: projectId, docs: [{ fileName: 'emoji.md', content: 'coffee ☕ and 😀' }] });
    expect(await documentCount()).toBe(1);
    await server.ok(CREATE, { name: 'café 😀' });
  });

  it('refuses the same over graphql-ws', async () => {
    const client = server.ws();
    const result = await collect(client, CREATE, { name: 'ws\ud800' });
    expect((result.errors as any)?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_UNICODE' });
    const sub = await collect(client, `subscription ($p: ID!) { runStatus(projectId: $p) { id } }`, { p: '\ud800' });
    expect((sub.errors as any)?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await names()).not.toContain('ws\ud800');
  });
});
