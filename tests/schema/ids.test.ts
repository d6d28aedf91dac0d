// Ids are typed and scoped: an id names its type, so one object's id can never act on an object
// of another type, and a child's project is checked wherever a project and its children meet.
// (The probe of issue 10: a refined entry's id "71" given to updateProvisionalDefinition rewrote
// provisional entry 71 of another project.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client';
import { startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
let db: Db;
let projectA: string;
let projectB: string;

const occ = [{ fileName: 'a.md', line: 1, context: 'c' }];

/** The database id behind the project's name: the test seeds rows directly, as a run would. */
async function dbIdOf(name: string): Promise<number> {
  return (await db.project.findUniqueOrThrow({ where: { name } })).id;
}

async function seed(projectDbId: number, word: string): Promise<void> {
  await db.provisionalEntry.create({
    data: { projectId: projectDbId, termKey: word, term: word, position: 0, definition: `def of ${word}`, confidence: 0.8, sources: JSON.stringify(occ), occurrences: JSON.stringify(occ) },
  });
  await db.refinedEntry.create({
    data: { projectId: projectDbId, termKey: word, term: word, position: 0, definition: `refined ${word}`, confidence: 0.9, relatedTerms: '[]', unresolvedIssues: '[]', notes: '[]' },
  });
  await db.term.create({
    data: { projectId: projectDbId, key: word, text: word, rank: 0, score: 1, category: 'technical_term', language: 'en', frequency: 1, documentCount: 1, aliases: '[]', occurrences: JSON.stringify(occ) },
  });
}

const PRODUCTS = `query ($id: ID!) { project(id: $id) {
  id
  terms { id text userNotes }
  provisionalEntries { id term definition editedByUser }
  refinedEntries { id term definition }
  documents { id fileName }
} }`;

beforeAll(async () => {
  server = await startTestServer();
  db = await openDb(server.databaseUrl);
  projectA = (await server.ok(`mutation { createProject(input: { name: "ids-a" }) { id } }`)).createProject.id;
  projectB = (await server.ok(`mutation { createProject(input: { name: "ids-b" }) { id } }`)).createProject.id;
  // Project B's rows first, so a bare per-table number of A's refined entry also names a row of
  // B's provisional table: exactly the probe's confusion.
  await seed(await dbIdOf('ids-b'), 'water');
  await seed(await dbIdOf('ids-a'), 'coffee');
  for (const [p, name] of [
    [projectA, 'a.md'],
    [projectB, 'b.md'],
  ]) {
    await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, {
      p,
      d: [{ fileName: name, content: 'Roast profile is a plan. The roast profile matters.' }],
    });
  }
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

describe('typed ids', () => {
  it('refuses a refined entry id given to updateProvisionalDefinition, and changes nothing', async () => {
    const before = await server.ok(PRODUCTS, { id: projectB });
    const beforeA = await server.ok(PRODUCTS, { id: projectA });
    const refinedId = beforeA.project.refinedEntries[0].id;
    for (const id of [refinedId, before.project.refinedEntries[0].id]) {
      const result = await server.gql(`mutation ($id: ID!) { updateProvisionalDefinition(id: $id, definition: "rewritten") { id definition } }`, { id });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.data ?? null).toBeNull();
    }
    expect(await server.ok(PRODUCTS, { id: projectB })).toEqual(before);
    expect(await server.ok(PRODUCTS, { id: projectA })).toEqual(beforeA);
  });

  it('gives every object an opaque id that differs between types with the same row number', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectA });
    const ids = [project.id, project.terms[0].id, project.provisionalEntries[0].id, project.refinedEntries[0].id, project.documents[0].id];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(/^\d+$/);
  });

  it('refuses ids of the wrong type everywhere an id is taken, and malformed ids, with BAD_USER_INPUT', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectA });
    const termId = project.terms[0].id;
    const documentId = project.documents[0].id;
    const cases: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { project(id: $id) { id } }`, { id: termId }],
      [`query ($id: ID!) { run(id: $id) { id } }`, { id: projectA }],
      [`mutation ($id: ID!) { setTermNotes(id: $id, notes: "n") { id } }`, { id: project.provisionalEntries[0].id }],
      [`mutation ($id: ID!) { removeDocument(id: $id) }`, { id: projectA }],
      [`mutation ($id: ID!) { deleteProject(id: $id) }`, { id: documentId }],
      [`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: documentId }],
      [`mutation ($id: ID!) { excludeTerm(projectId: $id, text: "x") { key } }`, { id: termId }],
      [`mutation ($id: ID!) { addDocuments(projectId: $id, documents: [{ fileName: "z.md", content: "z" }]) { id } }`, { id: termId }],
      [`mutation ($p: ID!, $d: [ID!]) { startRun(input: { projectId: $p, scope: EXTRACT, documentIds: $d }) { id } }`, { p: projectA, d: [termId] }],
      [`query ($id: ID!) { project(id: $id) { id } }`, { id: '1' }],
      [`query ($id: ID!) { project(id: $id) { id } }`, { id: 'not base64!' }],
      [`query ($id: ID!) { project(id: $id) { id } }`, { id: Buffer.from('Project:abc').toString('base64') }],
      [`query ($id: ID!) { project(id: $id) { id } }`, { id: Buffer.from('Project:-1').toString('base64') }],
    ];
    for (const [query, variables] of cases) {
      const result = await server.gql(query, variables);
      expect(result.errors?.[0]?.extensions?.code, `${query} ${JSON.stringify(variables)}`).toBe('BAD_USER_INPUT');
    }
    // Nothing was removed or added.
    expect(await server.ok(PRODUCTS, { id: projectA })).toEqual({ project });
  });

  it('answers NOT_FOUND for a well-formed id of the right type that names nothing', async () => {
    const unknownProject = Buffer.from('Project:99999').toString('base64');
    const result = await server.gql(`query ($id: ID!) { project(id: $id) { id } }`, { id: unknownProject });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("startRun refuses another project's documents and queues nothing", async () => {
    const { project: b } = await server.ok(PRODUCTS, { id: projectB });
    const result = await server.gql(`mutation ($p: ID!, $d: [ID!]) { startRun(input: { projectId: $p, scope: EXTRACT, documentIds: $d }) { id } }`, {
      p: projectA,
      d: [b.documents[0].id],
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.documentIds).toEqual([b.documents[0].id]);
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { currentRun { id } } }`, { id: projectA });
    expect(project.currentRun).toBeNull();
  });

  it('fields that point at objects carry the same ids as the objects', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectA });
    const { startRun } = await server.ok(
      `mutation ($p: ID!, $d: [ID!]) { startRun(input: { projectId: $p, scope: EXTRACT, documentIds: $d }) { id projectId documentIds project { id } progress { runId } } }`,
      { p: projectA, d: [project.documents[0].id] },
    );
    expect(startRun.projectId).toBe(projectA);
    expect(startRun.project.id).toBe(projectA);
    expect(startRun.documentIds).toEqual([project.documents[0].id]);
    expect(startRun.progress.runId).toBe(startRun.id);
    const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { id logs(first: 1) { runId } } }`, { id: startRun.id });
    expect(run.id).toBe(startRun.id);
    for (const line of run.logs) expect(line.runId).toBe(startRun.id);
  });

  it('node(id) and nodes(ids) load any object by its id', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectA });
    const { node } = await server.ok(`query ($id: ID!) { node(id: $id) { __typename id ... on Term { text } } }`, { id: project.terms[0].id });
    expect(node).toEqual({ __typename: 'Term', id: project.terms[0].id, text: 'coffee' });
    const { nodes } = await server.ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [projectA, project.refinedEntries[0].id],
    });
    expect(nodes).toEqual([
      { __typename: 'Project', id: projectA },
      { __typename: 'RefinedEntry', id: project.refinedEntries[0].id },
    ]);
    // Relay's rule: an id that names nothing is null; one that is no id of ours is refused.
    const gone = await server.ok(`query ($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('Term:99999').toString('base64') });
    expect(gone.node).toBeNull();
    for (const id of [Buffer.from('Secret:1').toString('base64'), Buffer.from('Term:x').toString('base64'), '12']) {
      const bad = await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
      expect(bad.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
    }
    const tooMany = await server.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, () => projectA) });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
