// UNNECESSARY in the offline review: terms the documents give no support for leave the refined
// glossary (the term and the issue stay), never a required, defined, emphasised or frequent one.
import { beforeAll, describe, expect, it } from 'vitest';
import { occurrenceIn, prepareCorpus } from '../../src/pipeline/corpus';
import { MemoryGlossaryStore } from '../../src/pipeline/memory-store';
import { createOfflineEngine } from '../../src/pipeline/offline';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import type { Corpus, ExtractedTerm, GlossaryIssue, ProvisionalEntry, RefinedEntry, SourceDocument } from '../../src/pipeline/types';
import { recordingContext, term } from './fixtures';

const DOCS: SourceDocument[] = [
  {
    fileName: 'handbook.md',
    content: [
      '# Roasting Handbook',
      '',
      'A **roast profile** is a record of bean temperature against time. Every roaster keeps a roast profile.',
      '',
      'Fresh beans show a bloom when water hits them. The bloom is larger with fresh beans. A weak bloom means old beans.',
      '',
      'Beans release carbon dioxide for days. The carbon dioxide escapes slowly, and the audible pop is long gone.',
      '',
      'Degassing is the release of gas from freshly roasted beans.',
      '',
      'A good espresso has a thick **crema** on top, and the barista checks it as the Specialty Coffee Association advises.',
      '',
      '## Extraction',
      '',
      'Water temperature and time set how much dissolves. Soft water is best.',
      '',
      'Most roasters rest beans for a few days.',
    ].join('\n'),
  },
  {
    fileName: 'ja.md',
    content: ['# コーヒー焙煎の基本', '', '焙煎中は多くの香り成分ができる。豆の色は焙煎で変わる。焙煎は火加減が大事である。', '', '豆がはぜる音と、湯を注ぐ音がする。', '', '焙煎機は定期的に掃除する。定期的な点検も大事である。'].join('\n'),
  },
];

const TERMS = [
  'roast profile', // defined, twice
  'bean temperature', // once, inside the roast profile's definition
  'bloom', // three times, never defined
  'carbon dioxide', // twice, never defined
  'dioxide', // only inside "carbon dioxide"
  'audible pop', // once
  'degassing', // once, defined
  'crema', // once, emphasised
  'barista', // once, required
  'Specialty Coffee Association', // once, written as a name
  'Extraction', // only its own heading
  'Handbook', // only inside the heading "Roasting Handbook"
  'Roasting Handbook', // only the document's title
  '焙煎', // three times
  '香り成分', // once
  '基本', // only inside the heading 「コーヒー焙煎の基本」
  '定期', // only as the stem of the adjective 定期的, twice
  'days', // an everyday word, twice
  '音', // an everyday word (a lone kanji), twice
  'water', // an everyday word, three times
];
const REQUIRED = ['Barista'];

/** A term with an occurrence at each place its text appears, word boundaries or not. */
function rawTerm(corpus: Corpus, text: string): ExtractedTerm {
  const occurrences = corpus.documents.flatMap((d) =>
    d.sentences.flatMap((s) => [...s.text.matchAll(new RegExp(text, 'g'))].map((m) => occurrenceIn(s, m.index, m.index + text.length))),
  );
  return { ...term(corpus, text), frequency: occurrences.length, documentCount: 1, occurrences };
}

let corpus: Corpus;
let terms: ExtractedTerm[];
let entries: ProvisionalEntry[];
let issues: GlossaryIssue[];
let refined: RefinedEntry[];
let refineCtx: ReturnType<typeof recordingContext>;
const engine = createOfflineEngine({ extract: async () => [] });
const withRequired = (required: string[] = REQUIRED) => Object.assign(recordingContext(), { requiredTerms: required });
const issuesOf = (t: string) => issues.filter((i) => i.term === t);
const refinedTerms = () => refined.map((r) => r.term);

beforeAll(async () => {
  corpus = prepareCorpus(DOCS);
  // 定期 as the Japanese tokenizer proposes it: at each 定期的, where the term matcher sees no word.
  terms = TERMS.map((t) => (t === '定期' ? rawTerm(corpus, t) : term(corpus, t)));
  entries = await engine.provisional(corpus, terms, recordingContext());
  issues = await engine.review(corpus, entries, withRequired());
  refineCtx = withRequired();
  refined = await engine.refine(corpus, { terms, entries, issues }, refineCtx);
});

describe('UNNECESSARY (offline review)', () => {
  it.each([
    ['audible pop', /occurs once \(handbook\.md:7\), without emphasis, capitals or a heading of its own/],
    ['bean temperature', /occurs once/],
    ['香り成分', /occurs once/],
    ['dioxide', /only occurs as part of "carbon dioxide"/],
    ['Handbook', /only occurs as part of the heading "Roasting Handbook"/],
    ['Roasting Handbook', /only occurs as the title of handbook\.md/],
    ['基本', /only occurs as part of the heading "コーヒー焙煎の基本"/],
    ['定期', /only occurs as part of "定期的"/],
    ['days', /"days" is an everyday word, used only twice \(handbook\.md:7, handbook\.md:17\)/],
    ['音', /"音" is an everyday word, used only twice \(ja\.md:5, ja\.md:5\)/],
  ])('marks %s as UNNECESSARY with shouldExclude, next to MISSING', (t, description) => {
    const found = issuesOf(t);
    expect(found.map((i) => i.type)).toEqual(['MISSING', 'UNNECESSARY']);
    const unnecessary = found[1]!;
    expect(unnecessary.shouldExclude).toBe(true);
    expect(unnecessary.description).toMatch(description);
    expect(unnecessary.description).toMatch(/no sentence defines it: left out of the glossary \(add it to the required terms to keep it\)/);
    expect(unnecessary.locations.length).toBeGreaterThan(0);
  });

  it('never marks a defined, emphasised, capitalised, frequent, required or own-heading term', () => {
    for (const t of ['roast profile', 'degassing', 'crema', 'bloom', 'carbon dioxide', '焙煎', 'barista', 'Specialty Coffee Association', 'Extraction', 'water']) {
      expect(issuesOf(t).filter((i) => i.type === 'UNNECESSARY' || i.shouldExclude)).toEqual([]);
    }
    // Still reported as undefined where nothing defines them.
    expect(issuesOf('carbon dioxide').map((i) => i.type)).toEqual(['MISSING']);
    expect(issuesOf('barista').map((i) => i.type)).toEqual(['MISSING']);
  });

  it('marks a one-off term when it is not required, and never a user-edited entry', async () => {
    const barista = entries.find((e) => e.term === 'barista')!;
    const alone = await engine.review(corpus, entries, recordingContext());
    expect(alone.filter((i) => i.term === 'barista').map((i) => i.type)).toEqual(['MISSING', 'UNNECESSARY']);
    const edited = { ...barista, definition: 'A barista prepares and serves espresso drinks.', editedByUser: true };
    expect(await engine.review(corpus, [edited], recordingContext())).toEqual([]);
  });
});

describe('leaving entries out (offline refine)', () => {
  it('leaves the UNNECESSARY entries out of the refined glossary and keeps the others, in order', () => {
    expect(refinedTerms()).toEqual(['roast profile', 'bloom', 'carbon dioxide', 'degassing', 'crema', 'barista', 'Specialty Coffee Association', 'Extraction', '焙煎', 'water']);
    // Nothing is lost: the terms and their issues are still there for a user to act on.
    expect(terms.map((t) => t.text)).toContain('audible pop');
    expect(issues.filter((i) => i.shouldExclude).map((i) => i.term).sort()).toEqual(
      ['audible pop', 'bean temperature', 'dioxide', 'Handbook', 'Roasting Handbook', '基本', '定期', '香り成分', 'days', '音'].sort(),
    );
  });

  it('says which entries it left out', () => {
    const log = refineCtx.logs.find((l) => l.message.startsWith('Left out'));
    expect(log?.fields).toMatchObject({ leftOut: 10 });
    expect(log?.message).toContain('"audible pop"');
    // The summary counts what the step went through, as its progress does: kept + left out.
    const summary = refineCtx.logs.find((l) => l.message.startsWith('Refined'))!;
    expect(summary.message).toBe(`Refined ${entries.length} entries: ${refined.length} in the glossary (${refined.filter((r) => r.unresolvedIssues.length > 0).length} with unresolved issues), 10 left out`);
    expect(refined.length + 10).toBe(entries.length);
  });

  it('does not link to left-out entries as related terms', () => {
    const profile = refined.find((r) => r.term === 'roast profile')!;
    expect(profile.definition).toContain('bean temperature');
    expect(profile.relatedTerms).not.toContain('bean temperature');
  });

  it('never leaves out a required term or a user-edited entry, even when an issue asks for it', async () => {
    const bloom = entries.find((e) => e.term === 'bloom')!;
    const exclude: GlossaryIssue = { termKey: bloom.termKey, term: 'bloom', type: 'UNNECESSARY', description: 'Too generic.', locations: [], shouldExclude: true };
    const run = (required: string[], entry = bloom) =>
      engine.refine(corpus, { terms, entries: [entry], issues: [exclude] }, withRequired(required));
    expect(await run([])).toEqual([]);
    const kept = await run(['Bloom']);
    expect(kept.map((r) => r.term)).toEqual(['bloom']);
    expect(kept[0]!.unresolvedIssues).toEqual([{ type: 'UNNECESSARY', description: 'Too generic.' }]);
    expect((await run([], { ...bloom, editedByUser: true })).map((r) => r.term)).toEqual(['bloom']);
  });

  it('runPipeline passes the stored required terms to review and refine', async () => {
    const extract = async (c: Corpus) => TERMS.map((t) => term(c, t));
    const run = async (required: string[]) => {
      const store = new MemoryGlossaryStore({ documents: DOCS, required });
      const ctx = recordingContext();
      await runPipeline('FULL', { engine: createOfflineEngine({ extract }), store, signal: ctx.signal, reporter: ctx.reporter });
      return store;
    };
    const plain = await run([]);
    expect(plain.refined.map((r) => r.term)).not.toContain('audible pop');
    expect(plain.issues.some((i) => i.term === 'audible pop' && i.type === 'UNNECESSARY')).toBe(true);
    const required = await run(['audible pop']);
    expect(required.refined.map((r) => r.term)).toContain('audible pop');
    expect(required.issues.filter((i) => i.term === 'audible pop').map((i) => i.type)).toEqual(['MISSING']);
  });
});
