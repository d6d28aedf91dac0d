import { describe, expect, it } from 'vitest';
import { detectLanguage, inlineToText, occurrenceIn, prepareCorpus, sentenceEnds, sentenceLineAt } from '../../src/pipeline/corpus';
import type { Sentence } from '../../src/pipeline/types';

const sentencesOf = (content: string, fileName = 'doc.md'): Sentence[] =>
  prepareCorpus([{ fileName, content }]).documents[0]!.sentences;
const texts = (content: string, fileName?: string) => sentencesOf(content, fileName).map((s) => s.text);

describe('prepareCorpus: Markdown structure', () => {
  it('drops front matter, fenced and indented code, and HTML blocks, keeping line numbers exact', () => {
    const md = [
      '---', // 1
      'title: Front matter is not prose.', // 2
      '---', // 3
      'First paragraph.', // 4
      '', // 5
      '```ts', // 6
      'const code = "not prose";', // 7
      '```', // 8
      '', // 9
      '    indented code is not prose', // 10
      '', // 11
      '<div>', // 12
      'HTML block text', // 13
      '</div>', // 14
      '', // 15
      '<!-- a comment', // 16
      'spanning lines -->', // 17
      'Last paragraph.', // 18
    ].join('\n');
    const s = sentencesOf(md);
    expect(s.map((x) => [x.text, x.line])).toEqual([
      ['First paragraph.', 4],
      ['Last paragraph.', 18],
    ]);
  });

  it('keeps headings, list items, table cells and quotes with their kind and nearest heading', () => {
    const md = [
      '# Guide', // 1
      'Intro text.', // 2
      '## Setup', // 3
      '- first item', // 4
      '1. numbered item', // 5
      '', // 6
      '| Term | Meaning |', // 7
      '|------|---------|', // 8
      '| SFC | a file |', // 9
      '', // 10
      '> A quoted remark.', // 11
      '', // 12
      'Other', // 13
      '=====', // 14
      'Under setext.', // 15
    ].join('\n');
    const s = sentencesOf(md);
    expect(s.map((x) => [x.kind, x.text, x.line, x.heading])).toEqual([
      ['heading', 'Guide', 1, null],
      ['paragraph', 'Intro text.', 2, 'Guide'],
      ['heading', 'Setup', 3, 'Guide'],
      ['list', 'first item', 4, 'Setup'],
      ['list', 'numbered item', 5, 'Setup'],
      // A | Term | Meaning | table is a glossary: one "term: definition" unit per row, no header (issue 11).
      ['table', 'SFC: a file', 9, 'Setup'],
      ['quote', 'A quoted remark.', 11, 'Setup'],
      ['heading', 'Other', 13, 'Setup'],
      ['paragraph', 'Under setext.', 15, 'Other'],
    ]);
  });

  it('strips inline markup: links keep their text, emphasis markers go, inline code text stays', () => {
    const [s] = sentencesOf('See the [router guide](https://x.dev/r "t") for **named routes**, `useRoute()` and _scoped_ <span>slots</span>.');
    expect(s!.text).toBe('See the router guide for named routes, useRoute() and scoped slots.');
    expect(s!.emphasized).toEqual(expect.arrayContaining(['named routes', 'useRoute()']));
    expect(s!.emphasized).not.toContain('scoped');
  });

  it('decodes HTML entities after removing tags', () => {
    const [s] = sentencesOf('Use &lt;div&gt; &amp; <b>bold</b> &#x3042;&#12354; here.');
    expect(s!.text).toBe('Use <div> & bold ああ here.');
  });

  it('records 「」 and 『』 quoted spans as emphasis', () => {
    const [s] = sentencesOf('この仕組みを「リアクティブ」と呼び、『公式ガイド』で説明する。');
    expect(s!.emphasized).toEqual(['リアクティブ', '公式ガイド']);
  });

  it('keeps a fence inside a blockquote out of the prose', () => {
    const md = ['> Quoted intro.', '> ```js', '> const x = 1;', '> ```', '> Quoted outro.', '', 'After.'].join('\n');
    expect(sentencesOf(md).map((s) => [s.text, s.line])).toEqual([
      ['Quoted intro.', 1],
      ['Quoted outro.', 5],
      ['After.', 7],
    ]);
  });

  it('keeps a fence opened inside a list item out of the prose', () => {
    const md = ['- step one', '    ```sh', '    npm run build', '    ```', '- step two'].join('\n');
    expect(texts(md)).toEqual(['step one', 'step two']);
  });

  it('accepts CRLF and a BOM and still numbers lines from 1', () => {
    const s = sentencesOf('\ufeff# Title\r\n\r\nBody line.\r\n');
    expect(s.map((x) => [x.text, x.line])).toEqual([
      ['Title', 1],
      ['Body line.', 3],
    ]);
  });
});

describe('prepareCorpus: sentences', () => {
  it('splits English on . ! ? before a capital but not after abbreviations or initials', () => {
    expect(texts('Use it, e.g. in tests. Dr. Smith wrote Fig. 3 vs. Fig. 4! Is it J. R. Smith? Yes.')).toEqual([
      'Use it, e.g. in tests.',
      'Dr. Smith wrote Fig. 3 vs. Fig. 4!',
      'Is it J. R. Smith?',
      'Yes.',
    ]);
  });

  it('does not split version numbers or lower-case continuations', () => {
    expect(texts('Version 3.5 is out. it continues here.')).toEqual(['Version 3.5 is out. it continues here.']);
  });

  it('splits Japanese on 。！？ and keeps a closing bracket with its sentence', () => {
    expect(texts('これはペンです。「本当ですか？」と聞いた。すごい！次へ')).toEqual([
      'これはペンです。',
      '「本当ですか？」',
      'と聞いた。',
      'すごい！',
      '次へ',
    ]);
  });

  it('joins wrapped Japanese lines without a space and gives each sentence its own line', () => {
    const s = sentencesOf('コンポーネントは再利用できる\n部品です。ストアは状態を\n保持します。');
    expect(s.map((x) => [x.text, x.line])).toEqual([
      ['コンポーネントは再利用できる部品です。', 1],
      ['ストアは状態を保持します。', 2],
    ]);
    // A line that ends on Japanese punctuation (、「) or a next one that opens with it joins without a space too.
    expect(texts('焙煎度は抽出にも影響し、\n深煎りの豆は速く抽出される。設定は\n「速い」にする。')).toEqual(['焙煎度は抽出にも影響し、深煎りの豆は速く抽出される。', '設定は「速い」にする。']);
  });

  it('ends an English sentence before one that opens with inline code in lower case', () => {
    expect(texts('Loggers are plain objects. `getLogger` returns the same logger. See e.g. `x` for more.')).toEqual([
      'Loggers are plain objects.',
      'getLogger returns the same logger.',
      'See e.g. x for more.',
    ]);
    // Without backticks a lower-case word after a full stop goes on with the sentence ("i.e. x").
    expect(texts('Use the pool. and then stop.')).toEqual(['Use the pool. and then stop.']);
  });

  it('ends a Japanese sentence at a line ending in a finished predicate even without 。', () => {
    expect(texts('これは説明です\n次の文が続きます')).toEqual(['これは説明です', '次の文が続きます']);
  });

  it('maps offsets of a multi-line sentence to their source line', () => {
    const [s] = sentencesOf('A store keeps\nshared state for\nmany components.');
    expect(s!.text).toBe('A store keeps shared state for many components.');
    expect(sentenceLineAt(s!, s!.text.indexOf('store'))).toBe(1);
    expect(sentenceLineAt(s!, s!.text.indexOf('state'))).toBe(2);
    expect(occurrenceIn(s!, s!.text.indexOf('components'))).toMatchObject({ fileName: 'doc.md', line: 3 });
  });

  it('decides the language per sentence in a mixed paragraph', () => {
    const s = sentencesOf('The router maps URLs to views. ルーターは URL をビューに対応付けます。');
    expect(s.map((x) => x.language)).toEqual(['en', 'ja']);
  });

  it('splits plain text into paragraphs by blank lines, without Markdown rules', () => {
    const s = sentencesOf('# not a heading\n\nSecond *para*.\n', 'notes.txt');
    expect(s.map((x) => [x.kind, x.text, x.line])).toEqual([
      ['paragraph', '# not a heading', 1],
      ['paragraph', 'Second *para*.', 3],
    ]);
  });
});

describe('helpers', () => {
  it('detectLanguage weighs kana/kanji against Latin letters', () => {
    expect(detectLanguage('Single-File Component は Vue のファイル形式です')).toBe('ja');
    expect(detectLanguage('The 東京 office handles the Vue Router releases')).toBe('en');
    expect(detectLanguage('plain English')).toBe('en');
  });

  it('inlineToText keeps newlines so offsets still map to lines', () => {
    const { text } = inlineToText('a [link\ntext](http://x) **b\nc**');
    expect(text.split('\n')).toHaveLength(3);
  });

  it('sentenceEnds always ends at the text length', () => {
    expect(sentenceEnds('no boundary here', false)).toEqual([16]);
  });
});
