// Glossary products and users' edits, on rows a run would have written (seeded directly), so
// this runs without the pipeline; tests/server/products.test.ts covers a real FULL run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/db/client';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { dbId, unknownId } from '../support/ids';

let server: TestServer;
let db: Db;
let projectId: string;

const occ = (line: number) => ({ fileName: 'a.md', line, context: `context ${line}` });

beforeAll(async () => {
  server = await startTestServer();
  db = await openDb(server.databaseUrl);
  const { createProject } = await server.ok(`mutation { createProject(input: { name: "glossary" }) { id } }`);
  projectId = createProject.id;
  const pid = dbId(projectId);
  const terms = [
    { key: 'roastprofile', text: 'roast profile' },
    { key: 'firstcrack', text: 'first crack' },
    { key: '焙煎度', text: '焙煎度' },
  ];
  for (const [i, t] of terms.entries()) {
    await db.term.create({
      data: { projectId: pid, key: t.key, text: t.text, rank: i, score: 10 - i, category: 'technical_term', language: i === 2 ? 'ja' : 'en', frequency: 3, documentCount: 1, aliases: JSON.stringify([`${t.text}s`]), occurrences: JSON.stringify([occ(i + 1)]) },
    });
    await db.provisionalEntry.create({
      data: { projectId: pid, termKey: t.key, term: t.text, position: i, definition: `def of ${t.text}`, confidence: 0.8, sources: JSON.stringify([occ(i + 1)]), occurrences: JSON.stringify([occ(i + 1)]) },
    });
    await db.glossaryIssue.create({
      data: { projectId: pid, termKey: t.key, term: t.text, position: i, type: i === 0 ? 'UNCLEAR' : 'NAMING', description: `issue ${i}`, locations: JSON.stringify([occ(i + 1)]) },
    });
    await db.refinedEntry.create({
      data: { projectId: pid, termKey: t.key, term: t.text, position: i, definition: `refined ${t.text}`, confidence: 0.9, relatedTerms: JSON.stringify(['x']), unresolvedIssues: JSON.stringify([{ type: 'UNCLEAR', description: 'vague' }]), notes: JSON.stringify(['kept']) },
    });
  }
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

const PRODUCTS = `query ($id: ID!) { project(id: $id) {
  terms { id key text rank aliases occurrences { fileName line context } userNotes }
  provisionalEntries { id term definition editedByUser sources { line } }
  issues { term type }
  unclear: issues(type: [UNCLEAR]) { term }
  refinedEntries { term definition relatedTerms unresolvedIssues { type description } notes }
  excludedTerms { text key source }
  requiredTerms { text key }
} }`;

describe('glossary products and edits', () => {
  it('reads terms by rank with occurrences, entries, issues filtered by type, refined entries', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectId });
    expect(project.terms.map((t: any) => t.text)).toEqual(['roast profile', 'first crack', '焙煎度']);
    expect(project.terms[0]).toMatchObject({ rank: 1, aliases: ['roast profiles'], occurrences: [occ(1)], userNotes: null });
    expect(project.provisionalEntries[1]).toMatchObject({ term: 'first crack', editedByUser: false, sources: [{ line: 2 }] });
    expect(project.issues).toHaveLength(3);
    expect(project.unclear).toEqual([{ term: 'roast profile' }]);
    expect(project.refinedEntries[0]).toEqual({
      term: 'roast profile',
      definition: 'refined roast profile',
      relatedTerms: ['x'],
      unresolvedIssues: [{ type: 'UNCLEAR', description: 'vague' }],
      notes: ['kept'],
    });
  });

  it('excludeTerm removes the term with its entries (any variant of its key) and records the exclusion', async () => {
    const { excludeTerm } = await server.ok(`mutation ($p: ID!) { excludeTerm(projectId: $p, text: " First-Crack ") { text key source } }`, { p: projectId });
    expect(excludeTerm).toEqual({ text: 'First-Crack', key: 'firstcrack', source: 'manual' });
    const { project } = await server.ok(PRODUCTS, { id: projectId });
    for (const list of [project.terms, project.provisionalEntries, project.issues, project.refinedEntries]) {
      expect(list.map((x: any) => x.text ?? x.term)).not.toContain('first crack');
    }
    expect(project.excludedTerms).toEqual([{ text: 'First-Crack', key: 'firstcrack', source: 'manual' }]);

    // Requiring it again lifts the exclusion; removing the requirement leaves neither.
    await server.ok(`mutation ($p: ID!) { addRequiredTerm(projectId: $p, text: "first crack") { key } }`, { p: projectId });
    const mid = (await server.ok(PRODUCTS, { id: projectId })).project;
    expect(mid.excludedTerms).toEqual([]);
    expect(mid.requiredTerms).toEqual([{ text: 'first crack', key: 'firstcrack' }]);
    await server.ok(`mutation ($p: ID!) { removeRequiredTerm(projectId: $p, text: "FIRST CRACK") { key } }`, { p: projectId });
    const missing = await server.gql(`mutation ($p: ID!) { removeExcludedTerm(projectId: $p, text: "first crack") { key } }`, { p: projectId });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('updateProvisionalDefinition marks the entry edited; setTermNotes sets and clears notes', async () => {
    const { project } = await server.ok(PRODUCTS, { id: projectId });
    const entry = project.provisionalEntries[0];
    const { updateProvisionalDefinition } = await server.ok(
      `mutation ($id: ID!) { updateProvisionalDefinition(id: $id, definition: "  The record of bean temperature over time.  ") { definition editedByUser } }`,
      { id: entry.id },
    );
    expect(updateProvisionalDefinition).toEqual({ definition: 'The record of bean temperature over time.', editedByUser: true });
    const empty = await server.gql(`mutation ($id: ID!) { updateProvisionalDefinition(id: $id, definition: "  ") { id } }`, { id: entry.id });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const term = project.terms[0];
    const set = await server.ok(`mutation ($id: ID!) { setTermNotes(id: $id, notes: "check with roaster") { userNotes } }`, { id: term.id });
    expect(set.setTermNotes.userNotes).toBe('check with roaster');
    const cleared = await server.ok(`mutation ($id: ID!) { setTermNotes(id: $id, notes: null) { userNotes } }`, { id: term.id });
    expect(cleared.setTermNotes.userNotes).toBeNull();
  });

  it('refuses edits on unknown ids and blank terms', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [`mutation ($p: ID!) { excludeTerm(projectId: $p, text: "x") { key } }`, { p: unknownId('Project') }, 'NOT_FOUND'],
      [`mutation ($p: ID!) { excludeTerm(projectId: $p, text: " - ") { key } }`, { p: projectId }, 'BAD_USER_INPUT'],
      [`mutation ($id: ID!) { updateProvisionalDefinition(id: $id, definition: "d") { id } }`, { id: unknownId('ProvisionalEntry') }, 'NOT_FOUND'],
      [`mutation ($id: ID!) { setTermNotes(id: $id, notes: "n") { id } }`, { id: unknownId('Term') }, 'NOT_FOUND'],
    ];
    for (const [query, variables, code] of cases) {
      const result = await server.gql(query, variables);
      expect(result.errors?.[0]?.extensions?.code, query).toBe(code);
    }
  });

  it('llmModels: none for OFFLINE; a projectId must name a project (servers: tests/llm/model-server-urls.test.ts)', async () => {
    expect((await server.ok(`{ llmModels(engine: OFFLINE) }`)).llmModels).toEqual([]);
    const unknown = await server.gql(`query ($p: ID) { llmModels(engine: OLLAMA, projectId: $p) }`, { p: unknownId('Project') });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongType = await server.gql(`query ($p: ID) { llmModels(engine: OLLAMA, projectId: $p) }`, { p: unknownId('Term', 1) });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
