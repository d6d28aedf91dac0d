// A response budget aliases and fragments cannot walk around (issue 10 §8): Document.content is
// priced from the stored sizes before execution; over MAX_RESPONSE_BYTES is RESPONSE_TOO_LARGE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
let p: string;
const BUDGET = 4096;
beforeAll(async () => {
  server = await startTestServer({ MAX_RESPONSE_BYTES: String(BUDGET) });
  p = (await server.ok(`mutation { createProject(input: { name: "big" }) { id } }`)).createProject.id;
  const docs = [1, 2, 3].map((i) => ({ fileName: `d${i}.md`, content: `${'x'.repeat(999)}${i}` }));
  await server.ok(`mutation ($p: ID!, $docs: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $docs) { id } }`, { p, docs });
});
afterAll(async () => {
  await server?.stop();
});

const refused = (result: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) => {
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: BUDGET });
};

describe('the response budget', () => {
  it('answers content within the budget', async () => {
    const { project } = await server.ok(`query ($p: ID!) { project(id: $p) { documents { content } } }`, { p });
    expect(project.documents).toHaveLength(3);
    const { projects } = await server.ok(`{ projects { documents { fileName content } } }`);
    expect(projects[0].documents).toHaveLength(3);
  });

  it('counts every alias of a content list', async () => {
    refused(await server.gql(`query ($p: ID!) { a: project(id: $p) { documents { content } } b: project(id: $p) { documents { content } } }`, { p }));
    refused(await server.gql(`{ a: projects { documents { content } } b: projects { documents { content } } }`));
    refused(await server.gql(`query ($p: ID!) { project(id: $p) { documents { content c2: content } } }`, { p }));
  });

  it('counts content reached through fragments once per spread', async () => {
    refused(
      await server.gql(`query ($p: ID!) { project(id: $p) { documents { ...A ...B } } } fragment A on Document { content } fragment B on Document { again: content }`, { p }),
    );
  });

  it('refuses content under a list it cannot bound', async () => {
    refused(await server.gql(`query ($p: ID!) { project(id: $p) { runs(first: 5) { edges { node { project { documents { content } } } } } } }`, { p }));
  });

  it('leaves operations without content alone', async () => {
    const { a, b } = await server.ok(`query ($p: ID!) { a: project(id: $p) { documents { fileName sizeBytes } } b: project(id: $p) { documentCount } }`, { p });
    expect(a.documents).toHaveLength(3);
    expect(b.documentCount).toBe(3);
  });

  it('refuses over graphql-ws too', async () => {
    const client = server.ws();
    const result = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: `query ($p: ID!) { a: project(id: $p) { documents { content } } b: project(id: $p) { documents { content } } }`, variables: { p } },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    const errors = Array.isArray(result) ? result : result.errors;
    expect(errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
  });
});
