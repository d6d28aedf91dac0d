// The default executeRun: the real pipeline with the offline engine, through the Prisma store.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { PrismaGlossaryStore } from '../../src/db/glossary-store';
import { RunManager } from '../../src/runs/run-manager';
import { createTestDb, removeTemplates, type TestDb } from '../support/run-db';
import { recordingLogger, waitForEnd } from '../support/run-helpers';

let t: TestDb;
let m: RunManager;
beforeEach(async () => {
  t = await createTestDb();
  m = new RunManager({ db: t.db, maxConcurrentRuns: 1, logger: recordingLogger(), llmConfig: loadConfig({}).llm, databaseUrl: t.url });
});
afterEach(async () => {
  await m.shutdown(5_000);
  await t.close();
});
afterAll(removeTemplates);

const DOCS = [
  {
    fileName: 'guide.md',
    content:
      '# Virtual DOM\n\nThe virtual DOM (VDOM) is an in-memory copy of the document tree. The reconciler compares two virtual DOM trees.\n\n' +
      'A component returns a virtual DOM tree. The reconciler applies the difference to the real DOM.\n',
  },
  {
    fileName: 'hooks.md',
    content: '# Hooks\n\nA state hook keeps component state between renders. The effect hook runs after the reconciler commits.\n',
  },
];

describe('RunManager with the real pipeline (offline engine)', () => {
  it('FROM_TERMS completes on stored terms and stores provisional entries, issues and the refined glossary', async () => {
    const project = await t.db.project.create({ data: { name: 'real' } });
    for (const d of DOCS) {
      await t.db.document.create({ data: { projectId: project.id, ...d, contentHash: d.fileName, sizeBytes: d.content.length } });
    }
    const occurrence = (fileName: string, line: number, context: string) => ({ fileName, line, context });
    await new PrismaGlossaryStore(t.db, project.id).saveTerms(
      [
        {
          key: 'virtualdom',
          text: 'virtual DOM',
          language: 'en',
          score: 3,
          category: 'technical_term',
          frequency: 3,
          documentCount: 1,
          aliases: ['VDOM'],
          occurrences: [occurrence('guide.md', 3, 'The virtual DOM (VDOM) is an in-memory copy of the document tree.')],
        },
        {
          key: 'reconciler',
          text: 'reconciler',
          language: 'en',
          score: 2,
          category: 'technical_term',
          frequency: 3,
          documentCount: 2,
          aliases: [],
          occurrences: [occurrence('guide.md', 3, 'The reconciler compares two virtual DOM trees.')],
        },
      ],
      'replace',
    );
    const run = await m.start({ projectId: project.id, scope: 'FROM_TERMS' });
    const done = await waitForEnd(m, run.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('COMPLETED');
    expect(await t.db.provisionalEntry.count({ where: { projectId: project.id } })).toBe(2);
    expect(await t.db.refinedEntry.count({ where: { projectId: project.id } })).toBe(2);
    const steps = await t.db.runLog.findMany({ where: { runId: run.id }, select: { step: true }, distinct: ['step'] });
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['PROVISIONAL', 'ISSUES', 'REFINED']));
    expect(done.progressTotal).toBeGreaterThan(0);
  });

  it('FULL extracts, defines, reviews and refines the documents', async () => {
    const project = await t.db.project.create({ data: { name: 'full', settings: JSON.stringify({ maxTerms: 20 }) } });
    for (const d of DOCS) {
      await t.db.document.create({ data: { projectId: project.id, ...d, contentHash: d.fileName, sizeBytes: d.content.length } });
    }
    const run = await m.start({ projectId: project.id, scope: 'FULL' });
    const done = await waitForEnd(m, run.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('COMPLETED');
    const terms = await new PrismaGlossaryStore(t.db, project.id).loadTerms();
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(20);
    expect(await t.db.refinedEntry.count({ where: { projectId: project.id } })).toBeGreaterThan(0);
    const steps = await t.db.runLog.findMany({ where: { runId: run.id }, select: { step: true }, distinct: ['step'] });
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED']));
  });
});
