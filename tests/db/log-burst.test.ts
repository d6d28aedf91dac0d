// Issue 9: "A log burst fails runs". The log store's worker flushing a big backlog must never
// make a pipeline's save (an interactive transaction on the main connection) fail.
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { PrismaGlossaryStore } from '../../src/db/glossary-store';
import { WorkerLogStore } from '../../src/db/log-store';
import type { LogLineInput } from '../../src/db/run-repository';
import type { ProvisionalEntry } from '../../src/pipeline/types';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());
afterAll(removeTemplates);

const BURST_LINES = 60_000;
const BATCH = 1_000;

it('a 60,000-line log backlog being stored does not make a concurrent glossary save fail', async () => {
  const { projectId } = await seedProject(t.db);
  const run = await t.db.run.create({ data: { projectId, scope: 'FULL', status: 'RUNNING' } });
  const store = new WorkerLogStore(t.url);
  const line = (seq: number): LogLineInput => ({
    runId: run.id,
    seq,
    time: new Date(),
    level: 'INFO',
    step: 'EXTRACT',
    message: `line ${seq} ${'x'.repeat(200)}`,
    fields: JSON.stringify({ current: seq, total: BURST_LINES }),
  });
  // The whole backlog is queued at once, as a log writer hands it over after a chatty step.
  const stored: Promise<void>[] = [];
  for (let first = 1; first <= BURST_LINES; first += BATCH) {
    stored.push(store.append(run.id, Array.from({ length: BATCH }, (_, i) => line(first + i))));
  }
  const entries: ProvisionalEntry[] = Array.from({ length: 1_000 }, (_, i) => ({
    termKey: `term-${i}`,
    term: `Term ${i}`,
    definition: `Definition ${i} ${'d'.repeat(100)}`,
    confidence: 0.5,
    sources: [],
    occurrences: [{ fileName: 'a.md', line: i + 1, context: 'c' }],
  }));
  const glossary = new PrismaGlossaryStore(t.db, projectId);
  // Several saves while the backlog drains: each is one interactive transaction.
  for (let round = 0; round < 3; round++) await glossary.saveProvisional(entries);
  await Promise.all(stored);
  await store.close();
  expect(await t.db.provisionalEntry.count({ where: { projectId } })).toBe(entries.length);
  expect(await t.db.runLog.count({ where: { runId: run.id } })).toBe(BURST_LINES);
});
