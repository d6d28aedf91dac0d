// Console pages in a real Chromium: a refused upload shows the server's message per file, the
// document viewer highlights terms, opens their card and marks ?line=, the provisional and refined
// glossaries each show what is their own, the run history filters, and the UI speaks Japanese to a
// Japanese browser.
import { describe, expect, it } from 'vitest';
import { useConsole } from './support/console';
import { expectHidden, expectText, expectVisible, POLL } from './support/page-helpers';
import { addDocuments, createProject, ENGLISH_DOC, JAPANESE_DOC, runState, startRun } from './support/seed';

const world = useConsole();

interface Finished {
  projectId: string;
  runId: string;
}
let finishedRun: Promise<Finished> | undefined;

/** A project with a completed FULL run (offline engine), made once for the tests that read it. */
function finished(): Promise<Finished> {
  finishedRun ??= (async () => {
    const projectId = await createProject(world.server, 'Coffee');
    await addDocuments(world.server, projectId, [ENGLISH_DOC, JAPANESE_DOC]);
    const runId = await startRun(world.server, projectId);
    await expect.poll(async () => (await runState(world.server, runId)).status, POLL).toBe('COMPLETED');
    return { projectId, runId };
  })();
  return finishedRun;
}

describe('console pages', { timeout: 180_000 }, () => {
  it('a refused upload shows the server’s message for the file, and adds nothing', async () => {
    const projectId = await createProject(world.server, 'Uploads');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/files`);
    await page.locator('input[type=file]').setInputFiles([
      { name: 'good.md', mimeType: 'text/markdown', buffer: Buffer.from('# Good\n\nA fine document.\n') },
      { name: 'blank.md', mimeType: 'text/markdown', buffer: Buffer.from('   \n\n') },
    ]);
    const alert = page.getByRole('alert').filter({ hasText: 'None of the 2 file(s) was added' });
    await expectVisible(alert);
    await expectVisible(alert.getByText('blank.md is empty'));
    const { project } = await world.server.ok<{ project: { documentCount: number } }>(`query ($id: ID!) { project(id: $id) { documentCount } }`, { id: projectId });
    expect(project.documentCount).toBe(0);
  });

  it('the document viewer highlights terms, opens a term’s card and marks ?line=', async () => {
    const { projectId } = await finished();
    const { project } = await world.server.ok<{
      project: { documents: { id: string; fileName: string }[]; terms: { id: string; text: string; occurrences: { fileName: string; line: number }[] }[] };
    }>(`query ($id: ID!) { project(id: $id) { documents { id fileName } terms { id text occurrences { fileName line } } } }`, { id: projectId });
    const doc = project.documents.find((d) => d.fileName === ENGLISH_DOC.fileName)!;
    const term = project.terms.find((t) => t.occurrences.some((o) => o.fileName === doc.fileName) && /^[A-Za-z ]+$/.test(t.text))!;
    expect(term).toBeDefined();
    const line = term.occurrences.find((o) => o.fileName === doc.fileName)!.line;

    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(doc.id)}?line=${line}`);
    const article = page.getByRole('article', { name: doc.fileName });
    const marked = article.locator('[aria-current="location"]');
    await expectVisible(marked);
    await expectText(marked, ENGLISH_DOC.content.split('\n')[line - 1]!.slice(0, 20));

    await article.getByRole('button', { name: term.text, exact: false }).first().click();
    const card = page.getByRole('complementary', { name: `Term: ${term.text}` });
    await expectVisible(card);
    await expectVisible(card.getByText('Definition'));
    expect(new URL(page.url()).searchParams.get('term')).toBe(term.id);

    // It loads the text of the document it shows, not the project's other documents.
    const bodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/graphql' && response.request().method() === 'POST') bodies.push(response.text());
    });
    await page.reload();
    await expectVisible(article.locator('[aria-current="location"]'));
    const answers = await Promise.all(bodies);
    // Whole texts, as JSON strings (occurrence contexts quote single lines of any document).
    expect(answers.some((b) => b.includes(JSON.stringify(ENGLISH_DOC.content)))).toBe(true);
    expect(answers.some((b) => b.includes(JSON.stringify(JAPANESE_DOC.content)))).toBe(false);
  });

  it('the document viewer’s term card links each other line once, however often the term is used there', async () => {
    const { projectId } = await finished();
    const { project } = await world.server.ok<{
      project: { documents: { id: string; fileName: string }[]; terms: { id: string; text: string; occurrences: { fileName: string; line: number }[] }[] };
    }>(`query ($id: ID!) { project(id: $id) { documents { id fileName } terms { id text occurrences { fileName line } } } }`, { id: projectId });
    const doc = project.documents.find((d) => d.fileName === ENGLISH_DOC.fileName)!;
    // "First crack marks the start … Development time follows first crack.": twice on one line.
    const twice = project.terms.find((t) => {
      const lines = t.occurrences.filter((o) => o.fileName === doc.fileName).map((o) => o.line);
      return lines.length > new Set(lines).size;
    })!;
    expect(twice).toBeDefined();
    const lines = twice.occurrences.filter((o) => o.fileName === doc.fileName).map((o) => o.line);
    const repeated = lines.find((l, i) => lines.indexOf(l) !== i)!;
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(doc.id)}?line=1&term=${encodeURIComponent(twice.id)}`);
    const card = page.getByRole('complementary', { name: `Term: ${twice.text}` });
    await expectVisible(card);
    expect(await card.getByRole('link', { name: `${doc.fileName}:${repeated}`, exact: true }).count()).toBe(1);
  });

  it('the document viewer does not show a document of another project', async () => {
    const { projectId } = await finished();
    const other = await createProject(world.server, 'Elsewhere');
    await addDocuments(world.server, other, [{ fileName: 'elsewhere.md', content: '# Elsewhere\n\nA document of another project.\n' }]);
    const { project } = await world.server.ok<{ project: { documents: { id: string }[] } }>(`query ($id: ID!) { project(id: $id) { documents { id } } }`, { id: other });
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(project.documents[0]!.id)}`);
    await expectVisible(page.getByText('This document is not in the project (any more).'));
    expect(await page.getByText('A document of another project.').count()).toBe(0);
  });

  it('the provisional glossary marks an edit, says when the search hides every entry, and lists the review’s issues where the refined one lists unresolved ones', async () => {
    const { projectId } = await finished();
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/provisional`);
    const table = page.getByRole('table', { name: 'Provisional', exact: true });
    const open = table.getByRole('button', { name: /^Open / }).first();
    await expectVisible(open);
    const term = ((await open.getAttribute('aria-label')) ?? '').replace(/^Open /, '');
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Open ${term}`, exact: true }) });
    await row.getByRole('button', { name: `Edit the definition of ${term}` }).click();
    const edited = `Written on the provisional page for ${term}.`;
    await row.getByRole('textbox', { name: `Definition of ${term}` }).fill(edited);
    await row.getByRole('button', { name: 'Save' }).click();
    await expectVisible(row.getByText(edited));
    await expectVisible(row.getByText('edited', { exact: true }));
    expect(await table.getByRole('columnheader', { name: 'Unresolved' }).count()).toBe(0);

    await row.getByRole('button', { name: `Open ${term}`, exact: true }).click();
    const detail = page.getByRole('dialog');
    await expectVisible(detail.getByText('Issues found by the review'));
    expect(await detail.getByText('Unresolved issues').count()).toBe(0);
    // One heading names the entry (the drawer's own title, not a heading nested inside it).
    expect(await detail.getByRole('heading', { name: term, exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expectHidden(detail);

    await page.getByRole('textbox', { name: 'Search the glossary' }).fill('no term is called this');
    await expectVisible(page.getByText('Nothing matches the search.'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('no term is called this');

    await page.goto(new URL(`/projects/${encodeURIComponent(projectId)}/refined`, world.origin).href);
    const refined = page.getByRole('table', { name: 'Refined', exact: true });
    await expectVisible(refined.getByRole('columnheader', { name: 'Unresolved' }));
    // An entry no sentence defines says so (first crack: its one sentence opens with it and says what it does).
    const undefinedRow = refined.getByRole('row').filter({ has: page.getByRole('button', { name: 'Open first crack', exact: true }) });
    await expectVisible(undefinedRow.getByText('No definition found in the documents.'));
    await refined.getByRole('button', { name: /^Open / }).first().click();
    await expectVisible(detail.getByText('Unresolved issues'));
    await expectVisible(detail.getByText('Related terms'));
    expect(await detail.getByText('Issues found by the review').count()).toBe(0);
  });

  it('the run history lists runs with their status and filters by status', async () => {
    const { projectId } = await finished();
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/runs`);
    const table = page.getByRole('table', { name: 'Run history' });
    await expectVisible(table.getByLabel('Run status: Completed'));
    await expectVisible(table.getByRole('link', { name: 'Full run' }));
    await page.getByRole('textbox', { name: 'Filter by status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await expectVisible(page.getByText('No run matches the filters.'));
    expect(new URL(page.url()).searchParams.get('status')).toBe('FAILED');
  });

  it('speaks Japanese to a Japanese browser', async () => {
    const { projectId, runId } = await finished();
    const { page } = await world.open('/', { locale: 'ja-JP' });
    await expectVisible(page.getByRole('button', { name: '新規プロジェクト' }));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.goto(new URL(`/projects/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(runId)}`, world.origin).href);
    await expectVisible(page.getByRole('link', { name: '実行履歴' }).first());
    const panel = page.getByRole('region', { name: '実行ログ' }).first();
    await expectText(panel.getByRole('status', { name: '接続' }), '終了');
    await expectVisible(page.getByRole('button', { name: 'もう一度実行' }));
  });
});
