import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors';
import {
  extractJapaneseCandidates,
  flr,
  GENERAL_WORD_SCALE,
  generalWordFactor,
  GLOSS_BONUS,
  isLatinCandidate,
  loadJapaneseTokenizer,
  tokenizeJapanese,
} from '../../src/pipeline/extract/japanese';
import type { TermCandidate } from '../../src/pipeline/extract/candidate';
import { prepareCorpus, prepareDocument } from '../../src/pipeline/corpus';
import { extractTerms, mergeLanguages } from '../../src/pipeline/extract/index';
import { conceptSignals } from '../../src/pipeline/extract/signals';
import { recordingContext } from './fixtures';
import { normalizeKey } from '../../src/pipeline/normalize';
import type { Sentence } from '../../src/pipeline/types';

// A short technical document about a (fictional) web framework, written for these tests.
const TECH_DOC = `Mikan フレームワーク概要
本ライブラリは、仮想 DOM とリアクティブシステムを中心に設計されたフロントエンドフレームワークです。
仮想 DOM とは、実際の DOM ツリーを JavaScript のオブジェクトで表した軽量なコピーのことです。
画面を更新するとき、フレームワークは新しい仮想 DOM と古い仮想 DOM を比較し、差分だけを DOM ツリーに反映します。
この差分検出アルゴリズムにより、画面の更新は高速になります。
単一ファイルコンポーネント
単一ファイルコンポーネントは、テンプレートとスクリプトとスタイルを一つのファイルにまとめたものです。
単一ファイルコンポーネントの拡張子は .mikan です。
コンポーネントの状態はリアクティブシステムが管理します。
リアクティブシステムは状態の変更を検知して、必要な部分だけを再描画します。
サーバーサイドレンダリング
サーバーサイドレンダリングでは、サーバー上で HTML を生成してからブラウザに送ります。
サーバ側の設定はサーバ設定ファイルに書きます。サーバー設定ファイルの場所は mikan.config.js です。
静的な解析を行う静的解析ツールなども用意されています。
データ型の検査は型検査器が行います。技術的負債を減らすことが重要です。
2024 年の時点で、こと、もの、ため、場合などの一般的な言葉は用語ではありません。
Vue.js や HTTP2 との違いは付録で説明します。`;

// A short novel-like text with person, place and organisation names.
const NOVEL = `山田太郎は春の朝、京都の駅に降り立った。
太郎は佐藤花子からの手紙を読み返した。手紙には、東京で日本銀行に勤める兄の話が書かれていた。
花子は北海道の小さな町で育ったという。
山田太郎は横浜へ向かう列車に乗り、窓の外の景色を眺めた。`;

/** One sentence per 。 on each line, as the corpus step hands them over. */
function sentencesOf(fileName: string, text: string): Sentence[] {
  const sentences: Sentence[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const part of lineText.split(/(?<=。)/u)) {
      if (part.trim() === '') continue;
      sentences.push({
        index: sentences.length,
        fileName,
        line: i + 1,
        text: part,
        language: 'ja',
        kind: 'paragraph',
        heading: null,
        emphasized: [],
      });
    }
  });
  return sentences;
}

const live = (): AbortSignal => new AbortController().signal;

function byKey(candidates: TermCandidate[], surface: string): TermCandidate | undefined {
  const key = normalizeKey(surface);
  return candidates.find((c) => c.key === key);
}

function rankOf(candidates: TermCandidate[], surface: string): number {
  const key = normalizeKey(surface);
  const rank = candidates.findIndex((c) => c.key === key);
  if (rank < 0) throw new Error(`${surface} was not extracted`);
  return rank;
}

/** Candidates from one ad-hoc text (one sentence per line). */
async function extract(text: string): Promise<TermCandidate[]> {
  return extractJapaneseCandidates(sentencesOf('t.md', text), live());
}

let tech: TermCandidate[];
let novel: TermCandidate[];

beforeAll(async () => {
  await loadJapaneseTokenizer();
  tech = await extractJapaneseCandidates(sentencesOf('guide/overview.md', TECH_DOC), live());
  novel = await extractJapaneseCandidates(sentencesOf('story.md', NOVEL), live());
});

describe('loadJapaneseTokenizer', () => {
  it('builds the tokenizer once and hands every caller the same instance', async () => {
    const [a, b] = await Promise.all([loadJapaneseTokenizer(), loadJapaneseTokenizer()]);
    expect(a).toBe(b);
    expect(a.tokenize('東京').map((t) => t.pos_detail_2)).toEqual(['地域']);
  });
});

describe('tokenizeJapanese', () => {
  it('counts every morpheme, spaces included', async () => {
    // 仮想 / ␠ / DOM / ␠ / は  and  東京 / に / 行く
    expect(await tokenizeJapanese(['仮想 DOM は', '東京に行く'])).toBe(8);
    expect(await tokenizeJapanese([])).toBe(0);
  });
});

describe('compound nouns', () => {
  it('joins nouns, suffixes and unknown katakana into one term', () => {
    for (const term of ['単一ファイルコンポーネント', 'リアクティブシステム', '差分検出アルゴリズム', '型検査器', '静的解析ツール']) {
      expect(byKey(tech, term), term).toBeDefined();
    }
    // Parts of a compound are not counted as standalone occurrences.
    expect(byKey(tech, '検出')).toBeUndefined();
    expect(byKey(tech, '単一')).toBeUndefined();
  });

  it('joins a prefix to the noun after it but never keeps a prefix alone', async () => {
    const candidates = await extract('非同期処理と再レンダリングは新しい仕組みです。\n超高速な非同期処理。');
    expect(byKey(candidates, '非同期処理')?.occurrences).toHaveLength(2);
    expect(byKey(candidates, '再レンダリング')).toBeDefined();
    expect(byKey(candidates, 'レンダリング')).toBeUndefined();
    expect(candidates.some((c) => c.key === '超' || c.key === '再')).toBe(false);
  });

  it('keeps an adjective stem only when a noun follows it', () => {
    expect(byKey(tech, '静的解析ツール')).toBeDefined();
    expect(byKey(tech, '静的')).toBeUndefined();
    expect(byKey(tech, '重要')).toBeUndefined();
    // 「静的な解析」: な closes the compound, the noun after it stands alone.
    expect(byKey(tech, '解析')?.occurrences).toHaveLength(1);
    // 的 inside a compound stays (技術的負債), only a trailing one is trimmed.
    expect(byKey(tech, '技術的負債')).toBeDefined();
  });

  it('does not count a lone verbal noun used as a verb (更新する)', async () => {
    const candidates = await extract('画面を更新します。データの更新は速い。設定できる。仮想 DOM を再描画します。');
    expect(byKey(candidates, '更新')?.occurrences.map((o) => o.context)).toEqual(['データの更新は速い。']);
    expect(byKey(candidates, '設定')).toBeUndefined();
    // A compound before する is still a term (再 + 描画).
    expect(byKey(candidates, '再描画')).toBeDefined();
  });

  it('repairs a katakana loan word that IPADIC cut after a short known word', async () => {
    const candidates = await extract('開発サーバーはホットモジュールリプレースメントに対応しています。');
    expect(byKey(candidates, 'ホットモジュールリプレースメント')).toBeDefined();
    expect(candidates.some((c) => c.key.startsWith('トモジュル'))).toBe(false);
  });

  it('keeps a number inside a compound but never returns a quantity', async () => {
    const candidates = await extract(
      '三層構造と2段階認証と第一原理。第3章、2024年、約100ミリ秒、3時間、10個のノード、ステップ1、Vue 3。',
    );
    const keys = candidates.map((c) => c.key).sort();
    expect(keys).toEqual(['2段階認証', 'vue', 'ステップ', 'ノド', '三層構造', '第一原理'].sort());
  });

  it('joins adverb-like nouns of two characters or more, one-character ones only before a noun', async () => {
    const candidates = await extract('同期レプリケーションと応答時間。前処理とリリース前のテスト。現在の設定。');
    for (const term of ['同期レプリケーション', '応答時間', '前処理', 'リリース', 'テスト', '設定']) {
      expect(byKey(candidates, term), term).toBeDefined();
    }
    expect(byKey(candidates, 'リリース前')).toBeUndefined();
    expect(byKey(candidates, '現在')).toBeUndefined();
    expect(candidates).toHaveLength(6);
  });

  it('closes a compound at a verb or a particle', async () => {
    const candidates = await extract('設定ファイルを読み込む関数定義。');
    expect(byKey(candidates, '設定ファイル')).toBeDefined();
    expect(byKey(candidates, '関数定義')).toBeDefined();
    expect(byKey(candidates, '設定ファイルを読み込む関数定義')).toBeUndefined();
  });
});

describe('trimming and filters', () => {
  it('drops a leading 本 and trailing など/上/型/的', () => {
    expect(byKey(tech, 'ライブラリ')).toBeDefined();
    expect(byKey(tech, '本ライブラリ')).toBeUndefined();
    expect(byKey(tech, '静的解析ツールなど')).toBeUndefined();
    expect(byKey(tech, 'サーバー上')).toBeUndefined();
    expect(byKey(tech, 'データ型')).toBeUndefined();
    expect(byKey(tech, 'データ')).toBeDefined();
  });

  it('drops numbers, single kana, general words and symbols', async () => {
    const candidates = await extract('2024 年、3 つの場合、ことやもの、ための よう。ゑ と 123 と ＝ と => の例。');
    const keys = candidates.map((c) => c.key);
    for (const general of ['2024', '123', 'こと', 'もの', 'ため', '場合', 'よう', 'ゑ', '＝', '=>', '例']) {
      expect(keys, general).not.toContain(normalizeKey(general));
    }
    expect(byKey(tech, 'こと')).toBeUndefined();
  });
});

describe('Latin words in Japanese prose', () => {
  it('joins an alphabetic neighbour across one half-width space, as in 「仮想 DOM」', () => {
    const virtualDom = byKey(tech, '仮想 DOM');
    expect(virtualDom).toBeDefined();
    expect([...virtualDom!.surfaces.keys()]).toEqual(['仮想 DOM']);
    expect(virtualDom!.occurrences).toHaveLength(4);
    expect(byKey(tech, 'DOM ツリー')?.surfaces.get('DOM ツリー')).toBe(2);
    expect(byKey(tech, '仮想')).toBeUndefined();
  });

  it('does not join across two spaces or between two Japanese nouns', async () => {
    const candidates = await extract('仮想  DOM を使う。データ 構造 を使う。');
    expect(byKey(candidates, '仮想 DOM')).toBeUndefined();
    expect(byKey(candidates, 'DOM')).toBeDefined();
    expect(byKey(candidates, 'データ構造')).toBeUndefined();
    expect(byKey(candidates, 'データ')).toBeDefined();
  });

  it('keeps dotted names and letter+digit words whole and stops at English function words', async () => {
    expect(byKey(tech, 'Vue.js')).toBeDefined();
    expect(byKey(tech, 'HTTP2')).toBeDefined();
    expect(byKey(tech, 'mikan.config.js')).toBeDefined();
    const candidates = await extract('Server Side Rendering and Static Generation の比較。');
    expect(byKey(candidates, 'Server Side Rendering')).toBeDefined();
    expect(byKey(candidates, 'Static Generation')).toBeDefined();
    expect(candidates.some((c) => c.key.includes('and'))).toBe(false);
  });
});

describe('FLR ranking', () => {
  it('computes frequency × geometric mean of (left+1)(right+1) over the parts', () => {
    const left = new Map([['b', 1]]);
    const right = new Map([['a', 3]]);
    // a: (0+1)(3+1) = 4, b: (1+1)(0+1) = 2 → (4·2)^(1/4)
    expect(flr(2, ['a', 'b'], left, right)).toBeCloseTo(2 * 8 ** 0.25, 10);
    // A single noun uses its own adjacency: sqrt((1+1)(0+1)).
    expect(flr(3, ['b'], left, right)).toBeCloseTo(3 * Math.SQRT2, 10);
    expect(flr(5, ['unseen'], left, right)).toBe(5);
  });

  it('lets a prefix part count its right neighbours for its left side too: a prefix never has a left neighbour', async () => {
    const left = new Map([['引数', 2]]);
    const right = new Map([['仮', 3]]);
    // As published, 仮's left side is (0+1) by construction: (1·4 · 3·1)^(1/4).
    expect(flr(2, ['仮', '引数'], left, right)).toBeCloseTo(2 * 12 ** 0.25, 10);
    // A prefix's right side stands for both: (4·4 · 3·1)^(1/4).
    expect(flr(2, ['仮', '引数'], left, right, 1, new Set(['仮']))).toBeCloseTo(2 * 48 ** 0.25, 10);
    // Through the extractor: 仮 (接頭詞) opens 仮引数 twice and 仮変数 once.
    const text = ['仮引数を渡します。', '仮引数を使います。', '仮変数を置きます。'].join('\n');
    const shipped = await extractJapaneseCandidates(sentencesOf('p.md', text), live());
    expect(byKey(shipped, '仮引数')!.score).toBeCloseTo(2 * 48 ** 0.25, 10);
    const published = await extractJapaneseCandidates(sentencesOf('p.md', text), live(), undefined, { prefixAdjacency: false });
    expect(byKey(published, '仮引数')!.score).toBeCloseTo(2 * 12 ** 0.25, 10);
  });

  it('reads a one-kanji noun glued to a kanji noun as the end of one word (文字|列 is 文字列)', async () => {
    const text = ['文字列を返します。', '文字列リテラルを書きます。', '文字列を連結します。', '列を数えます。', '文字を数えます。'].join('\n');
    const candidates = await extractJapaneseCandidates(sentencesOf('s.md', text), live());
    // 列 alone has no neighbours of its own, and 文字 is no hub of the 文字列 compounds.
    expect(byKey(candidates, '列')!.score).toBe(1);
    expect(byKey(candidates, '文字')!.score).toBeLessThanOrEqual(1);
    // 文字列リテラル is two parts, 文字列 and リテラル, each with one neighbour: (2·2)^(1/4).
    expect(byKey(candidates, '文字列リテラル')!.score).toBeCloseTo(Math.SQRT2, 10);
    expect(byKey(candidates, '文字列')!.occurrences).toHaveLength(2);
  });

  it('puts the real compound terms above generic words', () => {
    for (const term of ['仮想 DOM', '単一ファイルコンポーネント']) {
      expect(rankOf(tech, term), term).toBeLessThan(3);
      for (const generic of ['画面', '更新', '軽量', 'コピー', 'オブジェクト']) {
        expect(rankOf(tech, term), `${term} vs ${generic}`).toBeLessThan(rankOf(tech, generic));
      }
    }
    expect(rankOf(tech, 'サーバ設定ファイル')).toBeLessThan(rankOf(tech, '設定'));
  });

  it('returns candidates sorted by score (Japanese words, then Latin-script terms on their own scale), frequency = occurrences', () => {
    const firstLatin = tech.findIndex(isLatinCandidate);
    expect(firstLatin).toBeGreaterThan(0);
    expect(tech.slice(firstLatin).every(isLatinCandidate)).toBe(true);
    for (const run of [tech.slice(0, firstLatin), tech.slice(firstLatin)]) {
      for (let i = 1; i < run.length; i++) expect(run[i - 1]!.score).toBeGreaterThanOrEqual(run[i]!.score);
    }
    for (const c of tech) {
      expect(c.language).toBe('ja');
      const surfaceTotal = [...c.surfaces.values()].reduce((a, b) => a + b, 0);
      expect(surfaceTotal).toBe(c.occurrences.length);
    }
  });
});

describe('general Japanese words (IPADIC word costs)', () => {
  // データ and 名前 are frequent in IPADIC's newspaper training text (low word costs); ソケット and
  // スコープ are dictionary words it never saw; イテレータ is not in the dictionary at all.
  const TEXT = [
    'データはソケットで送ります。', 'ソケットはデータを受け取ります。', 'データとソケットを閉じます。',
    '名前はスコープで決まります。', 'スコープには名前があります。', '名前とスコープを調べます。',
    'イテレータを使います。', 'イテレータを返します。', 'イテレータが終わります。',
  ].join('\n');

  it('ranks a word common in general Japanese below an equally frequent specific one', async () => {
    const ranked = await extract(TEXT);
    expect(rankOf(ranked, 'ソケット')).toBeLessThan(rankOf(ranked, 'データ'));
    expect(rankOf(ranked, 'スコープ')).toBeLessThan(rankOf(ranked, '名前'));
    expect(rankOf(ranked, 'イテレータ')).toBeLessThan(rankOf(ranked, 'データ'));
    // Without the factor the pairs have the same FLR (same frequency, no compounds).
    const plain = await extractJapaneseCandidates(sentencesOf('t.md', TEXT), live(), undefined, { generalWordScale: Infinity });
    expect(byKey(plain, 'データ')!.score).toBe(byKey(plain, 'ソケット')!.score);
    expect(byKey(ranked, 'ソケット')!.score).toBe(byKey(plain, 'ソケット')!.score);
    expect(byKey(ranked, 'データ')!.score).toBeLessThan(byKey(plain, 'データ')!.score);
    expect(byKey(ranked, 'イテレータ')!.score).toBe(byKey(plain, 'イテレータ')!.score);
  });

  it('judges only one-word terms: a compound of common words is not general', async () => {
    const ranked = await extract('名前空間を使います。\n名前空間を作ります。\n名前を付けます。\n名前を変えます。');
    const plain = await extractJapaneseCandidates(
      sentencesOf('t.md', '名前空間を使います。\n名前空間を作ります。\n名前を付けます。\n名前を変えます。'),
      live(),
      undefined,
      { generalWordScale: Infinity },
    );
    expect(byKey(ranked, '名前空間')!.score).toBe(byKey(plain, '名前空間')!.score);
    expect(byKey(ranked, '名前')!.score).toBeLessThan(byKey(plain, '名前')!.score);
  });

  it('generalWordFactor is 1 for specific words and falls with generality', () => {
    expect(generalWordFactor(0, GENERAL_WORD_SCALE)).toBe(1);
    expect(generalWordFactor(500, Infinity)).toBe(1);
    expect(generalWordFactor(GENERAL_WORD_SCALE, GENERAL_WORD_SCALE)).toBeCloseTo(Math.exp(-1), 10);
    expect(generalWordFactor(2000, 1000)).toBeLessThan(generalWordFactor(500, 1000));
  });
});

describe('verbal nouns used as verbs', () => {
  // 圧縮 and 変換 are both verbal nouns (サ変接続) used three times as nouns; 圧縮 is also used three
  // times as the verb 「圧縮する」, so there it names an action, not a term.
  const TEXT = [
    '圧縮の設定を読みます。', '圧縮の結果を返します。', '圧縮の速度を測ります。',
    'データを圧縮します。', 'ファイルを圧縮して送ります。', 'ログは圧縮されます。',
    '変換の設定を読みます。', '変換の結果を返します。', '変換の速度を測ります。',
  ].join('\n');

  it('scales a verbal noun by the share of its uses that are nouns', async () => {
    // Both words are judged as specific here, so only the verb uses tell them apart.
    const ranked = await extractJapaneseCandidates(sentencesOf('t.md', TEXT), live(), undefined, { generalWordScale: Infinity });
    const plain = await extractJapaneseCandidates(sentencesOf('t.md', TEXT), live(), undefined, { generalWordScale: Infinity, verbalWeight: 0 });
    expect(byKey(plain, '圧縮')!.score).toBe(byKey(plain, '変換')!.score);
    expect(byKey(ranked, '圧縮')!.score).toBeCloseTo(byKey(plain, '圧縮')!.score * (3 / 6), 10);
    expect(byKey(ranked, '変換')!.score).toBe(byKey(plain, '変換')!.score);
    expect(rankOf(ranked, '変換')).toBeLessThan(rankOf(ranked, '圧縮'));
  });
});

describe('terms glossed with their English name', () => {
  // ミドルウェア and プラグイン occur equally often in the same kind of sentence; only the first is
  // introduced with its English name, as Japanese technical writers do with the terms they define.
  const TEXT = [
    'ミドルウェア (middleware) を登録します。', 'ミドルウェアを呼びます。', 'ミドルウェアを外します。',
    'プラグインを登録します。', 'プラグインを呼びます。', 'プラグインを外します。',
    'カウンタ (x) を増やします。', 'カウンタを読みます。', 'カウンタを消します。',
  ].join('\n');

  it('ranks a term the text glosses in English above an equally frequent one it does not', async () => {
    const ranked = await extract(TEXT);
    const plain = await extractJapaneseCandidates(sentencesOf('t.md', TEXT), live(), undefined, { glossBonus: 1 });
    expect(byKey(ranked, 'ミドルウェア')!.score).toBe(GLOSS_BONUS * byKey(plain, 'ミドルウェア')!.score);
    expect(byKey(ranked, 'プラグイン')!.score).toBe(byKey(plain, 'プラグイン')!.score);
    expect(rankOf(ranked, 'ミドルウェア')).toBeLessThan(rankOf(ranked, 'プラグイン'));
  });

  it('does not count a one-letter variable in parentheses as a gloss', async () => {
    const ranked = await extract(TEXT);
    const plain = await extractJapaneseCandidates(sentencesOf('t.md', TEXT), live(), undefined, { glossBonus: 1 });
    expect(byKey(ranked, 'カウンタ')!.score).toBe(byKey(plain, 'カウンタ')!.score);
  });
});

describe('Latin-script terms in Japanese text (issue 11)', () => {
  /** The Latin-script candidates of a text, best first, as keys. */
  async function latinRanking(text: string, options = {}): Promise<string[]> {
    const candidates = await extractJapaneseCandidates(sentencesOf('t.md', text), live(), undefined, options);
    return candidates.filter(isLatinCandidate).sort((a, b) => b.score - a.score).map((c) => c.key);
  }

  it('ranks a word rare in general English above a more frequent common one (iterable over type)', async () => {
    const text = [
      'リストや辞書は iterable です。', 'iterable の要素を順に取り出します。', 'for 文は iterable を受け取ります。',
      '変数の type を調べます。', 'type は組み込みの名前です。', 'type を返します。', 'オブジェクトの type が同じなら比較できます。', 'type オブジェクトを作ります。',
    ].join('\n');
    const ranked = await latinRanking(text);
    expect(ranked.indexOf('iterable')).toBeLessThan(ranked.indexOf('type'));
    // FLR alone ranks by frequency here: a Latin word has no Japanese neighbours.
    const byFlr = await latinRanking(text, { latinAsEnglish: false });
    expect(byFlr.indexOf('type')).toBeLessThan(byFlr.indexOf('iterable'));
  });

  it('judges a lower-case phrase as a whole: "text file" ranks above the general word "file"', async () => {
    const text = [
      'ファイルを text file として開きます。', 'text file を読みます。',
      'この file は閉じられています。', 'file を開きます。', 'file の名前を指定します。',
    ].join('\n');
    const ranked = await latinRanking(text);
    expect(ranked.indexOf('textfile')).toBeLessThan(ranked.indexOf('file'));
  });

  it('does not judge a phrase used once as a whole: one mention of a long phrase is no term', async () => {
    const text = [
      'リストや辞書は iterable です。', 'iterable の要素を順に取り出します。', 'for 文は iterable を受け取ります。',
      '詳しくは python packaging user guide を参照してください。',
    ].join('\n');
    const ranked = await latinRanking(text);
    expect(ranked.indexOf('iterable')).toBeLessThan(ranked.indexOf('pythonpackaginguserguide'));
  });

  it('puts code at the bottom: calls, short unknown abbreviations, one-letter words, phrases with them', async () => {
    const text = [
      '関数 enumerate(x) を呼びます。', 'enumerate(y) も使えます。', 'enumerate(z) を返します。',
      'obj を渡します。', 'obj は値です。', 'obj の属性を読みます。',
      'op1 b op2 を計算します。', 'op1 b op2 の結果です。', 'op1 b op2 を返します。',
      'B を返します。', 'B の要素です。', 'B を転置します。', 'B を足します。', 'B を読みます。', 'B を捨てます。',
      'モジュールの docstring を書きます。',
    ].join('\n');
    const candidates = await extractJapaneseCandidates(sentencesOf('t.md', text), live());
    const docstring = byKey(candidates, 'docstring')!.score;
    for (const code of ['enumerate', 'obj', 'op1bop2', 'b']) expect(byKey(candidates, code)!.score, code).toBeLessThan(docstring);
  });

  it('puts a name the text writes before a class noun a third of the time with code (「Enum クラス」「IntFlag のメンバー」)', async () => {
    const text = [
      'Enum クラスを継承します。', 'Enum メンバーを比較します。', 'Enum は列挙型です。', 'Enum の値を返します。',
      'IntFlag のメンバーは整数です。', 'IntFlag を使います。', 'IntFlag を組み合わせます。',
      'モジュールの docstring を書きます。',
      // A language or an adjective before オブジェクト is no class name: Python and iterable stay terms.
      'Python オブジェクトを作ります。', 'Python を使います。', 'iterable オブジェクトを渡します。', 'iterable を受け取ります。',
    ].join('\n');
    const candidates = await extractJapaneseCandidates(sentencesOf('t.md', text), live());
    const docstring = byKey(candidates, 'docstring')!.score;
    for (const code of ['enum', 'intflag']) expect(byKey(candidates, code)!.score, code).toBeLessThan(docstring);
    for (const term of ['python', 'iterable']) expect(byKey(candidates, term)!.score, term).toBeGreaterThan(byKey(candidates, 'enum')!.score * 100);
    // Without the rule, Enum (two plain uses, unknown to general English) ranks above docstring (one use).
    const without = await extractJapaneseCandidates(sentencesOf('t.md', text), live(), undefined, { latinClassFrame: false });
    expect(byKey(without, 'enum')!.score).toBeGreaterThan(byKey(without, 'docstring')!.score);
  });

  it('counts a Latin word inside an inline code span as code (`(const char *)`)', async () => {
    const markdown = [
      '`$arg1` : `(const char *)` ファイル名です。', '', '`$arg2` : `(const char *)` 関数名です。', '',
      'モジュールの docstring を書きます。', '', 'docstring は説明です。', '',
    ].join('\n');
    const { sentences } = prepareDocument({ fileName: 'probes.md', content: markdown });
    const candidates = await extractJapaneseCandidates(sentences.filter((s) => s.language === 'ja'), live());
    // Without the rule, "const char" (a phrase used twice, unknown to general English) outranks docstring.
    expect(byKey(candidates, 'const char')!.score).toBeLessThan(byKey(candidates, 'docstring')!.score / 100);
  });

  it('folds the singular of a plural English gloss into the Japanese term (「ハンドラ (handlers)」 names handler)', async () => {
    const text = [
      'ハンドラ (handlers) はイベントを処理します。', 'ハンドラを追加します。', 'ハンドラを削除します。',
      'ロガーに handler を登録します。', 'この handler は一つです。', '',
    ].join('\n\n');
    const terms = await extractTerms(prepareCorpus([{ fileName: 'h.md', content: text }]), {}, recordingContext());
    const handler = terms.find((t) => t.key === normalizeKey('ハンドラ'))!;
    expect(handler.aliases).toEqual(expect.arrayContaining(['handlers', 'handler']));
    expect(handler.frequency).toBe(6); // 3 ハンドラ, 1 handlers, 2 handler
    expect(terms.some((t) => t.key === 'handler')).toBe(false);
  }, 30_000);

  it('ranks a lower-case word kept in English above an acronym used a little more often (text file over RFC)', async () => {
    const text = ['text file を開きます。', 'text file に書きます。', 'RFC を読みます。', 'RFC に従います。', 'RFC を引きます。', 'RFC を探します。'].join('\n');
    const ranked = await latinRanking(text);
    expect(ranked.indexOf('textfile')).toBeLessThan(ranked.indexOf('rfc'));
    const flat = await latinRanking(text, { latinLowerCaseFactor: 1 });
    expect(flat.indexOf('rfc')).toBeLessThan(flat.indexOf('textfile'));
  });

  it('ranks an English gloss apart from the English words kept in the text (「仮引数 (parameter)」)', async () => {
    const text = ['仮引数 (parameter) を使います。', '仮引数 (parameter) を渡します。', 'この parameter は省略できます。', 'モジュールの docstring を書きます。'].join('\n');
    const candidates = await extractJapaneseCandidates(sentencesOf('g.md', text), live());
    const parameter = byKey(candidates, 'parameter')!;
    // One use of three is not a gloss: the list ranks it by that use, the glosses by all three.
    expect(parameter.glossScore).toBeCloseTo(parameter.score * 3, 9);
    const together = await extractJapaneseCandidates(sentencesOf('g.md', text), live(), undefined, { latinGlossesApart: false });
    expect(byKey(together, 'parameter')!.score).toBeCloseTo(parameter.glossScore!, 9);
    expect(byKey(together, 'parameter')!.glossScore).toBeUndefined();

    // In the merge a gloss takes the quantile its score would have, and pushes no term of its list down.
    const c = (key: string, score: number, glossScore?: number): TermCandidate => ({
      key, language: 'ja', surfaces: new Map([[key, 1]]), score, category: 'technical_term',
      occurrences: [{ fileName: 'g.md', line: 1, context: key }], aliases: [], ...(glossScore === undefined ? {} : { glossScore }),
    });
    const merged = mergeLanguages([[c('a', 10), c('b', 8), c('gloss', 0, 9)]]);
    expect(merged.get('gloss')!.score).toBeCloseTo(1 - 2 / 4, 9);
    expect(merged.get('b')!.score).toBeCloseTo(1 - 2 / 4, 9);
    expect(mergeLanguages([[c('a', 10), c('b', 8), c('gloss', 9)]]).get('b')!.score).toBeCloseTo(1 - 3 / 4, 9);
  });

  it('leaves out the byline after a 「著者」 heading: an author is no term of the text', async () => {
    const markdown = (author: string) =>
      ['## デスクリプタ ガイド', '', '## 著者', '', `## ${author}`, '', 'デスクリプタは属性の参照を制御します。', '', 'デスクリプタを定義します。', ''].join('\n');
    const corpus = prepareCorpus([
      { fileName: 'a.md', content: markdown('Raymond Hettinger') },
      { fileName: 'b.md', content: markdown('Andrew Dalke and Raymond Hettinger') },
      // A sentence that mentions the author keeps its words, and so does a section's prose.
      { fileName: 'c.md', content: 'この記事は Raymond Hettinger が書きました。\n' },
      { fileName: 'd.md', content: '## 問い合わせ先\n\n再試行バジェットについてはゲートウェイチームに連絡してください。\n' },
    ]);
    const terms = await extractTerms(corpus, {}, recordingContext());
    expect(terms.some((t) => t.key === normalizeKey('再試行バジェット'))).toBe(true);
    const hettinger = terms.find((t) => t.key === 'raymondhettinger');
    expect(hettinger?.occurrences.map((o) => o.fileName)).toEqual(['c.md']);
    expect(terms.some((t) => t.key === normalizeKey('デスクリプタ'))).toBe(true);
  }, 30_000);

  it('does not lift a Title-Case name above a technical word used as often', async () => {
    const text = ['著者は Raymond Hettinger です。', '協力: Raymond Hettinger', 'モジュールの docstring を書きます。', 'docstring は説明です。'].join('\n');
    const candidates = await extractJapaneseCandidates(sentencesOf('t.md', text), live());
    expect(byKey(candidates, 'raymondhettinger')!.score).toBeLessThanOrEqual(byKey(candidates, 'docstring')!.score);
  });
});

describe('ranking on a longer guide', () => {
  // The terms a glossary of tests/pipeline/fixtures/japanese-guide.md should hold, chosen by reading it.
  const GOLD = new Set(
    [
      '仮想 DOM', 'DOM ツリー', '差分検出アルゴリズム', '仮想ノード', 'キー属性', 'リアクティブシステム',
      'リアクティブオブジェクト', '依存関係追跡', '依存関係', '算出プロパティ', 'ウォッチャー', 'クリーンアップ関数',
      '単一ファイルコンポーネント', 'テンプレート構文', 'ディレクティブ', '双方向バインディング', 'スコープ付きスタイル',
      'プロパティ', 'カスタムイベント', 'イベントハンドラ', 'イベントリスナー', 'スロット', '名前付きスロット',
      '依存性注入', 'ライフサイクル', 'ライフサイクルフック', 'マウント', 'アンマウント', '状態管理', '状態管理ライブラリ',
      'ストア', 'アクション', '開発者ツール', 'ルーター', '経路', '経路パラメータ', 'ナビゲーションガード',
      '非同期コンポーネント', '遅延読み込み', 'バンドルサイズ', 'サーバーサイドレンダリング', 'ハイドレーション',
      '静的サイト生成', 'サーバ設定ファイル', '開発サーバー', 'ホットモジュールリプレースメント', 'ビルドツール',
      'ツリーシェイキング', '型推論', '型注釈', 'テストランナー', 'コンポーネント', '親コンポーネント', '子コンポーネント',
      '祖先コンポーネント', '子孫コンポーネント', 'HTML', 'CSS', 'JavaScript', 'TypeScript', 'Mikan', '条件付き描画',
      'リスト描画', '再描画', '更新サイクル', 'm-if', 'm-for', 'mikan.config.js', 'DOM 操作', 'DOM 要素', 'テンプレート',
      'スクリプト', 'スタイル', 'ノード',
    ].map(normalizeKey),
  );
  const precisionAt = (list: TermCandidate[], n: number): number =>
    list.slice(0, n).filter((c) => GOLD.has(c.key)).length / n;

  it('has mostly real terms at the top, more than ranking by frequency alone', async () => {
    const guide = readFileSync(new URL('./fixtures/japanese-guide.md', import.meta.url), 'utf8');
    const ranked = await extract(guide.replace(/^#+ /gmu, ''));
    const byFrequency = [...ranked].sort(
      (a, b) => b.occurrences.length - a.occurrences.length || (a.key < b.key ? -1 : 1),
    );
    expect(precisionAt(ranked, 20)).toBeGreaterThanOrEqual(0.85);
    expect(precisionAt(ranked, 30)).toBeGreaterThanOrEqual(0.85);
    expect(precisionAt(ranked, 20)).toBeGreaterThan(precisionAt(byFrequency, 20));
    // Nearly every gold term is a candidate at all (the recall ceiling of the compound rules).
    expect(ranked.filter((c) => GOLD.has(c.key)).length).toBeGreaterThanOrEqual(GOLD.size - 2);
  });

  it('holds up on a second domain (database operations)', async () => {
    const gold = new Set(
      [
        'トランザクション', '原子性', '一貫性', '独立性', '永続性', '分離レベル', 'ダーティリード', 'ファントムリード',
        'ロック競合', 'インデックス', 'テーブル', 'データ構造', '複合インデックス', 'カバリングインデックス',
        '書き込み性能', '実行計画', 'フルスキャン', 'クエリ', 'レプリケーション', 'プライマリサーバー', 'レプリカ',
        '非同期レプリケーション', '同期レプリケーション', '読み取り負荷', 'レプリケーション遅延', 'フェイルオーバー',
        '自動フェイルオーバー', 'スプリットブレイン', 'バックアップ', '論理バックアップ', '物理バックアップ', 'リストア',
        'SQL 文', 'データファイル', 'ポイントインタイムリカバリ', '先行書き込みログ', 'コネクションプール', '接続数',
        'データベースサーバー', 'スロークエリログ', 'データベース', '待ち行列', '応答時間', 'ネットワーク帯域',
        'ディスク性能', '接続管理', 'ログ',
      ].map(normalizeKey),
    );
    const doc = readFileSync(new URL('./fixtures/japanese-database.md', import.meta.url), 'utf8');
    const ranked = await extract(doc.replace(/^#+ /gmu, ''));
    const precision = (n: number): number => ranked.slice(0, n).filter((c) => gold.has(c.key)).length / n;
    expect(precision(10)).toBeGreaterThanOrEqual(0.9);
    expect(precision(20)).toBeGreaterThanOrEqual(0.85);
    expect(ranked.filter((c) => gold.has(c.key)).length).toBeGreaterThanOrEqual(gold.size - 1);
  });
});

describe('categories', () => {
  it('maps IPADIC proper-noun subtypes to person, place and organisation', () => {
    expect(byKey(novel, '山田太郎')?.category).toBe('person_name');
    expect(byKey(novel, '佐藤花子')?.category).toBe('person_name');
    expect(byKey(novel, '花子')?.category).toBe('person_name');
    for (const place of ['京都', '東京', '北海道', '横浜']) expect(byKey(novel, place)?.category, place).toBe('place_name');
    expect(byKey(novel, '日本銀行')?.category).toBe('organization');
  });

  it('keeps Latin words technical (IPADIC tags unknown words 固有名詞-組織) and lone one-character nouns common', () => {
    expect(byKey(tech, 'HTML')?.category).toBe('technical_term');
    expect(byKey(tech, 'JavaScript')?.category).toBe('technical_term');
    expect(byKey(tech, 'リアクティブシステム')?.category).toBe('technical_term');
    expect(byKey(novel, '窓')?.category).toBe('common_noun');
  });

  it('never calls an unknown katakana word an organisation', async () => {
    // Alone on a line IPADIC's unknown-word model tags these 名詞-固有名詞-組織.
    const candidates = await extract('プロパティ\nウォッチャー\nディレクティブ');
    expect(candidates.map((c) => c.category)).toEqual(['technical_term', 'technical_term', 'technical_term']);
    expect(byKey(novel, '手紙')?.category).toBe('technical_term');
  });
});

describe('occurrences', () => {
  it('cite the file, the line and a short context around the term', () => {
    const ssr = byKey(tech, 'サーバーサイドレンダリング')!;
    expect(ssr.occurrences.map((o) => o.line)).toEqual([11, 12]);
    for (const o of ssr.occurrences) {
      expect(o.fileName).toBe('guide/overview.md');
      expect(o.context).toContain('サーバーサイドレンダリング');
    }
    const diff = byKey(tech, '差分検出アルゴリズム')!;
    expect(diff.occurrences).toEqual([
      { fileName: 'guide/overview.md', line: 5, context: 'この差分検出アルゴリズムにより、画面の更新は高速になります。' },
    ]);
  });

  it('cut long sentences to about 60 characters centred on the term, marking the cuts', async () => {
    const long: Sentence = {
      index: 0,
      fileName: 'long.md',
      line: 1,
      // Two sentences with no break between them, as a corpus might hand over a run-on paragraph.
      text:
        'サーバーサイドレンダリングでは、サーバー上でコンポーネントを HTML に変換してからブラウザに送ります。' +
        'サーバーサイドレンダリングを使うと、初期表示が速くなり、検索エンジンにも内容が伝わりやすくなります。',
      language: 'ja',
      kind: 'paragraph',
      heading: null,
      emphasized: [],
    };
    const candidates = await extractJapaneseCandidates([long], live());
    const [html] = byKey(candidates, 'HTML')!.occurrences;
    expect(html!.context).toMatch(/^….*HTML.*…$/u);
    expect(html!.context.length).toBeLessThanOrEqual(62);
    expect(html!.context.length).toBeGreaterThan(55);
    // A short sentence is its own context.
    expect(byKey(tech, '差分検出アルゴリズム')!.occurrences[0]!.context).toBe(
      'この差分検出アルゴリズムにより、画面の更新は高速になります。',
    );
  });

  it('cite the source line of each term in a Markdown paragraph wrapped over lines (corpus sentences)', async () => {
    const markdown = [
      '# 概要', // 1
      '', // 2
      '仮想 DOM とは、実際の DOM ツリーを', // 3
      'JavaScript のオブジェクトで表した', // 4
      '軽量なコピーのことです。リアクティブシステムは', // 5
      '状態の変更を検知します。', // 6
    ].join('\n');
    const { sentences } = prepareDocument({ fileName: 'docs/a.md', content: markdown });
    const candidates = await extractJapaneseCandidates(sentences, live());
    const lineOf = (term: string): number | undefined => byKey(candidates, term)?.occurrences[0]?.line;
    expect(lineOf('仮想 DOM')).toBe(3);
    expect(lineOf('DOM ツリー')).toBe(3);
    expect(lineOf('JavaScript')).toBe(4);
    expect(lineOf('オブジェクト')).toBe(4);
    expect(lineOf('コピー')).toBe(5);
    expect(lineOf('リアクティブシステム')).toBe(5);
    expect(byKey(candidates, 'リアクティブシステム')?.occurrences[0]?.context).toBe('リアクティブシステムは状態の変更を検知します。');
  });

  it('give the real line of a term in a sentence that spans lines', async () => {
    const sentence: Sentence = {
      index: 0,
      fileName: 'wrapped.md',
      line: 10,
      text: 'リアクティブシステムは状態の変更を検知して、\n必要な部分だけを仮想 DOM で\n再描画します。',
      language: 'ja',
      kind: 'paragraph',
      heading: null,
      emphasized: [],
    };
    const candidates = await extractJapaneseCandidates([sentence], live());
    expect(byKey(candidates, 'リアクティブシステム')?.occurrences[0]?.line).toBe(10);
    const dom = byKey(candidates, '仮想 DOM')!.occurrences[0]!;
    expect(dom.line).toBe(11);
    expect(dom.context).not.toContain('\n');
    expect(byKey(candidates, '再描画')?.occurrences[0]?.line).toBe(12);
  });
});

describe('long lines', () => {
  it('cuts a line with no 、。 into pieces at spaces without losing or splitting a term', async () => {
    // ~9,500 characters in one table-like line: kuromoji's lattice is quadratic in such a piece.
    const line = Array.from({ length: 400 }, (_, i) => `仮想DOMツリー${i} とリアクティブシステム`).join(' ');
    const candidates = await extract(line);
    expect(byKey(candidates, '仮想DOMツリー')?.occurrences).toHaveLength(400);
    expect(byKey(candidates, 'リアクティブシステム')?.occurrences).toHaveLength(400);
    expect(candidates).toHaveLength(2);
  });
});

describe('variants', () => {
  it('lets サーバー and サーバ meet under one key and counts each surface', () => {
    const config = byKey(tech, 'サーバー設定ファイル')!;
    expect(config.key).toBe(normalizeKey('サーバ設定ファイル'));
    expect(Object.fromEntries(config.surfaces)).toEqual({ サーバ設定ファイル: 1, サーバー設定ファイル: 1 });
    expect(config.occurrences).toHaveLength(2);
  });

  it('takes no word out of a code name with underscores (`__get__`, desc.__get__(obj)), but keeps snake_case whole', async () => {
    const candidates = await extract('その __get__ メソッドは定数を返します。\ndesc.__get__(obj) を使うとデスクリプタを直接呼び出せます。\nget_value 関数と get_value 関数。');
    expect(byKey(candidates, 'get')).toBeUndefined();
    expect(byKey(candidates, 'メソッド')).toBeDefined();
    expect(byKey(candidates, 'get_value 関数')?.occurrences).toHaveLength(2);
  });

  it('merges full-width and half-width Latin letters', async () => {
    const candidates = await extract('ＤＯＭ ツリーと DOM ツリー。');
    const tree = byKey(candidates, 'DOM ツリー')!;
    expect(tree.occurrences).toHaveLength(2);
    expect(tree.surfaces.size).toBe(2);
  });
});

describe('cancellation', () => {
  it('throws CancelledError for a signal that has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(extractJapaneseCandidates(sentencesOf('t.md', TECH_DOC), controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it('stops a long run when the signal fires while it works', async () => {
    const many = sentencesOf('t.md', Array.from({ length: 60 }, () => TECH_DOC).join('\n'));
    expect(many.length).toBeGreaterThan(1000);
    const controller = new AbortController();
    const run = extractJapaneseCandidates(many, controller.signal);
    setImmediate(() => controller.abort());
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('what the author marks (Japanese)', () => {
  it('reads bold on a verbal noun used as a verb as stress, not as a term (「この差を **表示** しない」)', () => {
    const marked = (content: string) => conceptSignals(prepareDocument({ fileName: 'a.md', content }).sentences).marked;
    expect(marked('言語によっては、この差を **表示** しないかもしれません。').has(normalizeKey('表示'))).toBe(false);
    expect(marked('値は丸めて **表示** されます。').has(normalizeKey('表示'))).toBe(false);
    // As a noun it is the author's mark.
    expect(marked('**表示** とは、値を画面に出すことです。').has(normalizeKey('表示'))).toBe(true);
    expect(marked('この **表示** は丸められています。').has(normalizeKey('表示'))).toBe(true);
  });
});
