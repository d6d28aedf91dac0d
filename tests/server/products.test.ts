// A FULL run with the offline engine on the demo documents, end to end through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
let projectId: string;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'true' });
  const { projects } = await server.ok(`{ projects { id } }`);
  projectId = projects[0].id;
});
afterAll(async () => {
  await server?.stop();
});

async function runToEnd(scope: string, extra: Record<string, unknown> = {}): Promise<{ id: string; status: string; error: string | null }> {
  const { startRun } = await server.ok(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, {
    input: { projectId, scope, ...extra },
  });
  const logs = await collect(server.ws(), `subscription ($id: ID!) { runLogs(runId: $id) { seq } }`, { id: startRun.id });
  expect(logs.completed).toBe(true);
  const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { id status error } }`, { id: startRun.id });
  return run;
}

describe('products of a FULL offline run', () => {
  it('stores terms with occurrences, provisional entries, issues and refined entries', async () => {
    const run = await runToEnd('FULL');
    expect(run).toMatchObject({ status: 'COMPLETED', error: null });
    const { project } = await server.ok(
      `query ($id: ID!) { project(id: $id) {
        terms { text rank language occurrences { fileName line context } }
        provisionalEntries { id term definition sources { fileName line } }
        issues { term type description }
        refinedEntries { term definition sources { fileName line } unresolvedIssues { type } }
      } }`,
      { id: projectId },
    );
    expect(project.terms.length).toBeGreaterThan(3);
    expect(project.terms.map((t: { rank: number }) => t.rank)).toEqual(project.terms.map((_: unknown, i: number) => i + 1));
    const texts = project.terms.map((t: { text: string }) => t.text.toLowerCase());
    expect(texts.some((t: string) => t.includes('roast') || t.includes('crack'))).toBe(true);
    expect(project.terms.some((t: { language: string }) => t.language === 'ja')).toBe(true);
    for (const t of project.terms) expect(t.occurrences.length).toBeGreaterThan(0);
    expect(project.provisionalEntries.length).toBeGreaterThan(0);
    expect(project.refinedEntries.length).toBeGreaterThan(0);
    // A term no sentence of its own defines or mentions has no text, and says so (issue 11).
    for (const e of project.refinedEntries) {
      if (e.definition.length === 0) expect(e.unresolvedIssues.map((i: { type: string }) => i.type)).toContain('MISSING');
    }
    expect(project.refinedEntries.some((e: { definition: string }) => e.definition.length > 0)).toBe(true);

    const exported = (await server.ok(`query ($id: ID!) { project(id: $id) { name exportMarkdown exportJson } }`, { id: projectId })).project;
    expect(exported.exportMarkdown.startsWith(`# ${exported.name}`)).toBe(true);
    expect(exported.exportMarkdown).toContain('offline');
    for (const e of project.refinedEntries) expect(exported.exportMarkdown).toContain(e.term);
    const json = JSON.parse(exported.exportJson) as { entries: unknown[]; terms: unknown[] };
    expect(json.entries).toHaveLength(project.refinedEntries.length);
    expect(json.terms).toHaveLength(project.terms.length);
    // Exporting twice gives the same bytes.
    const again = (await server.ok(`query ($id: ID!) { project(id: $id) { exportMarkdown } }`, { id: projectId })).project;
    expect(again.exportMarkdown).toBe(exported.exportMarkdown);

    // CSV and TBX: the same entries, from the same renderers the CLI uses.
    const more = (await server.ok(`query ($id: ID!) { project(id: $id) { exportCsv exportTbx } }`, { id: projectId })).project;
    expect(more.exportCsv.startsWith('\ufeffterm,language,definition,')).toBe(true);
    for (const e of project.refinedEntries) expect(more.exportCsv).toContain(e.term.replace(/"/g, '""'));
    expect(more.exportTbx).toContain('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core" style="dca"');
    expect(more.exportTbx.match(/<conceptEntry /g)).toHaveLength(project.refinedEntries.length);
  });

  it('exportTbx of a project without a glossary is NO_TERMS; exportCsv is the header row', async () => {
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "Empty export" }) { id } }`);
    const tbx = await server.gql(`query ($id: ID!) { project(id: $id) { exportTbx } }`, { id: createProject.id });
    expect(tbx.errors?.[0]?.extensions?.code).toBe('NO_TERMS');
    const csv = await server.ok(`query ($id: ID!) { project(id: $id) { exportCsv } }`, { id: createProject.id });
    expect(csv.project.exportCsv.split('\r\n')).toEqual([expect.stringContaining('term,language'), '']);
  });

  it('a user-edited definition survives a FROM_TERMS run; an excluded term does not come back', async () => {
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { terms { text } provisionalEntries { id term } } }`, { id: projectId });
    const entry = project.provisionalEntries[0];
    await server.ok(`mutation ($id: ID!) { updateProvisionalDefinition(id: $id, definition: "Edited by hand.") { id } }`, { id: entry.id });
    const victim = project.terms.at(-1).text as string;
    await server.ok(`mutation ($p: ID!, $t: String!) { excludeTerm(projectId: $p, text: $t) { key } }`, { p: projectId, t: victim });

    expect((await runToEnd('FROM_TERMS')).status).toBe('COMPLETED');
    expect((await runToEnd('FULL')).status).toBe('COMPLETED');
    const after = (await server.ok(`query ($id: ID!) { project(id: $id) { terms { text } provisionalEntries { term definition editedByUser } } }`, { id: projectId })).project;
    expect(after.terms.map((t: { text: string }) => t.text)).not.toContain(victim);
    expect(after.provisionalEntries.find((e: { term: string }) => e.term === entry.term)).toMatchObject({ definition: 'Edited by hand.', editedByUser: true });
  });

  it('EXTRACT with documentIds adds the terms of those documents and keeps the rest', async () => {
    const before = (await server.ok(`query ($id: ID!) { project(id: $id) { terms { key } } }`, { id: projectId })).project.terms.map((t: { key: string }) => t.key);
    const { addDocuments } = await server.ok(
      `mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`,
      {
        p: projectId,
        d: [{ fileName: 'cupping.md', content: '# Cupping\n\n**Cupping protocol** is how tasters score coffee. The cupping protocol fixes the brew ratio and the water temperature. A cupping protocol also fixes the grind size.\n' }],
      },
    );
    const run = await runToEnd('EXTRACT', { documentIds: [addDocuments[0].id] });
    expect(run.status).toBe('COMPLETED');
    const after = (await server.ok(`query ($id: ID!) { project(id: $id) { terms { key text } } }`, { id: projectId })).project.terms;
    const keys = after.map((t: { key: string }) => t.key);
    for (const key of before) expect(keys).toContain(key);
    expect(after.some((t: { text: string }) => /cupping/i.test(t.text))).toBe(true);
  });
});
