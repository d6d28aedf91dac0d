import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../../src/pipeline/corpus';
import { CancelledError } from '../../src/errors';
import type { TermCandidate } from '../../src/pipeline/extract/candidate';
import {
  DEFAULT_MAX_TERMS,
  EMPHASIS_BONUS,
  extractTerms,
  findAliasPairs,
  longForm,
  mergeLanguages,
  tokenizeForBenchmark,
} from '../../src/pipeline/extract/index';
import { CHECK_EVERY } from '../../src/pipeline/extract/english';
import { normalizeKey } from '../../src/pipeline/normalize';
import type { Corpus, ExtractedTerm, SourceDocument } from '../../src/pipeline/types';
import { recordingContext } from './fixtures';

const corpusOf = (...docs: SourceDocument[]): Corpus => prepareCorpus(docs);

const GUIDE_EN = `# Components

A **Single-File Component (SFC)** keeps template, script and style together.
Each SFC compiles to a render function. The render function is pure. SFCs need a build step.
The compiler reads every Single-File Component once.

## Reactivity

A reactive store holds application state. The reactive store notifies each watcher.
Each watcher calls the render function again when application state changes.
Watchers are cheap. The reactive store batches updates.
`;

const byKey = (terms: ExtractedTerm[]) => new Map(terms.map((t) => [t.key, t]));

describe('extractTerms (English)', () => {
  it('returns a ranked list with text, frequency, document count and occurrences', async () => {
    const ctx = recordingContext();
    const terms = await extractTerms(
      corpusOf({ fileName: 'guide.md', content: GUIDE_EN }, { fileName: 'more.md', content: 'The render function is pure.\n' }),
      {},
      ctx,
    );
    const scores = terms.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const render = byKey(terms).get('renderfunction')!;
    expect(render.text).toBe('render function');
    expect(render.frequency).toBe(4);
    expect(render.documentCount).toBe(2);
    expect(render.occurrences.every((o) => o.line > 0 && o.context.includes('render function'))).toBe(true);
    // Plurals merge on the head noun; the other surface becomes an alias.
    const watcher = byKey(terms).get('watcher')!;
    expect(watcher.frequency).toBe(3);
    expect(watcher.aliases).toContain('Watchers');
  });

  it('folds "Full Form (ABBR)" into the full form: the abbreviation is an alias and its occurrences count', async () => {
    const terms = await extractTerms(corpusOf({ fileName: 'guide.md', content: GUIDE_EN }), {}, recordingContext());
    const sfc = byKey(terms).get('singlefilecomponent')!;
    expect(sfc.text).toBe('Single-File Component');
    expect(sfc.aliases).toContain('SFC');
    // 2 full forms + 2 "SFC" + 1 "SFCs".
    expect(sfc.frequency).toBe(5);
    expect(sfc.aliases).toContain('SFCs');
    expect(byKey(terms).has('sfc')).toBe(false);
    expect(byKey(terms).has('sfcs')).toBe(false);
  });

  it('gives emphasised terms a score bonus', async () => {
    const text = (bold: boolean) =>
      `The ${bold ? '**ledger**' : 'ledger'} is kept daily. The journal is kept weekly.\n\nThe ledger and the journal are archived.\n`;
    const plain = byKey(await extractTerms(corpusOf({ fileName: 'a.md', content: text(false) }), {}, recordingContext()));
    const bold = byKey(await extractTerms(corpusOf({ fileName: 'a.md', content: text(true) }), {}, recordingContext()));
    expect(bold.get('ledger')!.score).toBeCloseTo(plain.get('ledger')!.score * EMPHASIS_BONUS, 9);
    expect(bold.get('journal')!.score).toBe(plain.get('journal')!.score);
  });

  it('reports progress and one log line with counts and timing', async () => {
    const ctx = recordingContext();
    const terms = await extractTerms(corpusOf({ fileName: 'guide.md', content: GUIDE_EN }), {}, ctx);
    expect(ctx.progress.length).toBeGreaterThanOrEqual(2);
    expect(ctx.progress.every((p) => p.step === 'EXTRACT')).toBe(true);
    const last = ctx.progress[ctx.progress.length - 1]!;
    expect(last.current).toBe(last.total);
    const log = ctx.logs.find((l) => l.step === 'EXTRACT')!;
    expect(log.fields).toMatchObject({ terms: terms.length, japaneseSentences: 0 });
    expect(typeof log.fields!.totalMs).toBe('number');
  });
});

describe('extract options', () => {
  const corpus = () => corpusOf({ fileName: 'guide.md', content: GUIDE_EN });

  it('never returns excluded terms, compared by normalised key', async () => {
    const terms = await extractTerms(corpus(), { excluded: ['Reactive  Stores', 'WATCHER'] }, recordingContext());
    expect(byKey(terms).has('reactivestore')).toBe(false);
    expect(byKey(terms).has('watcher')).toBe(false);
    expect(byKey(terms).has('renderfunction')).toBe(true);
  });

  it('keeps required terms even when rare or absent, and finds their occurrences in the text', async () => {
    const terms = await extractTerms(
      corpus(),
      { maxTerms: 2, minFrequency: 3, required: ['template', 'Teleport'] },
      recordingContext(),
    );
    const keys = terms.map((t) => t.key);
    expect(keys).toContain('template');
    expect(keys).toContain('teleport');
    expect(terms).toHaveLength(2);
    const teleport = byKey(terms).get('teleport')!;
    expect(teleport.frequency).toBe(0);
    expect(teleport.occurrences).toEqual([]);
  });

  it('finds a required phrase no extractor proposed by searching the text', async () => {
    const terms = await extractTerms(corpus(), { required: ['calls the render'] }, recordingContext());
    const phrase = byKey(terms).get(normalizeKey('calls the render'))!;
    expect(phrase.frequency).toBe(1);
    expect(phrase.occurrences[0]!.fileName).toBe('guide.md');
  });

  it('drops terms under minFrequency and cuts at maxTerms, best first', async () => {
    const all = await extractTerms(corpus(), { maxTerms: 1000 }, recordingContext());
    const frequent = await extractTerms(corpus(), { minFrequency: 3, maxTerms: 1000 }, recordingContext());
    expect(frequent.length).toBeLessThan(all.length);
    expect(frequent.every((t) => t.frequency >= 3)).toBe(true);
    const top3 = await extractTerms(corpus(), { maxTerms: 3 }, recordingContext());
    expect(top3.map((t) => t.key)).toEqual(all.slice(0, 3).map((t) => t.key));
  });

  it('returns required terms from an empty corpus', async () => {
    const terms = await extractTerms({ documents: [] }, { required: ['Hydration'] }, recordingContext());
    expect(terms.map((t) => [t.key, t.frequency])).toEqual([['hydration', 0]]);
  });

  it('caps an unbounded request at DEFAULT_MAX_TERMS', async () => {
    const many = Array.from({ length: DEFAULT_MAX_TERMS + 50 }, (_, i) => `The widget${i} handles gadget${i}.`).join('\n\n');
    const terms = await extractTerms(corpusOf({ fileName: 'many.md', content: many }), {}, recordingContext());
    expect(terms).toHaveLength(DEFAULT_MAX_TERMS);
  });
});

describe('extract cancellation', () => {
  it('stops within one batch when the run is cancelled during tagging', async () => {
    const text = Array.from({ length: CHECK_EVERY * 4 }, (_, i) => `Paragraph ${i} explains the reactive store.`).join('\n\n');
    const ctx = recordingContext();
    const reporter = ctx.reporter;
    ctx.reporter = {
      log: reporter.log,
      progress: (e) => {
        reporter.progress(e);
        if (e.current > 0) ctx.controller.abort();
      },
    };
    await expect(extractTerms(corpusOf({ fileName: 'long.md', content: text }), {}, ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(ctx.progress.filter((p) => p.current > 0).map((p) => p.current)).toEqual([CHECK_EVERY]);
  });
});

describe('alias harvesting', () => {
  it('finds the long form of an abbreviation by its letters (Schwartz–Hearst)', () => {
    expect(longForm('Each file is a Single-File Component', 'SFC')).toBe('Single-File Component');
    expect(longForm('we render a virtual document object model', 'VDOM')).toBe('virtual document object model');
    expect(longForm('the quick brown fox', 'SFC')).toBeNull();
  });

  it('pairs full forms and aliases in both languages, and ignores asides', () => {
    const known = new Set(['仮想 DOM', '非同期コンポーネント', 'キャッシュ'].map(normalizeKey));
    const isTerm = (k: string) => known.has(k);
    expect(findAliasPairs('A Single-File Component (SFC) holds a template.', isTerm)).toEqual([
      { full: 'Single-File Component', alias: 'SFC' },
    ]);
    expect(findAliasPairs('Use the SFC (Single-File Component) format.', isTerm)).toEqual([
      { full: 'Single-File Component', alias: 'SFC' },
    ]);
    expect(findAliasPairs('React は仮想 DOM（VDOM）を使います。', isTerm)).toEqual([{ full: '仮想 DOM', alias: 'VDOM' }]);
    expect(findAliasPairs('非同期コンポーネント（async component）は遅延読み込みされます。', isTerm)).toEqual([
      { full: '非同期コンポーネント', alias: 'async component' },
    ]);
    expect(findAliasPairs('The cache (see below) and the store (2010) differ (e.g. size).', isTerm)).toEqual([]);
    expect(findAliasPairs('キャッシュ（詳しくは後述）を使います。', isTerm)).toEqual([]);
  });

  it('merges a Japanese compound and its parenthetical English alias into one term', async () => {
    const ja = [
      '# 描画',
      '',
      'React は仮想 DOM（VDOM）を使います。',
      '仮想 DOM は差分だけを実際の DOM に反映します。',
      'VDOM の更新は速いです。',
      '非同期コンポーネント（async component）は遅延読み込みされます。',
      '非同期コンポーネントはルーターと一緒に使います。',
      '',
    ].join('\n');
    const terms = await extractTerms(corpusOf({ fileName: 'ja.md', content: ja }), {}, recordingContext());
    const vdom = byKey(terms).get(normalizeKey('仮想 DOM'))!;
    expect(vdom.language).toBe('ja');
    expect(vdom.aliases).toContain('VDOM');
    expect(vdom.frequency).toBeGreaterThanOrEqual(3);
    expect(byKey(terms).has('vdom')).toBe(false);
    expect(byKey(terms).get(normalizeKey('非同期コンポーネント'))?.aliases).toContain('async component');
  }, 30_000);
});

describe('merging languages', () => {
  const candidate = (key: string, language: 'ja' | 'en', score: number, n = 1): TermCandidate => ({
    key,
    language,
    surfaces: new Map([[key, n]]),
    score,
    category: 'technical_term',
    occurrences: Array.from({ length: n }, (_, i) => ({ fileName: `${language}.md`, line: i + 1, context: key })),
    aliases: [],
  });

  it('turns each language into rank quantiles so scales of C-value and FLR do not matter', () => {
    const en = [candidate('a', 'en', 900), candidate('b', 'en', 500), candidate('c', 'en', 100), candidate('d', 'en', 50)];
    const ja = [candidate('あ', 'ja', 3), candidate('い', 'ja', 1)];
    const merged = mergeLanguages([en, ja]);
    const order = [...merged.values()].sort((x, y) => y.score - x.score).map((c) => c.key);
    // Quantiles 0.8, 0.6, 0.4, 0.2 (English) and 0.67, 0.33 (Japanese): interleaved by list length…
    expect(order).toEqual(['a', 'あ', 'b', 'c', 'い', 'd']);
    // …and a short list's best term does not outrank a long list's best.
    expect(merged.get('a')!.score).toBeGreaterThan(merged.get('あ')!.score);
  });

  it('merges one key found in both languages: occurrences add up, the best quantile wins', () => {
    const merged = mergeLanguages([
      [candidate('api', 'en', 10, 2), candidate('x', 'en', 20)],
      [candidate('api', 'ja', 5, 3)],
    ]);
    const api = merged.get('api')!;
    expect(api.occurrences).toHaveLength(5);
    expect(api.language).toBe('ja');
    // Rank 1 of 1 in Japanese (0.5) beats rank 2 of 2 in English (1/3).
    expect(api.score).toBeCloseTo(0.5, 9);
  });

  it('ranks a mixed Japanese/English corpus as one list with terms of both languages near the top', async () => {
    const en = Array.from({ length: 3 }, () => GUIDE_EN).join('\n');
    const ja = [
      '# キャッシュ',
      '',
      '分散キャッシュはクラスタ全体でデータを共有します。',
      '分散キャッシュの整合性はレプリケーションで保たれます。',
      'レプリケーションは非同期で行われます。',
      '分散キャッシュとレプリケーションを監視します。',
      '',
    ].join('\n');
    const ctx = recordingContext();
    const terms = await extractTerms(corpusOf({ fileName: 'en.md', content: en }, { fileName: 'ja.md', content: ja }), { maxTerms: 10 }, ctx);
    const top = terms.slice(0, 6);
    expect(top.some((t) => t.language === 'ja')).toBe(true);
    expect(top.some((t) => t.language === 'en')).toBe(true);
    expect(terms.map((t) => t.key)).toContain(normalizeKey('分散キャッシュ'));
    const japaneseSentences = prepareCorpus([{ fileName: 'ja.md', content: ja }]).documents[0]!.sentences.length;
    expect(ctx.logs.find((l) => l.step === 'EXTRACT')!.fields).toMatchObject({ japaneseSentences });
  }, 30_000);

  it('counts tokens of both languages for the benchmark floor', async () => {
    const n = await tokenizeForBenchmark(
      corpusOf({ fileName: 'a.md', content: 'The reactive store holds state.\n\n分散キャッシュを使います。\n' }),
    );
    expect(n).toBeGreaterThan(8);
  }, 30_000);
});
