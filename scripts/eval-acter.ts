// TermEval-style evaluation of the offline extractor on ACTER (English): lowercase exact match of
// the ranked term list against the gold list; P/R/F1 with the list cut at the gold size, and the
// precision of the top 100. The data (CC BY-NC-SA) is read from ../shared at run time, never copied.
//
//   npm run eval                          # all three domains under $ACTER_DIR or ../shared/eval/acter-en
//   npm run eval -- ../shared/eval/acter-en/wind [more dirs]
//   npm run eval -- --ablation            # also the ranking variants docs/quality.md reports
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareCorpus } from '../src/pipeline/corpus';
import { extractTerms, type ExtractTuning } from '../src/pipeline/extract/index';
import type { Corpus, ExtractedTerm, SourceDocument, StepContext } from '../src/pipeline/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultRoot = process.env.ACTER_DIR ?? path.resolve(repoRoot, '..', 'shared', 'eval', 'acter-en');

interface Scores {
  precision: number;
  recall: number;
  f1: number;
  top100: number;
}

interface Domain {
  name: string;
  corpus: Corpus;
  /** Gold with named entities (`_terms_nes.tsv`) and without (`_terms.tsv`). */
  goldNes: Set<string>;
  goldTerms: Set<string>;
}

async function loadGold(file: string): Promise<Set<string>> {
  const text = await readFile(file, 'utf8');
  return new Set(text.split('\n').map((l) => l.split('\t')[0]!.trim().toLowerCase()).filter(Boolean));
}

async function loadDomain(dir: string): Promise<Domain> {
  const name = path.basename(path.resolve(dir));
  const textDir = path.join(dir, 'texts');
  const files = (await readdir(textDir)).filter((f) => f.endsWith('.txt')).sort();
  const docs: SourceDocument[] = [];
  for (const f of files) docs.push({ fileName: f, content: await readFile(path.join(textDir, f), 'utf8') });
  return {
    name,
    corpus: prepareCorpus(docs),
    goldNes: await loadGold(path.join(dir, `${name}_en_terms_nes.tsv`)),
    goldTerms: await loadGold(path.join(dir, `${name}_en_terms.tsv`)),
  };
}

/** The ranked list as TermEval sees it: one lower-cased string per term, duplicates dropped. */
function termList(terms: readonly ExtractedTerm[], withVariants: boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of terms) {
    const forms = withVariants ? [t.text, ...t.aliases] : [t.text];
    for (const f of forms) {
      const lower = f.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push(lower);
    }
  }
  return out;
}

function score(list: readonly string[], gold: ReadonlySet<string>): Scores {
  const cut = list.slice(0, gold.size);
  const hits = cut.filter((t) => gold.has(t)).length;
  const precision = cut.length ? hits / cut.length : 0;
  const recall = hits / gold.size;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const top = list.slice(0, 100);
  return { precision, recall, f1, top100: top.length ? top.filter((t) => gold.has(t)).length / top.length : 0 };
}

const silent: StepContext = {
  signal: new AbortController().signal,
  reporter: { log: () => {}, progress: () => {} },
};

/** Background word counts from the other domains' texts: a contrastive corpus, as in the notes. */
function wordCounts(corpus: Corpus): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of corpus.documents) {
    for (const s of d.sentences) {
      for (const w of s.text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  }
  return counts;
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

type Row = { name: string; cells: Scores[] };

/** Columns: [terms+NEs gold, terms-only gold] × [one string per entry, every surface form]. */
async function evaluate(domains: Domain[], label: string, tuning: (d: Domain) => ExtractTuning): Promise<Row[]> {
  const rows: Row[] = [];
  for (const d of domains) {
    const started = performance.now();
    const maxTerms = Math.max(d.goldNes.size, d.goldTerms.size) * 2;
    const terms = await extractTerms(d.corpus, { maxTerms }, silent, tuning(d));
    const ms = performance.now() - started;
    const entries = termList(terms, false);
    const forms = termList(terms, true);
    rows.push({
      name: `${d.name} (${(ms / 1000).toFixed(1)} s)`,
      cells: [score(forms, d.goldNes), score(entries, d.goldNes), score(forms, d.goldTerms), score(entries, d.goldTerms)],
    });
  }
  if (rows.length > 1) {
    const mean = (i: number): Scores => {
      const m = (k: keyof Scores) => rows.reduce((s, r) => s + r.cells[i]![k], 0) / rows.length;
      return { precision: m('precision'), recall: m('recall'), f1: m('f1'), top100: m('top100') };
    };
    rows.push({ name: 'average', cells: [0, 1, 2, 3].map(mean) });
  }
  console.log(`\n## ${label}`);
  console.log('                    | gold: terms + named entities (_terms_nes.tsv)         | gold: terms only (_terms.tsv)');
  console.log('                    | surface forms          | entries                | surface forms          | entries');
  console.log('domain              |   P     R    F1  top100 |   P     R    F1  top100 |   P     R    F1  top100 |   P     R    F1  top100');
  for (const r of rows) {
    console.log(`${r.name.padEnd(19)} | ${r.cells.map((c) => `${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)} ${pct(c.top100)}`).join(' | ')}`);
  }
  return rows;
}

const args = process.argv.slice(2);
const ablation = args.includes('--ablation');
const dirs = args.filter((a) => !a.startsWith('--'));
const domainDirs = dirs.length > 0 ? dirs : ['corp', 'equi', 'wind'].map((d) => path.join(defaultRoot, d));
const domains: Domain[] = [];
for (const dir of domainDirs) {
  try {
    domains.push(await loadDomain(dir));
  } catch (error) {
    const name = path.basename(path.resolve(dir));
    console.error(`Cannot read an ACTER domain from ${dir} (expected texts/*.txt and ${name}_en_terms[_nes].tsv): ${(error as Error).message}`);
    process.exit(2);
  }
}

const backgroundFor = (d: Domain): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const other of domains) {
    if (other === d) continue;
    for (const [w, n] of wordCounts(other.corpus)) counts.set(w, (counts.get(w) ?? 0) + n);
  }
  return counts;
};

await evaluate(domains, 'offline engine as shipped (SUBTLEX-US background)', () => ({}));
if (ablation) {
  // Each ranking choice switched off alone, then the plain baselines.
  const variants: Array<[string, ExtractTuning]> = [
    ['without min-word specificity (mean of the words instead)', { english: { specificityOf: 'mean' } }],
    ['specificity weight 1 instead of 3', { english: { specificityWeight: 1 } }],
    ['without the length prior', { english: { lengthPrior: [1] } }],
    ['without the proper-name bonus', { english: { properNameBonus: 1 } }],
    ['without the reference-label penalty', { english: { referenceLabelFactor: 1 } }],
    ['without the nested-only penalty', { english: { nestedWeight: 0 } }],
    ['counting verbatim-repeated sentences', { english: { countRepeatedSentences: true } }],
    ['with "X of Y" candidates', { english: { ofPhrases: true } }],
    ['without phrase cohesion (the most general word alone decides a phrase\'s specificity)', { english: { cohesionWeight: 0 } }],
    ['bonuses also for terms only one document uses (bonusMinDocuments 1)', { bonusMinDocuments: 1 }],
    ['C-value alone (no specificity, no priors)', { english: { specificityWeight: 0, lengthPrior: [1], properNameBonus: 1, referenceLabelFactor: 1, nestedWeight: 0 } }],
    ['C-value × mean specificity (the notes\' baseline)', { english: { specificityWeight: 1, specificityOf: 'mean', lengthPrior: [1], properNameBonus: 1, referenceLabelFactor: 1, nestedWeight: 0, countRepeatedSentences: true } }],
  ];
  for (const [label, tuning] of variants) await evaluate(domains, label, () => tuning);
  if (domains.length > 1) {
    await evaluate(domains, 'SUBTLEX-US + the other domains as background', (d) => ({ english: { background: backgroundFor(d) } }));
  }
}
