import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { unknownId } from '../support/ids';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_DOCUMENTS_PER_PROJECT: '5', MAX_DOCUMENT_BYTES: '2000' });
});
afterAll(async () => {
  await server?.stop();
});

const CREATE = /* GraphQL */ `
  mutation ($input: CreateProjectInput!) {
    createProject(input: $input) { id name engine llmModel llmBaseUrl maxTerms minFrequency documentCount }
  }
`;
const ADD = /* GraphQL */ `
  mutation ($projectId: ID!, $documents: [DocumentInput!]!) {
    addDocuments(projectId: $projectId, documents: $documents) { id fileName sizeBytes contentHash }
  }
`;

async function createProject(name: string, extra: Record<string, unknown> = {}) {
  const data = await server.ok(CREATE, { input: { name, ...extra } });
  return data.createProject as { id: string; name: string };
}

describe('projects', () => {
  it('creates, reads, lists, updates and deletes a project', async () => {
    const created = await server.ok(CREATE, {
      input: { name: 'Glossary A', engine: 'OLLAMA', llmModel: 'llama3.2', llmBaseUrl: 'http://localhost:11434', maxTerms: 50 },
    });
    expect(created.createProject).toMatchObject({
      name: 'Glossary A',
      engine: 'OLLAMA',
      llmModel: 'llama3.2',
      llmBaseUrl: 'http://localhost:11434',
      maxTerms: 50,
      minFrequency: null,
      documentCount: 0,
    });
    const id = created.createProject.id as string;

    const one = await server.ok(`query ($id: ID!) { project(id: $id) { id name currentRun { id } runs { totalCount edges { node { id } } } } }`, { id });
    expect(one.project).toEqual({ id, name: 'Glossary A', currentRun: null, runs: { totalCount: 0, edges: [] } });

    const updated = await server.ok(
      `mutation ($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { name engine llmModel maxTerms minFrequency } }`,
      { id, input: { name: 'Glossary B', engine: 'OFFLINE', llmModel: null, maxTerms: null, minFrequency: 2 } },
    );
    expect(updated.updateProject).toEqual({ name: 'Glossary B', engine: 'OFFLINE', llmModel: null, maxTerms: null, minFrequency: 2 });

    const list = await server.ok(`{ projects { id name } }`);
    expect(list.projects).toContainEqual({ id, name: 'Glossary B' });

    const deleted = await server.ok(`mutation ($id: ID!) { deleteProject(id: $id) }`, { id });
    expect(deleted.deleteProject).toBe(id);
    const gone = await server.gql(`query ($id: ID!) { project(id: $id) { id } }`, { id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad project input with BAD_USER_INPUT and clear messages', async () => {
    await createProject('Taken');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: '' }, /name must not be empty/],
      [{ name: 'Taken' }, /already exists/],
      [{ name: 'x', maxTerms: 0 }, /maxTerms must be at least 1/],
      [{ name: 'y', llmBaseUrl: 'ftp://host' }, /http\(s\) URL/],
      [{ name: 'z', llmBaseUrl: 'https://user:secret@api.example.com' }, /credentials/],
    ];
    for (const [input, message] of cases) {
      const result = await server.gql(CREATE, { input });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(result.errors?.[0]?.message).not.toContain('secret');
    }
  });

  it('refuses bidi control characters in project names, on create and on rename, and stores nothing', async () => {
    const { id } = (await server.ok(CREATE, { input: { name: 'bidi target' } })).createProject;
    const before = (await server.ok(`{ projects { id name } }`)).projects;
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    for (const c of controls) {
      const name = `invoice${c}fdp.exe`;
      const created = await server.gql(CREATE, { input: { name } });
      expect(created.errors?.[0]?.extensions?.code, JSON.stringify(c)).toBe('BAD_USER_INPUT');
      expect(created.errors?.[0]?.message).toMatch(/bidirectional/);
      const renamed = await server.gql(`mutation ($id: ID!, $name: String) { updateProject(id: $id, input: { name: $name }) { name } }`, { id, name });
      expect(renamed.errors?.[0]?.extensions?.code, JSON.stringify(c)).toBe('BAD_USER_INPUT');
    }
    expect((await server.ok(`{ projects { id name } }`)).projects).toEqual(before);
    // Right-to-left text itself is fine: only the invisible controls are refused.
    expect((await server.ok(CREATE, { input: { name: 'مسرد المصطلحات' } })).createProject.name).toBe('مسرد المصطلحات');
  });

  it('reports unknown ids as NOT_FOUND and malformed ids as BAD_USER_INPUT', async () => {
    const [project, run, document] = [unknownId('Project'), unknownId('Run', 424_242), unknownId('Document')];
    for (const q of [`{ project(id: "${project}") { id } }`, `{ run(id: "${run}") { id } }`, `mutation { deleteProject(id: "${project}") }`, `mutation { removeDocument(id: "${document}") }`, `mutation { cancelRun(id: "${run}") { id } }`]) {
      const result = await server.gql(q);
      expect(result.errors?.[0]?.extensions?.code, q).toBe('NOT_FOUND');
    }
    // Malformed: not a global id at all, a bare database number (what ids were before), a
    // global id holding no row number. (Wrong types: tests/schema/ids.test.ts.)
    const notANumber = Buffer.from('Project:1.5').toString('base64');
    for (const q of [`{ project(id: "abc") { id } }`, `{ run(id: "-1") { id } }`, `{ project(id: "1") { id } }`, `mutation { deleteProject(id: "${notANumber}") }`]) {
      const result = await server.gql(q);
      expect(result.errors?.[0]?.extensions?.code, q).toBe('BAD_USER_INPUT');
    }
  });

  it('rejects a wrong enum value with a stable validation code', async () => {
    const literal = await server.gql(`mutation { startRun(input: { projectId: "1", scope: EVERYTHING }) { id } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const variable = await server.gql(`mutation ($scope: RunScope!) { startRun(input: { projectId: "1", scope: $scope }) { id } }`, { scope: 'EVERYTHING' });
    expect(variable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.errors?.[0]?.message).toMatch(/RunScope/);
  });
});

describe('documents', () => {
  it('adds documents, lists them by name and removes one', async () => {
    const project = await createProject('Docs');
    const added = await server.ok(ADD, {
      projectId: project.id,
      documents: [
        { fileName: 'b.md', content: '# B\n\nSecond.' },
        { fileName: './guide\\a.md', content: '\ufeff# A\r\n\r\nFirst.' },
      ],
    });
    expect(added.addDocuments.map((d: { fileName: string }) => d.fileName)).toEqual(['b.md', 'guide/a.md']);
    const listed = await server.ok(`query ($id: ID!) { project(id: $id) { documentCount documents { fileName content } } }`, { id: project.id });
    expect(listed.project.documentCount).toBe(2);
    expect(listed.project.documents).toEqual([
      { fileName: 'b.md', content: '# B\n\nSecond.' },
      { fileName: 'guide/a.md', content: '# A\n\nFirst.' },
    ]);
    const removed = await server.ok(`mutation ($id: ID!) { removeDocument(id: $id) }`, { id: added.addDocuments[0].id });
    expect(removed.removeDocument).toBe(added.addDocuments[0].id);
  });

  it('is all-or-nothing: one bad document refuses the whole request and stores nothing', async () => {
    const project = await createProject('All or nothing');
    await server.ok(ADD, { projectId: project.id, documents: [{ fileName: 'kept.md', content: 'kept' }] });

    const cases: [{ fileName: string; content: string }[], RegExp][] = [
      [[], /must not be empty/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'new.md', content: 'again' }], /more than once/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'kept.md', content: 'clash' }], /already has a document named "kept.md"/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'empty.md', content: '  \n ' }], /empty/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'big.md', content: 'x'.repeat(2001) }], /over the limit of 2000 bytes/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'bin.md', content: 'PK\u0003\u0004\u0000\u0000' }], /does not look like text/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: '../etc/passwd', content: 'x' }], /must not contain/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: '/abs.md', content: 'x' }], /relative/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'nul.md', content: '\u0000\u0000' }], /does not look like text/],
      [[{ fileName: 'new.md', content: 'ok' }, { fileName: 'evil\u202edm.txt.md', content: 'x' }], /bidirectional control characters/],
      [Array.from({ length: 5 }, (_, i) => ({ fileName: `many-${i}.md`, content: 'x' })), /Too many documents.*limit of 5/],
    ];
    for (const [documents, message] of cases) {
      const result = await server.gql(ADD, { projectId: project.id, documents });
      expect(result.errors?.[0]?.extensions?.code, message.source).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    const after = await server.ok(`query ($id: ID!) { project(id: $id) { documents { fileName } } }`, { id: project.id });
    expect(after.project.documents).toEqual([{ fileName: 'kept.md' }]);
  });

  it('lists every problem of a refused request in extensions.problems', async () => {
    const project = await createProject('Problems');
    const result = await server.gql(ADD, {
      projectId: project.id,
      documents: [
        { fileName: 'a.md', content: '' },
        { fileName: 'b.md', content: 'fine' },
        { fileName: 'b.md', content: 'dup' },
      ],
    });
    const problems = result.errors?.[0]?.extensions?.problems as { fileName: string; reason: string; rule?: string }[];
    expect(problems.map((p) => [p.fileName, p.reason, p.rule])).toEqual([
      ['a.md', 'INVALID_DOCUMENT', 'EMPTY'],
      ['b.md', 'DUPLICATE_NAME', undefined],
    ]);
  });

  it('addDocuments on an unknown project is NOT_FOUND', async () => {
    const result = await server.gql(ADD, { projectId: unknownId('Project', 987_654), documents: [{ fileName: 'a.md', content: 'x' }] });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
