import { describe, expect, it } from 'vitest';
import { AppError, CancelledError } from '../../src/errors';
import { MemoryGlossaryStore } from '../../src/pipeline/memory-store';
import { createOfflineEngine } from '../../src/pipeline/offline';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import type { Corpus, ExtractedTerm, ExtractOptions, GlossaryEngine, SourceDocument } from '../../src/pipeline/types';
import { fixtureCorpus, fixtureTerms, recordingContext, term } from './fixtures';
import { loadDocumentsFromDir } from '../../src/pipeline/documents';
import { FIXTURE_DIR } from './fixtures';

const docs = (): Promise<SourceDocument[]> => loadDocumentsFromDir(FIXTURE_DIR);

/** The offline engine with an extractor that returns the fixture terms found in the given corpus. */
function engineWith(record: { corpora: Corpus[]; options: ExtractOptions[] } = { corpora: [], options: [] }): GlossaryEngine {
  return createOfflineEngine({
    extract: async (corpus, options) => {
      record.corpora.push(corpus);
      record.options.push(options);
      return fixtureTerms(corpus).filter((t) => t.occurrences.length > 0);
    },
  });
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('runPipeline', () => {
  it('FULL runs the four steps, saving each output, and logs each step with counts', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const ctx = recordingContext();
    const result = await runPipeline('FULL', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(result.terms).toBe(store.terms.length);
    expect(result.terms).toBeGreaterThan(10);
    expect(result).toMatchObject({ entries: result.terms, refined: result.terms, issues: store.issues.length });
    expect(store.refined.find((r) => r.term === 'サーバー')?.aliases).toContain('サーバ');
    const finished = ctx.logs.filter((l) => l.message.includes('finished')).map((l) => [l.step, l.fields?.count]);
    expect(finished).toEqual([
      ['EXTRACT', result.terms],
      ['PROVISIONAL', result.entries],
      ['ISSUES', result.issues],
      ['REFINED', result.refined],
    ]);
    expect(ctx.logs.filter((l) => l.message.endsWith('started')).map((l) => l.step)).toEqual(['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED']);
  });

  it('prepares the corpus once for all steps', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const seen = new Set<Corpus>();
    const base = engineWith();
    const spy: GlossaryEngine = {
      name: 'spy',
      extract: (c, o, x) => (seen.add(c), base.extract(c, o, x)),
      provisional: (c, t, x) => (seen.add(c), base.provisional(c, t, x)),
      review: (c, e, x) => (seen.add(c), base.review(c, e, x)),
      refine: (c, i, x) => (seen.add(c), base.refine(c, i, x)),
    };
    const ctx = recordingContext();
    await runPipeline('FULL', { engine: spy, store, signal: ctx.signal, reporter: ctx.reporter });
    expect(seen.size).toBe(1);
  });

  it('merges the stored excluded and required lists into the options', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs(), excluded: ['ストア'], required: ['ルーター'] });
    const record = { corpora: [] as Corpus[], options: [] as ExtractOptions[] };
    const ctx = recordingContext();
    await runPipeline('EXTRACT', { engine: engineWith(record), store, signal: ctx.signal, reporter: ctx.reporter, options: { maxTerms: 5, excluded: ['x'] } });
    expect(record.options[0]).toEqual({ maxTerms: 5, excluded: ['x', 'ストア'], required: ['ルーター'] });
  });

  it('EXTRACT with documentIds extracts from those documents only and merges into the stored terms', async () => {
    const all = await docs();
    const corpus = await fixtureCorpus();
    const kept: ExtractedTerm = { ...term(corpus, 'Pinia store'), userNotes: 'keep me' };
    const old: ExtractedTerm = { ...term(corpus, 'legacy term'), key: 'legacyterm', score: 0.1 };
    const store = new MemoryGlossaryStore({ documents: all, terms: [kept, old] });
    const ids = store.documents.filter((d) => d.fileName === 'ssr.md').map((d) => d.id!);
    const record = { corpora: [] as Corpus[], options: [] as ExtractOptions[] };
    const ctx = recordingContext();
    const result = await runPipeline('EXTRACT', { engine: engineWith(record), store, signal: ctx.signal, reporter: ctx.reporter, documentIds: ids });
    expect(record.corpora[0]!.documents.map((d) => d.fileName)).toEqual(['ssr.md']);
    expect(result.terms).toBe(2); // Pinia store, hydration
    expect(store.terms.map((t) => t.key)).toContain('legacyterm');
    expect(store.terms.find((t) => t.key === kept.key)?.userNotes).toBe('keep me');
  });

  it('FROM_TERMS and later scopes load their inputs from the store', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const ctx = recordingContext();
    await runPipeline('EXTRACT', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    const r1 = await runPipeline('GENERATE', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(r1).toEqual({ entries: store.terms.length });
    const r2 = await runPipeline('REVIEW', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(r2.issues).toBe(store.issues.length);
    expect(store.issues.length).toBeGreaterThan(0);
    const r3 = await runPipeline('REFINE', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(r3.refined).toBe(store.terms.length);
    const r4 = await runPipeline('FROM_TERMS', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(Object.keys(r4)).toEqual(['entries', 'issues', 'refined']);
  });

  it('keeps an entry the user edited and reviews that text', async () => {
    const documents = await docs();
    const corpus = await fixtureCorpus();
    const terms = [term(corpus, 'navigation guard')];
    const edited = {
      termKey: terms[0]!.key,
      term: 'navigation guard',
      definition: 'A navigation guard is a hook that can cancel a route change.',
      confidence: 1,
      sources: [],
      occurrences: terms[0]!.occurrences,
      editedByUser: true,
    };
    const store = new MemoryGlossaryStore({ documents, terms, provisional: [edited] });
    const ctx = recordingContext();
    await runPipeline('FROM_TERMS', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter });
    expect(store.provisional).toEqual([edited]);
    expect(store.refined[0]!.definition).toBe(edited.definition);
    expect(store.issues).toEqual([]);
  });

  it('says NO_TERMS when a later scope has nothing to work on', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const ctx = recordingContext();
    for (const scope of ['GENERATE', 'REVIEW', 'REFINE', 'FROM_TERMS'] as const) {
      const e = await errorOf(runPipeline(scope, { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter }));
      expect((e as AppError).code, scope).toBe('NO_TERMS');
    }
  });

  it('says NO_DOCUMENTS when there is nothing to extract from', async () => {
    const ctx = recordingContext();
    const empty = new MemoryGlossaryStore({ documents: [] });
    expect(((await errorOf(runPipeline('FULL', { engine: engineWith(), store: empty, signal: ctx.signal, reporter: ctx.reporter }))) as AppError).code).toBe('NO_DOCUMENTS');
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const e = await errorOf(runPipeline('EXTRACT', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter, documentIds: [999] }));
    expect((e as AppError).code).toBe('NO_DOCUMENTS');
  });

  it('stops between steps when cancelled, keeping what earlier steps saved', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const ctx = recordingContext();
    ctx.reporter.log = (l) => {
      ctx.logs.push(l);
      if (l.step === 'PROVISIONAL' && l.message.includes('finished')) ctx.controller.abort();
    };
    const e = await errorOf(runPipeline('FULL', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter }));
    expect(e).toBeInstanceOf(CancelledError);
    expect(store.terms.length).toBeGreaterThan(0);
    expect(store.provisional.length).toBe(store.terms.length);
    expect(store.issues).toEqual([]);
    expect(store.refined).toEqual([]);
  });

  it('does not start when the signal already fired', async () => {
    const store = new MemoryGlossaryStore({ documents: await docs() });
    const ctx = recordingContext();
    ctx.controller.abort();
    expect(await errorOf(runPipeline('FULL', { engine: engineWith(), store, signal: ctx.signal, reporter: ctx.reporter }))).toBeInstanceOf(CancelledError);
    expect(store.terms).toEqual([]);
  });
});
