// A deterministic generator of mixed Japanese/English Markdown for benchmarks: the same
// documents on every run and machine.
import type { SourceDocument } from '../src/pipeline/types';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN_ADJ = ['reactive', 'virtual', 'async', 'shared', 'computed', 'nested', 'dynamic', 'server', 'client', 'render', 'scoped', 'lazy'];
const EN_NOUN = ['store', 'component', 'router', 'watcher', 'directive', 'slot', 'hook', 'cache', 'queue', 'scheduler', 'proxy', 'effect', 'plugin', 'template'];
const EN_VERB = ['updates', 'tracks', 'renders', 'schedules', 'invalidates', 'observes', 'wraps', 'resolves'];
const EN_FILL = ['the application', 'each request', 'the next tick', 'a user action', 'the build step', 'the browser', 'every change'];
const JA_PREFIX = ['仮想', '非同期', '状態', '描画', '共有', '動的', '計算', '単一', '遅延', '差分'];
const JA_NOUN = ['コンポーネント', 'ストア', 'ルーター', 'キャッシュ', 'スケジューラ', 'プロキシ', 'ディレクティブ', 'スロット', '管理', '更新処理'];
const JA_VERB = ['更新する', '監視する', '描画する', '管理する', '共有する', '再利用する'];
const JA_FILL = ['アプリケーション全体', '各リクエスト', '次の描画', 'ユーザー操作', 'ビルド時', 'ブラウザ上'];

/** ~totalBytes of mixed Japanese/English Markdown in ~50 KB files (headings, prose, lists, code, tables). */
export function generateDocuments(totalBytes: number): SourceDocument[] {
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const enTerm = () => `${pick(EN_ADJ)} ${pick(EN_NOUN)}`;
  const jaTerm = () => `${pick(JA_PREFIX)}${pick(JA_NOUN)}`;
  const en = (): string => {
    const t = enTerm();
    const u = enTerm();
    return pick([
      `A ${t} is a ${pick(EN_ADJ)} ${pick(EN_NOUN)} that ${pick(EN_VERB)} the ${u}.`,
      `When the ${t} changes, the ${u} ${pick(EN_VERB)} ${pick(EN_FILL)}.`,
      `You can configure the ${t} through the options of the ${u}.`,
      `The ${t} refers to the ${pick(EN_NOUN)} used by ${pick(EN_FILL)}.`,
      `In most projects the ${t} ${pick(EN_VERB)} ${pick(EN_FILL)} before the ${u} runs.`,
      `See the ${u} section for details on the ${t}.`,
    ]);
  };
  const ja = (): string => {
    const t = jaTerm();
    const u = jaTerm();
    return pick([
      `${t}とは、${u}を${pick(JA_VERB)}ための仕組みです。`,
      `${t}は${u}と連携して${pick(JA_FILL)}で${pick(JA_VERB).replace(/する$/, 'します')}。`,
      `開発者は${t}を使って${u}を${pick(JA_VERB).replace(/する$/, 'できます')}。`,
      `この章では${t}の設定方法を説明します。`,
      `${pick(JA_FILL)}では、${t}が${u}より先に動きます。`,
      `${u}を${pick(JA_VERB)}仕組みを${t}と呼ぶ。`,
    ]);
  };
  const docs: SourceDocument[] = [];
  const files = Math.max(1, Math.round(totalBytes / 50_000));
  const perFile = totalBytes / files;
  for (let f = 0; f < files; f++) {
    const parts: string[] = [`# Guide part ${f + 1} / ガイド ${f + 1}`, ''];
    let bytes = 0;
    let block = 0;
    while (bytes < perFile) {
      const japanese = rnd() < 0.5;
      let text: string;
      if (block % 9 === 0) text = `## ${japanese ? jaTerm() : enTerm()}`;
      else if (block % 13 === 5) text = ['```ts', `const ${pick(EN_NOUN)} = use${pick(EN_NOUN)}();`, 'export default {};', '```'].join('\n');
      else if (block % 11 === 3) text = Array.from({ length: 4 }, () => `- ${japanese ? ja() : en()}`).join('\n');
      else if (block % 17 === 7) text = ['| Term | Meaning |', '|---|---|', ...Array.from({ length: 3 }, () => `| ${enTerm()} | ${jaTerm()} |`)].join('\n');
      else {
        const n = 3 + Math.floor(rnd() * 3);
        // Japanese paragraphs wrap without spaces; English ones with.
        text = Array.from({ length: n }, () => (japanese ? ja() : en())).join(japanese ? '' : ' ');
      }
      parts.push(text, '');
      bytes += Buffer.byteLength(text) + 2;
      block++;
    }
    docs.push({ fileName: `part-${String(f + 1).padStart(2, '0')}.md`, content: parts.join('\n') });
  }
  return docs;
}

