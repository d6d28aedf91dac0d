// Issue 12 in the console, in a real Chromium against a real server (offline engine): merging two
// terms on the Terms page gives one refined entry with the other as its alias; the engine's
// suggested groups are accepted and rejected (and a rejection holds through re-extraction); a
// coded refusal reads as a sentence; the run bar's glossary badge follows changes made by another
// client live; the automatic-extraction switch persists.
import { describe, expect, it } from 'vitest';
import { useConsole } from './support/console';
import { expectHidden, expectVisible, POLL } from './support/page-helpers';
import { addDocuments, createProject, runState, startRun } from './support/seed';

const world = useConsole();

/** Terms the offline engine finds here: "virtual DOM" and "仮想 DOM" (the example) as two
 *  terms, and automatic aliases it offers as suggestions: DOM (an abbreviation) and nodes (a plural). */
const RENDERING_DOC = {
  fileName: 'rendering.md',
  content: [
    '# Rendering',
    '',
    'The virtual DOM is a light copy of the page. React compares the virtual DOM with the previous one.',
    '',
    'A Document Object Model (DOM) tree holds every node. The DOM tree changes when a component renders.',
    '',
    '## Components',
    '',
    'Components render nodes. A component keeps its state. Reconciliation compares two virtual DOM trees. Reconciliation is fast.',
    '',
    '仮想 DOM は画面の軽い写しです。仮想 DOM を比べて差分を DOM に反映します。',
    '',
  ].join('\n'),
};

/** A project with the rendering document, after a completed run of `scope` (through the API). */
async function extractedProject(name: string, scope = 'EXTRACT'): Promise<string> {
  const projectId = await createProject(world.server, name);
  await addDocuments(world.server, projectId, [RENDERING_DOC]);
  const runId = await startRun(world.server, projectId, scope);
  await expect.poll(async () => (await runState(world.server, runId)).status, POLL).toBe('COMPLETED');
  return projectId;
}

async function terms(projectId: string): Promise<{ text: string; aliases: string[] }[]> {
  const { project } = await world.server.ok<{ project: { terms: { text: string; aliases: string[] }[] } }>(
    `query ($id: ID!) { project(id: $id) { terms { text aliases } } }`,
    { id: projectId },
  );
  return project.terms;
}

describe('synonym groups in the console', { timeout: 180_000 }, () => {
  it('merges two selected terms; after a run the refined glossary has one entry with the other as its alias', async () => {
    const projectId = await extractedProject('Merge', 'FULL');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/terms`);
    const bar = page.getByRole('region', { name: 'Run', exact: true });
    await expectVisible(bar.getByLabel('Glossary: Up to date'));

    await page.getByRole('checkbox', { name: 'Select virtual DOM', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select 仮想 DOM', exact: true }).check();
    const toolbar = page.getByRole('toolbar', { name: 'Selected terms' });
    await expectVisible(toolbar.getByText('2 terms selected'));
    await toolbar.getByRole('button', { name: 'Merge as synonyms' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge as synonyms' });
    await dialog.getByRole('radio', { name: 'virtual DOM', exact: true }).check();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expectHidden(dialog);

    const groups = page.getByRole('list', { name: 'Synonym groups' });
    const group = groups.getByRole('listitem', { name: 'virtual DOM', exact: true });
    await expectVisible(group.getByText('仮想 DOM', { exact: true }));
    // The group is stored; the glossary is stale until the provisional step runs again (live).
    await expectVisible(bar.getByLabel('Glossary: Needs re-run from Provisional'));

    await bar.getByRole('button', { name: 'Run', exact: true }).click();
    await expectVisible(bar.getByLabel('Run status: Completed'), 90_000);
    await expectVisible(bar.getByLabel('Glossary: Up to date'));

    await page.getByRole('link', { name: 'Refined' }).click();
    const refined = page.getByRole('table', { name: 'Refined', exact: true });
    const entry = refined.getByRole('row').filter({ has: page.getByRole('button', { name: 'Open virtual DOM', exact: true }) });
    await expectVisible(entry);
    await expect.poll(async () => entry.getByText('仮想 DOM', { exact: true }).count(), POLL).toBe(1);
    expect(await refined.getByRole('button', { name: 'Open 仮想 DOM', exact: true }).count()).toBe(0);
  });

  it('accepts one suggestion and rejects another; the rejection holds through re-extraction; a conflict reads as a sentence', async () => {
    const projectId = await extractedProject('Suggestions');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/terms`);
    const suggestions = page.getByRole('list', { name: 'Suggested synonyms' });
    const groups = page.getByRole('list', { name: 'Synonym groups' });

    // Accept: the engine's DOM alias becomes a group, and leaves the suggestions.
    const dom = suggestions.getByRole('listitem', { name: 'Document Object Model', exact: true });
    await expectVisible(dom.getByText('abbreviation'));
    await dom.getByRole('button', { name: 'Accept the suggested group of Document Object Model' }).click();
    await expectVisible(groups.getByRole('listitem', { name: 'Document Object Model', exact: true }).getByText('DOM', { exact: true }));
    await expectHidden(dom);

    // Reject: "nodes" is not to be folded into "node".
    const node = suggestions.getByRole('listitem', { name: 'node', exact: true });
    await node.getByRole('button', { name: 'Not a synonym: split nodes from node' }).click();
    await expectHidden(node);

    // Re-extract from the Terms page: the rejected alias is not offered again, nor merged.
    const bar = page.getByRole('region', { name: 'Run', exact: true });
    await page.getByRole('button', { name: 'Re-run Extract' }).click();
    await expectVisible(bar.getByLabel('Run status: Completed'), 90_000);
    await expect.poll(async () => (await terms(projectId)).find((t) => t.text === 'node')?.aliases, POLL).not.toContain('nodes');
    await expectVisible(suggestions.getByRole('listitem', { name: 'component', exact: true }));
    expect(await suggestions.getByRole('listitem', { name: 'node', exact: true }).count()).toBe(0);
    await expectVisible(groups.getByRole('listitem', { name: 'Document Object Model', exact: true }));

    // Two terms of two different groups cannot make a third: the dialog says why, in words.
    await page.getByRole('checkbox', { name: 'Select virtual DOM', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select 仮想 DOM', exact: true }).check();
    await page.getByRole('button', { name: 'Merge as synonyms' }).click();
    let dialog = page.getByRole('dialog', { name: 'Merge as synonyms' });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expectHidden(dialog);
    await page.getByRole('checkbox', { name: 'Select virtual DOM', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select Document Object Model', exact: true }).check();
    await page.getByRole('button', { name: 'Merge as synonyms' }).click();
    dialog = page.getByRole('dialog', { name: 'Merge as synonyms' });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expectVisible(dialog.getByRole('alert').getByText(/already in another synonym group/));
  });

  it('the glossary badge follows another client live: a document added, then removed, then a run', async () => {
    const projectId = await extractedProject('Live badge', 'FULL');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/files`);
    const bar = page.getByRole('region', { name: 'Run', exact: true });
    await expectVisible(bar.getByLabel('Glossary: Up to date'));

    // Another client (this test, over HTTP) adds a document: the open page is told.
    await addDocuments(world.server, projectId, [{ fileName: 'late.md', content: '# Late\n\nThe **cupping score** rates a brew.\n' }]);
    const stale = bar.getByLabel('Glossary: Needs re-run from Extract');
    await expectVisible(stale);
    await stale.hover();
    await expectVisible(page.getByRole('tooltip').getByText('Documents were added after the last extraction'));

    // … and removes the extracted one: that reason is named too.
    const { project } = await world.server.ok<{ project: { documents: { id: string; fileName: string }[] } }>(
      `query ($id: ID!) { project(id: $id) { documents { id fileName } } }`,
      { id: projectId },
    );
    const extracted = project.documents.find((d) => d.fileName === RENDERING_DOC.fileName)!;
    await world.server.ok(`mutation ($id: ID!) { removeDocument(id: $id) }`, { id: extracted.id });
    await page.mouse.move(0, 0);
    await stale.hover();
    await expectVisible(page.getByRole('tooltip').getByText('Documents were removed after the last extraction'));

    await bar.getByRole('button', { name: 'Run', exact: true }).click();
    await expectVisible(bar.getByLabel('Run status: Completed'), 90_000);
    await expectVisible(bar.getByLabel('Glossary: Up to date'));
  });

  it('the automatic-extraction switch is off by default and persists', async () => {
    const projectId = await createProject(world.server, 'Auto extract');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/settings`);
    const toggle = page.getByRole('switch', { name: 'Extract new documents automatically' });
    await expectVisible(toggle);
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check({ force: true });
    const stored = async () =>
      (await world.server.ok<{ project: { autoExtract: boolean } }>(`query ($id: ID!) { project(id: $id) { autoExtract } }`, { id: projectId })).project.autoExtract;
    await expect.poll(stored, POLL).toBe(true);

    await page.reload();
    await expectVisible(toggle);
    await expect.poll(() => toggle.isChecked(), POLL).toBe(true);
    await toggle.uncheck({ force: true });
    await expect.poll(stored, POLL).toBe(false);
  });
});
