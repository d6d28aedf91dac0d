// Synonym groups through a real server: every mutation and its errors, suggestions accepted and
// rejected, Term.synonymGroup, a run that folds a group into one entry in the exports, and the
// role the mutations need.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from '../support/glossary-runs';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { unknownId } from '../support/ids';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipeline', 'fixtures', 'synonyms');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
const GROUP = 'id primary members createdAt';

async function fixtureDocuments(): Promise<{ fileName: string; content: string }[]> {
  return Promise.all(['en.md', 'ja.md'].map(async (fileName) => ({ fileName, content: await readFile(path.join(FIXTURES, fileName), 'utf8') })));
}

/** A project with the EN + JA fixture, extracted. */
async function extractedProject(name: string, scope = 'EXTRACT'): Promise<string> {
  const { createProject } = await server.ok(`mutation ($n: String!) { createProject(input: { name: $n }) { id } }`, { n: name });
  await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, { p: createProject.id, d: await fixtureDocuments() });
  expect(await runToEnd(server, createProject.id, scope)).toBe('COMPLETED');
  return createProject.id;
}

const create = (p: string, primary: string, members: string[]) =>
  server.gql(`mutation ($p: ID!, $primary: String!, $m: [String!]!) { createSynonymGroup(projectId: $p, primary: $primary, members: $m) { ${GROUP} } }`, { p, primary, m: members });

describe('synonym group mutations', () => {
  let projectId: string;
  beforeAll(async () => {
    projectId = await extractedProject('Groups A');
  });

  it('createSynonymGroup stores the group by key; the terms and the project show it', async () => {
    const res = await create(projectId, 'virtual DOM', [' 仮想 DOM ', '仮想DOM']);
    expect(res.errors).toBeUndefined();
    const group = res.data.createSynonymGroup;
    expect(group).toMatchObject({ primary: 'virtual DOM', members: ['仮想 DOM'] });
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { synonymGroups { id primary members } terms { text synonymGroup { id } } } }`, { id: projectId });
    expect(project.synonymGroups).toEqual([{ id: group.id, primary: 'virtual DOM', members: ['仮想 DOM'] }]);
    const groupOf = (text: string) => project.terms.find((t: any) => t.text === text)?.synonymGroup;
    expect(groupOf('virtual DOM')).toEqual({ id: group.id });
    expect(groupOf('仮想 DOM')).toEqual({ id: group.id });
    expect(groupOf('component')).toBeNull();

    // A term already grouped cannot join a second group, whichever spelling names it.
    const conflict = await create(projectId, 'component', ['仮想dom']);
    expect(codeOf(conflict)).toBe('SYNONYM_CONFLICT');
    expect(conflict.errors?.[0]?.extensions).toMatchObject({ groupIds: [group.id] });

    await server.ok(`mutation ($g: ID!) { deleteSynonymGroup(groupId: $g) }`, { g: group.id });
  });

  it('refuses groups of one, unknown terms, bad text and ids, and changes nothing', async () => {
    const cases: [Promise<any>, string][] = [
      [create(projectId, 'virtual DOM', []), 'GROUP_TOO_SMALL'],
      [create(projectId, 'virtual DOM', ['Virtual-DOM', 'virtual dom']), 'GROUP_TOO_SMALL'],
      [create(projectId, 'virtual DOM', ['quantum flux']), 'UNKNOWN_TERM'],
      [create(projectId, 'no such term', ['virtual DOM']), 'UNKNOWN_TERM'],
      [create(projectId, 'virtual DOM', [' \u0007 ']), 'BAD_USER_INPUT'],
      [create(projectId, ' ', ['virtual DOM']), 'BAD_USER_INPUT'],
      [create(unknownId('Project'), 'virtual DOM', ['仮想 DOM']), 'NOT_FOUND'],
      [create('not-an-id', 'virtual DOM', ['仮想 DOM']), 'BAD_USER_INPUT'],
    ];
    for (const [pending, code] of cases) expect(codeOf(await pending)).toBe(code);
    const unknown = await create(projectId, 'virtual DOM', ['quantum flux', 'tachyon']);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ terms: ['quantum flux', 'tachyon'] });
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { synonymGroups { id } } }`, { id: projectId });
    expect(project.synonymGroups).toEqual([]);
  });

  it('addSynonymMembers, removeSynonymMembers, setSynonymPrimary and deleteSynonymGroup, with their errors', async () => {
    const group = (await create(projectId, 'virtual DOM', ['仮想 DOM'])).data.createSynonymGroup;
    const g = group.id;
    const add = (members: string[], id = g) => server.gql(`mutation ($g: ID!, $m: [String!]!) { addSynonymMembers(groupId: $g, members: $m) { ${GROUP} } }`, { g: id, m: members });
    const remove = (members: string[], id = g) => server.gql(`mutation ($g: ID!, $m: [String!]!) { removeSynonymMembers(groupId: $g, members: $m) { ${GROUP} } }`, { g: id, m: members });
    const primary = (text: string, id = g) => server.gql(`mutation ($g: ID!, $p: String!) { setSynonymPrimary(groupId: $g, primary: $p) { ${GROUP} } }`, { g: id, p: text });
    const del = (id = g) => server.gql(`mutation ($g: ID!) { deleteSynonymGroup(groupId: $g) }`, { g: id });

    expect((await add(['virtual DOM tree', '仮想 DOM'])).data.addSynonymMembers).toMatchObject({ primary: 'virtual DOM', members: ['仮想 DOM', 'virtual DOM tree'] });
    expect(codeOf(await add(['quantum flux']))).toBe('UNKNOWN_TERM');
    expect(codeOf(await add([]))).toBe('BAD_USER_INPUT');
    const other = (await create(projectId, 'component', ['Components'])).data.createSynonymGroup;
    expect(codeOf(await add(['component']))).toBe('SYNONYM_CONFLICT');
    expect(codeOf(await add(['仮想 DOM'], other.id))).toBe('SYNONYM_CONFLICT');

    expect((await primary('仮想 DOM')).data.setSynonymPrimary).toMatchObject({ primary: '仮想 DOM', members: ['virtual DOM', 'virtual DOM tree'] });
    expect(codeOf(await primary('component'))).toBe('BAD_USER_INPUT');

    expect((await remove(['virtual DOM tree'])).data.removeSynonymMembers).toMatchObject({ primary: '仮想 DOM', members: ['virtual DOM'] });
    expect(codeOf(await remove(['virtual DOM']))).toBe('GROUP_TOO_SMALL');
    expect(codeOf(await remove(['仮想 DOM']))).toBe('BAD_USER_INPUT');
    expect(codeOf(await remove(['component']))).toBe('BAD_USER_INPUT');

    const missing = unknownId('SynonymGroup');
    for (const res of [await add(['virtual DOM'], missing), await remove(['virtual DOM'], missing), await primary('virtual DOM', missing), await del(missing)]) {
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    expect(codeOf(await del(projectId))).toBe('BAD_USER_INPUT');

    expect((await del()).data.deleteSynonymGroup).toBe(g);
    expect(codeOf(await del())).toBe('NOT_FOUND');
    await del(other.id);
  });

  it('suggestions are the automatic aliases; accept makes a group, reject splits one off, and neither is offered again', async () => {
    const SUGGESTED = `query ($id: ID!) { project(id: $id) { suggestedSynonymGroups { primary members reason memberReasons { text reason } } } }`;
    const suggested = async () => (await server.ok(SUGGESTED, { id: projectId })).project.suggestedSynonymGroups as any[];
    const before = await suggested();
    expect(before).toEqual(
      expect.arrayContaining([
        { primary: 'Document Object Model', members: ['DOM'], reason: 'ABBREVIATION', memberReasons: [{ text: 'DOM', reason: 'ABBREVIATION' }] },
        { primary: 'component', members: ['Components'], reason: 'PLURAL', memberReasons: [{ text: 'Components', reason: 'PLURAL' }] },
      ]),
    );

    const accepted = await server.ok(`mutation ($p: ID!) { acceptSuggestedSynonymGroup(projectId: $p, primary: "Document Object Model") { ${GROUP} } }`, { p: projectId });
    expect(accepted.acceptSuggestedSynonymGroup).toMatchObject({ primary: 'Document Object Model', members: ['DOM'] });
    expect((await suggested()).map((s) => s.primary)).not.toContain('Document Object Model');
    const again = await server.gql(`mutation ($p: ID!) { acceptSuggestedSynonymGroup(projectId: $p, primary: "Document Object Model") { id } }`, { p: projectId });
    expect(codeOf(again)).toBe('NOT_FOUND');

    const REJECT = `mutation ($p: ID!, $primary: String!, $member: String!) { rejectSuggestedSynonymGroup(projectId: $p, primary: $primary, member: $member) { id } }`;
    const rejected = await server.ok(REJECT, { p: projectId, primary: 'component', member: 'Components' });
    expect(rejected.rejectSuggestedSynonymGroup.id).toBe(projectId);
    expect((await suggested()).map((s) => s.primary)).not.toContain('component');
    // Rejecting twice is harmless; unknown primaries and members that are no alias of it are refused.
    expect((await server.gql(REJECT, { p: projectId, primary: 'component', member: 'components' })).errors).toBeUndefined();
    expect(codeOf(await server.gql(REJECT, { p: projectId, primary: 'quantum flux', member: 'QF' }))).toBe('UNKNOWN_TERM');
    expect(codeOf(await server.gql(REJECT, { p: projectId, primary: 'component', member: 'virtual DOM' }))).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(REJECT, { p: unknownId('Project'), primary: 'component', member: 'Components' }))).toBe('NOT_FOUND');

    // The split holds through a re-extraction.
    expect(await runToEnd(server, projectId, 'EXTRACT')).toBe('COMPLETED');
    expect((await suggested()).map((s) => s.primary)).not.toContain('component');
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { terms { text aliases } } }`, { id: projectId });
    expect(project.terms.find((t: any) => t.text === 'component')?.aliases ?? []).not.toContain('Components');
  });
});

describe('a group through a run', () => {
  it('folds the member into the primary entry, listed as an alias in every export', async () => {
    const projectId = await extractedProject('Groups B');
    const res = await create(projectId, 'virtual DOM', ['仮想 DOM']);
    expect(res.errors).toBeUndefined();
    expect(await runToEnd(server, projectId, 'FROM_TERMS')).toBe('COMPLETED');
    const { project } = await server.ok(
      `query ($id: ID!) { project(id: $id) { refinedEntries { term aliases } provisionalEntries { term } exportMarkdown exportJson exportCsv exportTbx } }`,
      { id: projectId },
    );
    expect(project.provisionalEntries.map((e: any) => e.term)).not.toContain('仮想 DOM');
    expect(project.refinedEntries.find((e: any) => e.term === 'virtual DOM')?.aliases).toContain('仮想 DOM');
    expect(project.refinedEntries.map((e: any) => e.term)).not.toContain('仮想 DOM');
    expect(project.exportMarkdown).toMatch(/## virtual DOM\n[\s\S]*?\*\*Aliases:\*\* [^\n]*仮想 DOM/);
    const json = JSON.parse(project.exportJson);
    expect(json.terms.map((t: any) => t.text)).not.toContain('仮想 DOM');
    expect(json.terms.find((t: any) => t.text === 'virtual DOM').aliases).toContain('仮想 DOM');
    expect(project.exportCsv).toMatch(/\r\nvirtual DOM,[^\r]*仮想 DOM/);
    expect(project.exportTbx.split('<conceptEntry').find((c: string) => c.includes('<term>virtual DOM</term>'))).toContain('<term>仮想 DOM</term>');
  });
});
