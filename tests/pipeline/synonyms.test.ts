// Synonym groups through the real offline pipeline on a small English + Japanese fixture: a user
// group folds `仮想 DOM` into `virtual DOM` (and the other way round) in every step and export;
// the engine's automatic aliases become suggestions; a rejected one stays rejected, and an alias
// the engine merged wrongly stays split, after re-extraction.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadDocumentsFromDir } from '../../src/pipeline/documents';
import { renderJson, renderMarkdown } from '../../src/pipeline/export';
import { renderCsv, renderTbx } from '../../src/pipeline/export-formats';
import { MemoryGlossaryStore } from '../../src/pipeline/memory-store';
import { normalizeKey } from '../../src/pipeline/normalize';
import { createOfflineEngine } from '../../src/pipeline/offline';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import { foldSynonymGroups, suggestSynonymGroups, type SynonymGroupSpec } from '../../src/pipeline/synonyms';
import type { ExtractedTerm, RunScope } from '../../src/pipeline/types';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'synonyms');
const ref = (text: string) => ({ key: normalizeKey(text), text });
const group = (primary: string, ...members: string[]): SynonymGroupSpec => ({ primary: ref(primary), members: members.map(ref) });
const quiet = { log() {}, progress() {} };

async function run(store: MemoryGlossaryStore, scope: RunScope = 'FULL'): Promise<void> {
  await runPipeline(scope, { engine: createOfflineEngine(), store, signal: new AbortController().signal, reporter: quiet });
}

async function freshStore(seed: Partial<ConstructorParameters<typeof MemoryGlossaryStore>[0]> = {}): Promise<MemoryGlossaryStore> {
  return new MemoryGlossaryStore({ documents: await loadDocumentsFromDir(DIR), ...seed });
}

function exportsOf(store: MemoryGlossaryStore) {
  const input = {
    refined: store.refined,
    terms: foldSynonymGroups(store.terms, store.synonymGroups),
    documentCount: store.documents.length,
    engineName: 'offline',
    generatedAt: new Date(Date.UTC(2026, 11, 1)),
  };
  return { markdown: renderMarkdown(input), json: renderJson({ ...input, issues: store.issues }), csv: renderCsv(input), tbx: renderTbx(input) };
}

const byText = (terms: readonly ExtractedTerm[], text: string) => terms.find((t) => t.text === text);

describe('synonym groups in the pipeline', () => {
  it('the fixture has both terms apart without a group', async () => {
    const store = await freshStore();
    await run(store);
    expect(byText(store.terms, 'virtual DOM')).toBeDefined();
    expect(byText(store.terms, '仮想 DOM')).toBeDefined();
    expect(store.refined.map((r) => r.term)).toEqual(expect.arrayContaining(['virtual DOM', '仮想 DOM']));
  });

  it.each([
    ['virtual DOM', '仮想 DOM'],
    ['仮想 DOM', 'virtual DOM'],
  ])('a group with primary %s folds %s into one entry, with the member as an alias in every export', async (primary, member) => {
    const store = await freshStore({ synonymGroups: [group(primary, member)] });
    await run(store);
    // Stored as extracted, so editing the group later needs no re-extraction.
    const primaryTerm = byText(store.terms, primary)!;
    const memberTerm = byText(store.terms, member)!;
    expect(primaryTerm).toBeDefined();
    expect(memberTerm).toBeDefined();

    // Definitions for the primary only; its occurrences and frequency include the member's.
    expect(store.provisional.map((e) => e.term)).toContain(primary);
    expect(store.provisional.map((e) => e.term)).not.toContain(member);
    const entry = store.refined.find((r) => r.term === primary)!;
    expect(entry.aliases).toContain(member);
    expect(store.refined.some((r) => r.term === member)).toBe(false);
    const files = new Set(entry.occurrences.map((o) => o.fileName));
    expect(files).toEqual(new Set(['en.md', 'ja.md']));
    expect(entry.occurrences.length).toBe(primaryTerm.frequency + memberTerm.frequency);

    const { markdown, json, csv, tbx } = exportsOf(store);
    expect(markdown).toContain(`## ${primary}`);
    expect(markdown).not.toContain(`## ${member}\n`);
    expect(markdown).toMatch(new RegExp(`\\*\\*Aliases:\\*\\* [^\\n]*${member}`));

    const doc = JSON.parse(json) as { terms: { text: string; aliases: string[]; frequency: number }[]; entries: { term: string; aliases: string[] }[] };
    expect(doc.terms.map((t) => t.text)).not.toContain(member);
    expect(doc.terms.find((t) => t.text === primary)).toMatchObject({ aliases: expect.arrayContaining([member]), frequency: primaryTerm.frequency + memberTerm.frequency });
    expect(doc.entries.find((e) => e.term === primary)?.aliases).toContain(member);
    expect(doc.entries.some((e) => e.term === member)).toBe(false);

    const rows = parseCsv(csv, { bom: true, columns: true }) as { term: string; aliases: string }[];
    expect(rows.find((r) => r.term === primary)?.aliases.split('; ')).toContain(member);
    expect(rows.some((r) => r.term === member)).toBe(false);

    // TBX: one concept entry holds both, the member as a further termSec.
    const concept = tbx.split('<conceptEntry').find((c) => c.includes(`<term>${primary}</term>`))!;
    expect(concept).toContain(`<term>${member}</term>`);
    expect(tbx.split(`<term>${member}</term>`).length).toBe(2);
  });

  it("offers the engine's automatic aliases as suggestions, with their reasons", async () => {
    const store = await freshStore();
    await run(store, 'EXTRACT');
    const suggestions = suggestSynonymGroups(store.terms, [], []);
    expect(suggestions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ primary: 'Document Object Model', members: [expect.objectContaining({ text: 'DOM', reason: 'ABBREVIATION' })] }),
        expect.objectContaining({ primary: 'component', members: [expect.objectContaining({ text: 'Components', reason: 'PLURAL' })] }),
      ]),
    );
    // Accepted (a user group holds the term): no longer suggested.
    expect(suggestSynonymGroups(store.terms, [group('component', 'Components')], []).map((s) => s.primary)).not.toContain('component');
  });

  it('a rejected suggestion stays rejected after re-extraction', async () => {
    const store = await freshStore();
    await run(store, 'EXTRACT');
    expect(byText(store.terms, 'component')?.aliases).toContain('Components');
    store.aliasSplits.push({ primaryKey: 'component', memberKey: normalizeKey('Components') });
    await run(store);
    expect(byText(store.terms, 'component')?.aliases ?? []).not.toContain('Components');
    expect(suggestSynonymGroups(store.terms, [], store.aliasSplits).map((s) => s.primary)).not.toContain('component');
    expect(store.refined.find((r) => r.term === 'component')?.aliases ?? []).not.toContain('Components');
  });

  it('an alias the engine merged wrongly, split by the user, stays split: the two are extracted apart', async () => {
    const store = await freshStore();
    await run(store, 'EXTRACT');
    const merged = byText(store.terms, 'Document Object Model')!;
    expect(merged.aliases).toContain('DOM');
    store.aliasSplits.push({ primaryKey: merged.key, memberKey: 'dom' });
    await run(store);
    await run(store);
    const apart = byText(store.terms, 'Document Object Model')!;
    expect(apart.aliases).not.toContain('DOM');
    // The DOM-only sentences no longer count for the long form.
    expect(apart.frequency).toBeLessThan(merged.frequency);
    expect(store.refined.find((r) => r.term === 'Document Object Model')?.aliases ?? []).not.toContain('DOM');
    expect(suggestSynonymGroups(store.terms, [], store.aliasSplits).map((s) => s.primary)).not.toContain('Document Object Model');
  });

  it('a Japanese gloss the engine merged (差分検出（reconciliation）), split by the user, stays split', async () => {
    const gloss = { fileName: 'ja-gloss.md', content: '# 差分\n\n**差分検出**（reconciliation）とは、二つの仮想 DOM を比べる処理である。\n\n差分検出は更新のたびに行われる。\n' };
    const store = new MemoryGlossaryStore({ documents: [...(await loadDocumentsFromDir(DIR)), gloss] });
    await run(store, 'EXTRACT');
    const merged = byText(store.terms, '差分検出')!;
    expect(merged.aliases).toContain('reconciliation');
    expect(suggestSynonymGroups(store.terms, [], [])).toContainEqual(
      expect.objectContaining({ primary: '差分検出', members: [expect.objectContaining({ text: 'reconciliation', reason: 'TRANSLATION' })] }),
    );
    store.aliasSplits.push({ primaryKey: merged.key, memberKey: 'reconciliation' });
    await run(store);
    await run(store, 'EXTRACT');
    const apart = byText(store.terms, '差分検出')!;
    expect(apart.aliases).not.toContain('reconciliation');
    expect(apart.frequency).toBeLessThan(merged.frequency);
    expect(suggestSynonymGroups(store.terms, [], store.aliasSplits).map((s) => s.primary)).not.toContain('差分検出');
  });

  it('a group survives re-extraction: groups are applied to whatever the extraction returns', async () => {
    const store = await freshStore({ synonymGroups: [group('virtual DOM', '仮想 DOM')] });
    await run(store);
    await run(store, 'EXTRACT');
    await run(store, 'FROM_TERMS');
    expect(store.refined.filter((r) => r.term === 'virtual DOM' || r.term === '仮想 DOM').map((r) => [r.term, r.aliases.includes('仮想 DOM')])).toEqual([
      ['virtual DOM', true],
    ]);
  });
});

describe('foldSynonymGroups', () => {
  const t = (text: string, frequency: number, aliases: string[] = [], file = 'a.md'): ExtractedTerm => ({
    key: normalizeKey(text),
    text,
    language: 'en',
    score: frequency / 10,
    category: 'technical_term',
    frequency,
    documentCount: 1,
    aliases,
    occurrences: Array.from({ length: frequency }, (_, i) => ({ fileName: file, line: i + 1, context: `${text} ${i}` })),
  });

  it('puts the entry where the best-ranked term of the group was, and leaves other terms alone', () => {
    const folded = foldSynonymGroups([t('alpha', 9), t('beta', 5), t('gamma', 3, [], 'b.md')], [group('gamma', 'alpha')]);
    expect(folded.map((x) => x.text)).toEqual(['gamma', 'beta']);
    expect(folded[0]).toMatchObject({ key: 'gamma', aliases: ['alpha'], frequency: 12, documentCount: 2 });
  });

  it("moves a member known only as another term's alias, and ignores groups of terms not extracted", () => {
    const folded = foldSynonymGroups([t('alpha', 2), t('beta', 2, ['AB'])], [group('alpha', 'AB'), group('zeta', 'eta')]);
    expect(folded.find((x) => x.text === 'alpha')?.aliases).toEqual(['AB']);
    expect(folded.find((x) => x.text === 'beta')?.aliases).toEqual([]);
  });
});
