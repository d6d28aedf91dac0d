// What the web console needs from the API beyond the basics: cloning a project, the document id
// of every occurrence (links to the document viewer), and definition edits that the refined
// glossary and the exports show at once, without another run. Glossary rows are seeded directly
// (as a run would write them); tests/server/products.test.ts covers real runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { unknownId } from '../support/ids';

let server: TestServer;
let db: Db;
let projectId: string;
let dbProjectId: number;

const occ = (fileName: string, line: number) => ({ fileName, line, context: `context ${line}` });

beforeAll(async () => {
  server = await startTestServer();
  db = await openDb(server.databaseUrl);
  const { createProject } = await server.ok(
    `mutation { createProject(input: { name: "source", engine: OLLAMA, llmModel: "m1", llmBaseUrl: "http://127.0.0.1:9/v1", maxTerms: 40, minFrequency: 2 }) { id } }`,
  );
  projectId = createProject.id;
  await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, {
    p: projectId,
    d: [
      { fileName: 'a.md', content: '# Roasting\n\nA roast profile is a curve.\n' },
      { fileName: 'guide/b.txt', content: '焙煎度は豆の色で決まる。\n' },
    ],
  });
  await server.ok(`mutation ($p: ID!) { addRequiredTerm(projectId: $p, text: "first crack") { id } }`, { p: projectId });
  await server.ok(`mutation ($p: ID!) { excludeTerm(projectId: $p, text: "coffee") { id } }`, { p: projectId });
  dbProjectId = (await db.project.findUniqueOrThrow({ where: { name: 'source' } })).id;
  const terms = [
    { key: 'roastprofile', text: 'roast profile', file: 'a.md', line: 3 },
    { key: '焙煎度', text: '焙煎度', file: 'guide/b.txt', line: 1 },
  ];
  for (const [i, t] of terms.entries()) {
    const o = JSON.stringify([occ(t.file, t.line)]);
    await db.term.create({
      data: { projectId: dbProjectId, key: t.key, text: t.text, rank: i, score: 1, category: 'technical_term', language: 'en', frequency: 2, documentCount: 1, occurrences: o },
    });
    await db.provisionalEntry.create({
      data: { projectId: dbProjectId, termKey: t.key, term: t.text, position: i, definition: `provisional ${t.text}`, confidence: 0.7, sources: o, occurrences: o },
    });
    await db.glossaryIssue.create({
      data: { projectId: dbProjectId, termKey: t.key, term: t.text, position: i, type: 'UNCLEAR', description: 'vague', locations: o },
    });
    await db.refinedEntry.create({
      data: { projectId: dbProjectId, termKey: t.key, term: t.text, position: i, definition: `refined ${t.text}`, confidence: 0.9, sources: o, occurrences: o },
    });
  }
  // An occurrence in a document that is no longer in the project.
  await db.refinedEntry.create({
    data: { projectId: dbProjectId, termKey: 'gone', term: 'gone', position: 2, definition: 'gone', confidence: 0.5, sources: JSON.stringify([occ('removed.md', 4)]) },
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

describe('Occurrence.documentId', () => {
  it('names the document of every occurrence, the same id as Document.id; null when the file is gone', async () => {
    const { project } = await server.ok(
      `query ($id: ID!) { project(id: $id) {
        documents { id fileName }
        terms { occurrences { fileName documentId line } }
        provisionalEntries { sources { fileName documentId } }
        issues { locations { fileName documentId } }
        refinedEntries { term sources { fileName documentId line } occurrences { documentId } }
      } }`,
      { id: projectId },
    );
    const idOf = new Map<string, string>(project.documents.map((d: { id: string; fileName: string }) => [d.fileName, d.id]));
    const all = [
      ...project.terms.flatMap((t: any) => t.occurrences),
      ...project.provisionalEntries.flatMap((e: any) => e.sources),
      ...project.issues.flatMap((e: any) => e.locations),
      ...project.refinedEntries.filter((e: any) => e.term !== 'gone').flatMap((e: any) => e.sources),
    ];
    expect(all.length).toBe(8);
    for (const o of all) expect(o.documentId).toBe(idOf.get(o.fileName));
    expect(new Set(all.map((o: any) => o.documentId)).size).toBe(2);
    const gone = project.refinedEntries.find((e: any) => e.term === 'gone');
    expect(gone.sources).toEqual([{ fileName: 'removed.md', documentId: null, line: 4 }]);
    expect(gone.occurrences).toEqual([]);
  });
});

describe('definition edits reach the refined glossary and the exports at once', () => {
  const read = async () =>
    (
      await server.ok(
        `query ($id: ID!) { project(id: $id) {
          provisionalEntries { id term definition editedByUser }
          refinedEntries { id term definition }
          exportMarkdown exportJson
        } }`,
        { id: projectId },
      )
    ).project;

  it('updateProvisionalDefinition also rewrites the refined entry of the term', async () => {
    const before = await read();
    const entry = before.provisionalEntries.find((e: any) => e.term === 'roast profile');
    const { updateProvisionalDefinition } = await server.ok(
      `mutation ($id: ID!, $d: String!) { updateProvisionalDefinition(id: $id, definition: $d) { definition editedByUser } }`,
      { id: entry.id, d: '  The planned temperature curve of a roast.  ' },
    );
    expect(updateProvisionalDefinition).toEqual({ definition: 'The planned temperature curve of a roast.', editedByUser: true });
    const after = await read();
    expect(after.refinedEntries.find((e: any) => e.term === 'roast profile').definition).toBe('The planned temperature curve of a roast.');
    // The other term is untouched.
    expect(after.refinedEntries.find((e: any) => e.term === '焙煎度').definition).toBe('refined 焙煎度');
    expect(after.exportMarkdown).toContain('The planned temperature curve of a roast.');
    expect(after.exportMarkdown).not.toContain('refined roast profile');
    const json = JSON.parse(after.exportJson) as { entries: { term: string; definition: string }[] };
    expect(json.entries.find((e) => e.term === 'roast profile')?.definition).toBe('The planned temperature curve of a roast.');
  });

  it('updateRefinedDefinition rewrites the refined entry and marks the provisional one edited, so runs keep it', async () => {
    const before = await read();
    const refined = before.refinedEntries.find((e: any) => e.term === '焙煎度');
    const { updateRefinedDefinition } = await server.ok(
      `mutation ($id: ID!, $d: String!) { updateRefinedDefinition(id: $id, definition: $d) { id term definition } }`,
      { id: refined.id, d: '焙煎の深さ。豆の色で表す。' },
    );
    expect(updateRefinedDefinition).toEqual({ id: refined.id, term: '焙煎度', definition: '焙煎の深さ。豆の色で表す。' });
    const after = await read();
    expect(after.provisionalEntries.find((e: any) => e.term === '焙煎度')).toMatchObject({ definition: '焙煎の深さ。豆の色で表す。', editedByUser: true });
    expect(after.exportMarkdown).toContain('焙煎の深さ。豆の色で表す。');
    const json = JSON.parse(after.exportJson) as { entries: { term: string; definition: string }[] };
    expect(json.entries.find((e) => e.term === '焙煎度')?.definition).toBe('焙煎の深さ。豆の色で表す。');
  });

  it('refuses empty text and unknown entries, and changes nothing then', async () => {
    const before = await read();
    const refined = before.refinedEntries.find((e: any) => e.term === '焙煎度');
    const empty = await server.gql(`mutation ($id: ID!) { updateRefinedDefinition(id: $id, definition: "   ") { id } }`, { id: refined.id });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await server.gql(`mutation { updateRefinedDefinition(id: "${unknownId('RefinedEntry')}", definition: "x") { id } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const missingProvisional = await server.gql(`mutation { updateProvisionalDefinition(id: "${unknownId('ProvisionalEntry')}", definition: "x") { id } }`);
    expect(missingProvisional.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const after = await read();
    expect(after.refinedEntries).toEqual(before.refinedEntries);
    expect(after.provisionalEntries).toEqual(before.provisionalEntries);
  });
});

describe('cloneProject', () => {
  const PROJECT = `id name engine llmModel llmBaseUrl maxTerms minFrequency documentCount
    documents { fileName content contentHash sizeBytes }
    requiredTerms { text key } excludedTerms { text key source }
    terms { key } refinedEntries { term } runs { totalCount }`;

  it('copies documents, engine settings and required/excluded terms — not runs, terms or glossary', async () => {
    const { cloneProject } = await server.ok(`mutation ($id: ID!) { cloneProject(id: $id, name: "  copy of source ") { ${PROJECT} } }`, { id: projectId });
    const { project: source } = await server.ok(`query ($id: ID!) { project(id: $id) { ${PROJECT} } }`, { id: projectId });
    expect(cloneProject.id).not.toBe(source.id);
    expect(cloneProject).toMatchObject({
      name: 'copy of source',
      engine: 'OLLAMA',
      llmModel: 'm1',
      llmBaseUrl: 'http://127.0.0.1:9/v1',
      maxTerms: 40,
      minFrequency: 2,
      documentCount: 2,
      documents: source.documents,
      requiredTerms: [{ text: 'first crack', key: 'firstcrack' }],
      excludedTerms: [{ text: 'coffee', key: 'coffee', source: 'manual' }],
      terms: [],
      refinedEntries: [],
      runs: { totalCount: 0 },
    });
    expect(source.terms.length).toBe(2);

    // The copy is independent: removing a document from it leaves the source's.
    const { project: copy } = await server.ok(`query ($id: ID!) { project(id: $id) { documents { id } } }`, { id: cloneProject.id });
    await server.ok(`mutation ($id: ID!) { removeDocument(id: $id) }`, { id: copy.documents[0].id });
    const { project: again } = await server.ok(`query ($id: ID!) { project(id: $id) { documentCount } }`, { id: projectId });
    expect(again.documentCount).toBe(2);
  });

  it('refuses a taken or empty name and an unknown project, leaving no half-made copy', async () => {
    const count = async () => (await server.ok(`{ projects { id } }`)).projects.length;
    const before = await count();
    const taken = await server.gql(`mutation ($id: ID!) { cloneProject(id: $id, name: "source") { id } }`, { id: projectId });
    expect(taken.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(taken.errors?.[0]?.message).toContain('already exists');
    const empty = await server.gql(`mutation ($id: ID!) { cloneProject(id: $id, name: "  ") { id } }`, { id: projectId });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await server.gql(`mutation { cloneProject(id: "${unknownId('Project')}", name: "nowhere") { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
  });
});
