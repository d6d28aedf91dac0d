import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaGlossaryStore } from '../../src/db/glossary-store';
import type { ExtractedTerm, ProvisionalEntry, RefinedEntry } from '../../src/pipeline/types';
import { createTestDb, removeTemplates, seedProject, type TestDb } from '../support/run-db';

let t: TestDb;
let store: PrismaGlossaryStore;
let projectId: number;
beforeEach(async () => {
  t = await createTestDb();
  ({ projectId } = await seedProject(t.db, { documents: 2 }));
  store = new PrismaGlossaryStore(t.db, projectId);
});
afterEach(() => t.close());
afterAll(removeTemplates);

const term = (key: string, extra: Partial<ExtractedTerm> = {}): ExtractedTerm => ({
  key,
  text: key.toUpperCase(),
  language: 'en',
  score: 1,
  category: 'technical_term',
  frequency: 2,
  documentCount: 1,
  aliases: [`${key}-alias`],
  occurrences: [{ fileName: 'doc-0.md', line: 1, context: `a ${key} here` }],
  ...extra,
});

const entry = (termKey: string, definition: string): ProvisionalEntry => ({
  termKey,
  term: termKey,
  definition,
  confidence: 0.7,
  sources: [{ fileName: 'doc-0.md', line: 2, context: 'src' }],
  occurrences: [],
});

describe('PrismaGlossaryStore', () => {
  it('loads documents, all or by id, and terms round-trip with their lists', async () => {
    const docs = await store.loadDocuments();
    expect(docs.map((d) => d.fileName)).toEqual(['doc-0.md', 'doc-1.md']);
    expect(await store.loadDocuments([docs[1]!.id!])).toEqual([docs[1]]);
    await store.saveTerms([term('b'), term('a')], 'replace');
    expect(await store.loadTerms()).toEqual([
      { ...term('b'), userNotes: null },
      { ...term('a'), userNotes: null },
    ]);
  });

  it("replace keeps a term's user notes by key; merge upserts by key and keeps the others", async () => {
    await store.saveTerms([term('a'), term('b'), term('c')], 'replace');
    await t.db.term.updateMany({ where: { projectId, key: 'b' }, data: { userNotes: 'a person, not a place' } });
    await store.saveTerms([term('b', { frequency: 9 }), term('d')], 'replace');
    let terms = await store.loadTerms();
    expect(terms.map((x) => [x.key, x.frequency, x.userNotes])).toEqual([
      ['b', 9, 'a person, not a place'],
      ['d', 2, null],
    ]);
    await store.saveTerms([term('e', { score: 5 }), term('b', { frequency: 1, score: 0.5 })], 'merge');
    terms = await store.loadTerms();
    // The union, ranked by score; equal scores keep their order.
    expect(terms.map((x) => [x.key, x.frequency, x.userNotes])).toEqual([
      ['e', 2, null],
      ['d', 2, null],
      ['b', 1, 'a person, not a place'],
    ]);
  });

  it('a failing save leaves the previous data intact', async () => {
    await store.saveTerms([term('a'), term('b')], 'replace');
    const broken = term('c', { text: undefined as unknown as string });
    await expect(store.saveTerms([term('x'), broken], 'replace')).rejects.toThrow();
    expect((await store.loadTerms()).map((x) => x.key)).toEqual(['a', 'b']);
    await store.saveProvisional([entry('a', 'first')]);
    await expect(store.saveProvisional([entry('a', 'second'), { ...entry('b', 'x'), confidence: undefined as unknown as number }])).rejects.toThrow();
    expect((await store.loadProvisional()).map((e) => e.definition)).toEqual(['first']);
  });

  it('saveProvisional keeps entries a user edited, in the new order', async () => {
    await store.saveProvisional([entry('a', 'gen a'), entry('b', 'gen b'), entry('c', 'gen c')]);
    await t.db.provisionalEntry.updateMany({ where: { projectId, termKey: { in: ['b', 'c'] } }, data: { editedByUser: true, definition: 'mine' } });
    await store.saveProvisional([entry('b', 'regen b'), entry('a', 'regen a'), entry('d', 'gen d')]);
    const entries = await store.loadProvisional();
    expect(entries.map((e) => [e.termKey, e.definition, e.editedByUser])).toEqual([
      ['b', 'mine', true],
      ['a', 'regen a', false],
      ['d', 'gen d', false],
      ['c', 'mine', true],
    ]);
    expect(entries[1]!.sources).toEqual([{ fileName: 'doc-0.md', line: 2, context: 'src' }]);
  });

  it('issues and refined entries are replaced whole and read back in order', async () => {
    await store.saveIssues([
      { termKey: 'a', term: 'A', type: 'UNCLEAR', description: 'vague', locations: [], shouldExclude: false },
      { termKey: 'b', term: 'B', type: 'UNNECESSARY', description: 'common', locations: [{ fileName: 'f', line: 1, context: 'c' }], shouldExclude: true },
    ]);
    expect((await store.loadIssues()).map((i) => [i.termKey, i.type, i.shouldExclude, i.locations.length])).toEqual([
      ['a', 'UNCLEAR', false, 0],
      ['b', 'UNNECESSARY', true, 1],
    ]);
    await store.saveIssues([]);
    expect(await store.loadIssues()).toEqual([]);
    const refined: RefinedEntry = {
      termKey: 'a',
      term: 'A',
      definition: 'def',
      confidence: 0.9,
      aliases: ['α'],
      relatedTerms: ['b'],
      sources: [],
      occurrences: [],
      unresolvedIssues: [{ type: 'UNCLEAR', description: 'still vague' }],
      notes: ['merged'],
    };
    await store.saveRefined([refined, { ...refined, termKey: 'z', term: 'Z' }]);
    await store.saveRefined([refined]);
    expect(await store.loadRefined()).toEqual([refined]);
  });

  it('excluded and required terms, scoped to the project', async () => {
    const other = await seedProject(t.db);
    await t.db.excludedTerm.create({ data: { projectId, key: 'foo', text: 'Foo' } });
    await t.db.excludedTerm.create({ data: { projectId: other.projectId, key: 'bar', text: 'Bar' } });
    await t.db.requiredTerm.create({ data: { projectId, key: 'baz', text: 'Baz' } });
    expect(await store.loadExcluded()).toEqual(['Foo']);
    expect(await store.loadRequired()).toEqual(['Baz']);
  });
});
