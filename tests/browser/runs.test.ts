// Runs in a real Chromium, held by a stub model server so they stay RUNNING as long as a test
// needs: stopping a run shows CANCELLED in the run bar and the history; a socket dropped mid-run
// resumes the log from the last seq it showed, with no gap and no duplicate.
import type { WebSocket as PwWebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoAnswer, startStubLlmServer, type StubServer } from '../llm/stub-llm-server';
import { useConsole } from './support/console';
import { dropWebSockets, expectText, expectVisible, logCounts, trackWebSockets, POLL } from './support/page-helpers';
import { addDocuments, createProject, ENGLISH_DOC, JAPANESE_DOC, runState, startRun } from './support/seed';

let model: StubServer;
beforeAll(async () => {
  model = await startStubLlmServer({ handler: () => ({ hang: true }) });
});
afterAll(async () => {
  await model?.close();
});

const world = useConsole(() => ({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest' }));

async function ollamaProject(name: string): Promise<string> {
  const projectId = await createProject(world.server, name, { engine: 'OLLAMA' });
  await addDocuments(world.server, projectId, [ENGLISH_DOC, JAPANESE_DOC]);
  return projectId;
}

/** The runLogBatches subscriptions the page sent, in order, with their afterSeq. */
function recordLogSubscriptions(ws: PwWebSocket, into: number[]) {
  ws.on('framesent', ({ payload }) => {
    if (typeof payload !== 'string') return;
    const message = JSON.parse(payload) as { type?: string; payload?: { query?: string; variables?: { afterSeq?: number } } };
    if (message.type === 'subscribe' && message.payload?.query?.includes('runLogBatches')) into.push(message.payload.variables?.afterSeq ?? -1);
  });
}

describe('runs in the browser', { timeout: 180_000 }, () => {
  it('stops a running run: CANCELLED in the run bar and in the history', async () => {
    model.setHandler(() => ({ hang: true }));
    const projectId = await ollamaProject('Stop me');
    const { page } = await world.open(`/projects/${encodeURIComponent(projectId)}/files`);
    const bar = page.getByRole('region', { name: 'Run', exact: true });
    await bar.getByRole('button', { name: 'Run', exact: true }).click();
    await expectVisible(bar.getByLabel('Run status: Running'));
    await expectVisible(bar.getByLabel('Glossary: Running'));
    // The run holds a request to the model, which never answers.
    await model.waitFor(() => model.inFlight > 0, 20_000);
    await bar.getByRole('button', { name: 'Stop' }).click();
    await expectVisible(bar.getByLabel('Run status: Cancelled'), 30_000);

    await page.getByRole('link', { name: 'Runs' }).click();
    const table = page.getByRole('table', { name: 'Run history' });
    await expectVisible(table.getByLabel('Run status: Cancelled'));
    // Its page shows the same, with the log replayed to the end.
    await table.getByRole('link', { name: 'Full run' }).click();
    await expectVisible(page.getByRole('heading', { name: /Full run/ }));
    await expect.poll(async () => page.getByLabel('Run status: Cancelled').count(), POLL).toBeGreaterThan(0);
  });

  it('resumes the log after a dropped socket: no gap, no duplicate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    model.setHandler(async (call) => {
      await gate;
      return autoAnswer(call);
    });
    const projectId = await ollamaProject('Drop the socket');
    const runId = await startRun(world.server, projectId);
    await model.waitFor(() => model.inFlight > 0, 20_000);

    const opened = await world.open('about:blank');
    const { page } = opened;
    await trackWebSockets(page);
    const subscriptions: number[] = [];
    page.on('websocket', (ws) => recordLogSubscriptions(ws, subscriptions));
    await page.goto(new URL(`/projects/${encodeURIComponent(projectId)}/files`, world.origin).href);
    const panel = page.getByRole('region', { name: 'Run log' });
    const state = panel.getByRole('status', { name: 'Connection' });

    // Everything stored so far is on screen while the run waits for the model.
    await expectText(state, 'Live');
    const before = await runState(world.server, runId);
    expect(before.status).toBe('RUNNING');
    expect(before.lastSeq).toBeGreaterThan(0);
    await expect.poll(() => logCounts(panel), POLL).toEqual({ shown: before.lastSeq, total: before.lastSeq });

    // Every state the badge shows from here on (a reconnect on this machine can take milliseconds).
    await state.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    expect(await dropWebSockets(page)).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __states: string[] }).__states), POLL).toEqual(['Reconnecting', 'Live']);
    // The model answers: the run logs the rest and ends.
    release();
    await expect.poll(async () => (await runState(world.server, runId)).status, POLL).toBe('COMPLETED');
    const after = await runState(world.server, runId);
    expect(after.lastSeq).toBeGreaterThan(before.lastSeq);
    await expectText(state, 'Ended', 30_000);
    await expect.poll(() => logCounts(panel), POLL).toEqual({ shown: after.lastSeq, total: after.lastSeq });

    // The resumed subscription started after the last line shown, not from the beginning.
    expect(subscriptions[0]).toBe(0);
    expect(subscriptions.slice(1).length).toBeGreaterThan(0);
    expect(subscriptions.slice(1).every((afterSeq) => afterSeq >= before.lastSeq)).toBe(true);
    // And every line is there once, in order: the panel's download is the whole log.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download log' }).click()]);
    const text = await streamText(await download.createReadStream());
    const seqs = text.trimEnd().split('\n').map((l) => Number(l.split('\t')[0]));
    expect(seqs).toEqual(Array.from({ length: after.lastSeq }, (_, i) => i + 1));
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
