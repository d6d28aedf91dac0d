// Issue 11: "A user's edit of a definition is never overwritten and appears in refined and exports
// at once" — also when the edit lands while a run's GENERATE or REFINE step is working. The engine
// call is the window between the step's read of the provisional entries and its save, so the edit
// is made from inside that call (a seam, not a race against a timer).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaGlossaryStore } from '../../src/db/glossary-store';
import { loadEnglishTagger } from '../../src/pipeline/extract/english';
import { loadJapaneseTokenizer } from '../../src/pipeline/extract/japanese';
import { MemoryGlossaryStore } from '../../src/pipeline/memory-store';
import { createOfflineEngine } from '../../src/pipeline/offline/index';
import { renderJson } from '../../src/pipeline/export';
import { runPipeline, type RunPipelineDeps } from '../../src/pipeline/run-pipeline';
import type { GlossaryEngine, RunScope } from '../../src/pipeline/types';
import { GlossaryEditService } from '../../src/projects/glossary-edit-service';
import { createTestDb, removeTemplates, type TestDb } from '../support/run-db';

const EN = [
  '# Roasting',
  '',
  'Roasting is the process that turns green coffee beans into brown, aromatic beans.',
  'A roast profile is a plan of temperature over time for one batch of beans.',
  'The first crack is the popping sound beans make when water vapour escapes.',
].join('\n');
const JA = ['# 焙煎', '', '**焙煎**とは、生豆を加熱して香りを引き出す工程のことです。', '焙煎度とは、焙煎の深さを表す指標です。'].join('\n');

const quiet = { log: () => {}, progress: () => {} };
const MINE = 'My own words: heating beans until they taste of coffee.';

// The models load once per process (≈ 1–20 s on a busy machine): not inside the first test's time.
beforeAll(async () => {
  loadEnglishTagger();
  await loadJapaneseTokenizer();
}, 120_000);

let t: TestDb;
let projectId: number;
let store: PrismaGlossaryStore;
let edits: GlossaryEditService;
beforeEach(async () => {
  t = await createTestDb();
  const project = await t.db.project.create({ data: { name: 'edits' } });
  projectId = project.id;
  for (const [i, content] of [EN, JA].entries()) {
    await t.db.document.create({ data: { projectId, fileName: `doc-${i}.md`, content, contentHash: `h${i}`, sizeBytes: content.length } });
  }
  store = new PrismaGlossaryStore(t.db, projectId);
  edits = new GlossaryEditService(t.db);
});
afterEach(() => t.close());
afterAll(removeTemplates);

const deps = (engine: GlossaryEngine): RunPipelineDeps => ({ engine, store, signal: new AbortController().signal, reporter: quiet });

/** The offline engine with `hook` run inside one step, after that step's input was read and before its save. */
function engineEditingDuring(step: 'provisional' | 'refine', hook: () => Promise<void>): GlossaryEngine {
  const engine = createOfflineEngine();
  if (step === 'provisional') {
    return { ...engine, provisional: async (...args) => { const out = await engine.provisional(...args); await hook(); return out; } };
  }
  return { ...engine, refine: async (...args) => { const out = await engine.refine(...args); await hook(); return out; } };
}

const refinedOf = async (key: string) => (await t.db.refinedEntry.findFirst({ where: { projectId, termKey: key } }))!;
const provisionalOf = async (key: string) => (await t.db.provisionalEntry.findFirst({ where: { projectId, termKey: key } }))!;

async function exportedDefinition(term: string): Promise<string | undefined> {
  const json = JSON.parse(
    renderJson({
      refined: await store.loadRefined(),
      terms: await store.loadTerms(),
      issues: await store.loadIssues(),
      documentCount: 2,
      engineName: 'offline',
      generatedAt: new Date(0),
    }),
  ) as { entries: Array<{ term: string; definition: string }> };
  return json.entries.find((e) => e.term === term)?.definition;
}

describe("a user's edit made while a run is working", () => {
  for (const [scope, step, edited] of [
    ['REFINE', 'refine', 'refined'],
    ['REFINE', 'refine', 'provisional'],
    ['FROM_TERMS', 'refine', 'refined'],
    ['FULL', 'provisional', 'refined'],
    ['GENERATE', 'provisional', 'provisional'],
  ] as Array<[RunScope, 'provisional' | 'refine', 'refined' | 'provisional']>) {
    it(`${scope}: a ${edited} definition edited during the ${step} step survives the step's save`, async () => {
      await runPipeline('FULL', deps(createOfflineEngine()));
      const key = (await store.loadTerms()).find((x) => x.text === 'Roasting')!.key;
      const before = await refinedOf(key);
      expect(before.definition).not.toBe(MINE);
      let hooked = 0;
      const hook = async () => {
        hooked++;
        if (edited === 'refined') await edits.updateRefinedDefinition((await refinedOf(key)).id, MINE);
        else await edits.updateProvisionalDefinition((await provisionalOf(key)).id, MINE);
      };
      await runPipeline(scope, deps(engineEditingDuring(step, hook)));
      expect(hooked).toBe(1);
      const provisional = await provisionalOf(key);
      expect([provisional.definition, provisional.editedByUser]).toEqual([MINE, true]);
      expect((await refinedOf(key)).definition).toBe(MINE);
      expect(await exportedDefinition('Roasting')).toBe(MINE);
      // A later run keeps it too.
      await runPipeline('FULL', deps(createOfflineEngine()));
      expect((await refinedOf(key)).definition).toBe(MINE);
    });
  }

  it('the in-memory store behaves the same: a refine save keeps the edited provisional text', async () => {
    const memory = new MemoryGlossaryStore({ documents: [{ fileName: 'a.md', content: JA }] });
    const run = (engine: GlossaryEngine) => runPipeline('FULL', { engine, store: memory, signal: new AbortController().signal, reporter: quiet });
    await run(createOfflineEngine());
    const key = memory.provisional[0]!.termKey;
    await run(
      engineEditingDuring('refine', async () => {
        memory.provisional = memory.provisional.map((e) => (e.termKey === key ? { ...e, definition: MINE, editedByUser: true } : e));
      }),
    );
    expect(memory.refined.find((e) => e.termKey === key)?.definition).toBe(MINE);
  });
});
