// The ceiling of extractive definitions on pydocs-en-ja (`npm run eval -- --set pydocs --ceiling`):
// the export with every gold hit's definition replaced by the corpus passage that scores best
// against that hit's gold definition — one sentence, or two in a row — chosen with the gold in
// hand, so no engine that quotes the corpus can do better. The figure itself comes from score.mjs;
// its matching and token rules are restated here only to choose the passage.
import type { Corpus, Sentence } from '../src/pipeline/types';

interface ExportEntry {
  term: string;
  definition: string;
  aliases?: string[];
}

/** score.mjs's matching form: NFKC, no backticks, single spaces (none in Japanese), lower case. */
function normOf(lang: 'en' | 'ja') {
  return (s: string) => s.normalize('NFKC').replace(/`/g, '').replace(/\s+/g, lang === 'ja' ? '' : ' ').trim().toLowerCase();
}

/** score.mjs's gold keys: the term, both halves of "X (Y)", and a definition's opening "(gloss)". */
function goldKeys(term: string, def: string, norm: (s: string) => string): string[] {
  const keys = [term];
  const m = term.match(/^(.+?)\s*[(（](.+?)[)）]$/);
  if (m) keys.push(m[1]!, m[2]!);
  const g = def.match(/^[(（]([^()（）]{1,30})[)）]/);
  if (g) keys.push(...g[1]!.split(/\s*[、,]\s*/));
  return [...new Set(keys.map(norm).filter(Boolean))];
}

const STOP = new Set(
  ('a an the of to in on at by for from with as is are was were be been it its this that these those which who or and not no ' +
    'but if when than then so such can may also into other e g i').split(' '),
);

/** score.mjs's content tokens: English words minus stopwords; Japanese character bigrams. */
function tokensOf(lang: 'en' | 'ja') {
  return (text: string): string[] => {
    if (lang === 'en') return (text.toLowerCase().match(/[a-z0-9_]+/g) ?? []).filter((w) => !STOP.has(w));
    const out: string[] = [];
    for (const run of text.normalize('NFKC').split(/[\x00-\x7F\p{P}\p{S}\p{Z}]+/u)) {
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    return out;
  };
}

/** F1 of the multiset overlap of two token lists (score.mjs's similarity). */
function f1(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const left = new Map<string, number>();
  for (const t of b) left.set(t, (left.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of a) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      hit++;
      left.set(t, n - 1);
    }
  }
  if (!hit) return 0;
  const p = hit / a.length;
  const r = hit / b.length;
  return (2 * p * r) / (p + r);
}

/**
 * The export with each gold hit's definition replaced by its best corpus passage of at most
 * `sentences` sentences in a row that names the term. Entries no gold row matches are unchanged.
 */
export function ceilingExport<T extends { entries: ExportEntry[] }>(
  exported: T,
  corpus: Corpus,
  goldTsv: string,
  lang: 'en' | 'ja',
  sentences: 1 | 2,
): T {
  const norm = normOf(lang);
  const tokens = tokensOf(lang);
  const gold = goldTsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [term = '', def = ''] = line.split('\t');
      return { keys: goldKeys(term, def, norm), tokens: tokens(def) };
    });
  const prose: Sentence[][] = corpus.documents.map((d) => d.sentences.filter((s) => s.kind !== 'heading'));
  const entries = exported.entries.map((e) => {
    const names = [e.term, ...(e.aliases ?? [])].map(norm);
    const row = gold.find((g) => g.keys.some((k) => names.includes(k)));
    if (!row || !row.tokens.length) return e;
    let best = { score: f1(tokens(e.definition), row.tokens), text: e.definition };
    for (const doc of prose) {
      doc.forEach((s, i) => {
        const text = norm(s.text);
        if (!names.some((n) => text.includes(n))) return;
        const passages = [s.text];
        if (sentences === 2 && doc[i + 1]) passages.push(`${s.text} ${doc[i + 1]!.text}`);
        if (sentences === 2 && doc[i - 1]) passages.push(`${doc[i - 1]!.text} ${s.text}`);
        for (const p of passages) {
          const score = f1(tokens(p), row.tokens);
          if (score > best.score) best = { score, text: p };
        }
      });
    }
    return { ...e, definition: best.text };
  });
  return { ...exported, entries };
}
