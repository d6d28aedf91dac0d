// The newcomer's path, in a real Chromium against a real server: create a project, upload a
// Japanese and an English file, run FULL and watch progress move through the four steps while log
// lines arrive (the glossary badge going from Never run to Up to date, and to Needs re-run after
// another upload), open the refined glossary, edit a definition, download the Markdown and TBX exports.
// The model is the stub server answering every question after a short delay, so each step lasts
// long enough to be seen (the offline engine can finish a step between two progress messages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubLlmServer, type StubServer } from '../llm/stub-llm-server';
import { useConsole } from './support/console';
import { expectVisible } from './support/page-helpers';
import { ENGLISH_DOC, JAPANESE_DOC } from './support/seed';

let model: StubServer;
beforeAll(async () => {
  model = await startStubLlmServer({ delayMs: 60 });
});
afterAll(async () => {
  await model?.close();
});

const world = useConsole(() => ({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest' }));

describe('newcomer path', { timeout: 180_000 }, () => {
  it('create → upload → run FULL with live progress and logs → edit a refined definition → download Markdown', async () => {
    const { page } = await world.open('/');
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Coffee glossary');
    await dialog.getByRole('textbox', { name: 'Engine' }).click();
    await page.getByRole('option', { name: 'Ollama' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/projects\/[^/]+\/files$/);

    await page.locator('input[type=file]').setInputFiles([
      { name: JAPANESE_DOC.fileName, mimeType: 'text/markdown', buffer: Buffer.from(JAPANESE_DOC.content) },
      { name: ENGLISH_DOC.fileName, mimeType: 'text/markdown', buffer: Buffer.from(ENGLISH_DOC.content) },
    ]);
    const files = page.getByRole('table', { name: 'Files' });
    await expectVisible(files.getByText(JAPANESE_DOC.fileName, { exact: true }));
    await expectVisible(files.getByText(ENGLISH_DOC.fileName, { exact: true }));

    // Watch the run bar and the log panel: every text they show from the click on.
    const bar = page.getByRole('region', { name: 'Run', exact: true });
    await expectVisible(bar.getByLabel('Glossary: Never run'));
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      const main = document.getElementById('main')!;
      const snapshot = () => {
        const bar = main.querySelector('section[aria-label="Run"]');
        // The status badge and the progress line (step · item · percent).
        const status = bar?.querySelector('[aria-label^="Run status"]')?.textContent ?? '';
        const progress = bar?.querySelector('[aria-live="polite"]')?.textContent ?? '';
        const logText = main.querySelector('section[aria-label="Run log"]')?.textContent ?? '';
        const counts = /([\d,]+) of ([\d,]+) lines/.exec(logText);
        seen.push(JSON.stringify({ status, progress, lines: counts ? Number(counts[2]!.replaceAll(',', '')) : 0 }));
      };
      new MutationObserver(snapshot).observe(main, { childList: true, characterData: true, subtree: true });
    });
    await bar.getByRole('button', { name: 'Run', exact: true }).click();
    await expectVisible(bar.getByLabel('Run status: Completed'), 60_000);
    // The glossary badge follows the run's end, then this console's own upload (issue 12).
    await expectVisible(bar.getByLabel('Glossary: Up to date'));

    const seen = (await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).map(
      (s) => JSON.parse(s) as { status: string; progress: string; lines: number },
    );
    const whileRunning = seen.filter((s) => s.status === 'Running');
    // Progress named each step, in pipeline order (the last one may first show with the final status).
    const firstSeen = ['Extract', 'Provisional', 'Issues', 'Refined'].map((step) => seen.findIndex((s) => s.progress.startsWith(`${step} ·`)));
    expect(firstSeen.every((i) => i >= 0), `progress seen: ${[...new Set(seen.map((s) => s.progress))].join(' / ')}`).toBe(true);
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
    // Log lines arrived while the run was running, and kept arriving.
    expect(new Set(whileRunning.map((s) => s.lines).filter((n) => n > 0)).size).toBeGreaterThan(1);

    await page.locator('input[type=file]').setInputFiles([
      { name: 'late.md', mimeType: 'text/markdown', buffer: Buffer.from('# Late\n\nThe **cupping score** rates a brew.\n') },
    ]);
    await expectVisible(files.getByText('late.md', { exact: true }));
    await expectVisible(bar.getByLabel('Glossary: Needs re-run from Extract'));

    // The refined glossary: open the first entry and edit its definition.
    await page.getByRole('link', { name: 'Refined' }).click();
    const open = page.getByRole('button', { name: /^Open / }).first();
    await expectVisible(open);
    const term = ((await open.getAttribute('aria-label')) ?? '').replace(/^Open /, '');
    await open.click();
    // The entry's detail opens as a side panel (role dialog, not modal: the table behind stays usable).
    const detail = page.getByRole('dialog');
    await detail.getByRole('button', { name: `Edit the definition of ${term}` }).click();
    const edited = `A definition written in the console for ${term} — 手で書いた定義。`;
    await detail.getByRole('textbox', { name: `Definition of ${term}` }).fill(edited);
    await detail.getByRole('button', { name: 'Save' }).click();
    await expectVisible(detail.getByText(edited));

    // The Markdown export has the edited text at once, without another run.
    await page.getByRole('link', { name: 'Export' }).click();
    const downloadOf = async (format: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download ${format}` }).click()]);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
      return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
    };
    const markdown = await downloadOf('Markdown');
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text).toContain(term);
    expect(markdown.text).toContain(edited);
    // TBX-Core for termbase tools: the edited definition in the term's concept entry, XML-escaped.
    const tbx = await downloadOf('TBX');
    expect(tbx.name).toMatch(/\.tbx$/);
    expect(tbx.text).toMatch(/<tbx [^>]*type="TBX-Core"/);
    const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const entry = tbx.text.split('<conceptEntry').find((e) => e.includes(`<term>${xmlEscape(term)}</term>`));
    expect(entry, `a conceptEntry for ${term}`).toBeDefined();
    expect(entry).toContain(xmlEscape(edited));
  });
});
