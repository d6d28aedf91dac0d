// Glossary quality on technical documentation: runs the offline engine's whole pipeline (extract,
// provisional, review, refine) on the pydocs-en-ja corpus in each language, writes the JSON export to
// a temporary file and prints what the set's own scorer (`score.mjs`) says about it. The data (PSF
// License) is read in place from ../shared/eval/pydocs-en-ja and never copied into the project.
//
//   npm run eval -- --set pydocs            # both languages
//   npx tsx scripts/eval-pydocs.ts en       # one language
//   PYDOCS_DIR=/path/to/pydocs-en-ja …      # another location
//   … --keep                                # keep the export files and print their paths
//   … --calibration                         # also: mean definition similarity by confidence band
//   … --ceiling                             # also: the best any quoted passage could score (pydocs-ceiling.ts)
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { prepareCorpus } from '../src/pipeline/corpus';
import { createOfflineEngine } from '../src/pipeline/offline/index';
import { MemoryGlossaryStore } from '../src/pipeline/memory-store';
import { renderJson } from '../src/pipeline/export';
import { runPipeline } from '../src/pipeline/run-pipeline';
import type { SourceDocument } from '../src/pipeline/types';
import { ceilingExport } from './pydocs-ceiling';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultPydocsRoot = process.env.PYDOCS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'eval', 'pydocs-en-ja');

export interface PydocsScore {
  lang: string;
  goldInCorpus: number;
  found100: number;
  found200: number;
  definitionSimilarityMean: number;
  definedWellOf100: number;
}

async function loadCorpus(dir: string): Promise<SourceDocument[]> {
  const docs: SourceDocument[] = [];
  for (const section of (await readdir(dir)).sort()) {
    for (const f of (await readdir(path.join(dir, section))).filter((n) => n.endsWith('.md')).sort()) {
      docs.push({ fileName: `${section}/${f}`, content: await readFile(path.join(dir, section, f), 'utf8') });
    }
  }
  return docs;
}

/** Runs the pipeline on one language's corpus and scores the export; `keepIn` keeps the JSON there. */
export async function evaluatePydocs(
  lang: 'en' | 'ja',
  root = defaultPydocsRoot,
  keepIn?: string,
  { calibration = false, ceiling = false } = {},
): Promise<PydocsScore & { seconds: number; exportFile?: string }> {
  const documents = await loadCorpus(path.join(root, lang, 'corpus'));
  const store = new MemoryGlossaryStore({ documents });
  const started = performance.now();
  await runPipeline('FULL', {
    engine: createOfflineEngine(),
    store,
    signal: new AbortController().signal,
    reporter: { log: () => {}, progress: () => {} },
    options: { maxTerms: 200 },
  });
  const seconds = (performance.now() - started) / 1000;
  const json = renderJson({
    refined: store.refined,
    terms: store.terms,
    issues: store.issues,
    documentCount: documents.length,
    engineName: 'offline',
    generatedAt: new Date(0),
  });
  const dir = keepIn ?? (await mkdtemp(path.join(tmpdir(), 'genglossary-eval-')));
  const file = path.join(dir, `pydocs-${lang}.json`);
  await writeFile(file, json);
  try {
    const score = await runScorer(root, lang, file);
    if (calibration) {
      // Each confidence band scored on its own: an export holding only that band's entries.
      const bands: CalibrationRow[] = [];
      for (const [lo, hi] of CONFIDENCE_BANDS) {
        const entries = store.refined.filter((e) => e.confidence >= lo && e.confidence < hi);
        const bandFile = path.join(dir, `pydocs-${lang}-${lo}.json`);
        await writeFile(bandFile, JSON.stringify({ entries, terms: entries.map((e, i) => ({ text: e.term, aliases: e.aliases, rank: i + 1 })) }));
        const s = await runScorer(root, lang, bandFile);
        bands.push({ band: `${lo.toFixed(2)}–${hi > 1 ? '1.00' : hi.toFixed(2)}`, entries: entries.length, hits: s.found100, similarity: s.definitionSimilarityMean, well: s.definedWellOf100 });
      }
      console.log(`\n### ${lang}: definition similarity by confidence (gold terms among the band's entries)`);
      console.log('confidence | entries | gold hits | mean similarity | similarity ≥ 0.25');
      for (const b of bands) console.log(`${b.band.padEnd(10)} | ${String(b.entries).padStart(7)} | ${String(b.hits).padStart(9)} | ${b.similarity.toFixed(3).padStart(15)} | ${String(b.well).padStart(17)}`);
    }
    if (ceiling) {
      // The same ranked list; each gold hit's definition the best passage of the corpus (see pydocs-ceiling.ts).
      const corpus = prepareCorpus(documents);
      const gold = await readFile(path.join(root, lang, 'gold-in-corpus.tsv'), 'utf8');
      console.log(`\n### ${lang}: ceiling of quoted definitions (the top-100 hits' best passage, chosen with the gold in hand)`);
      console.log('passage | definition similarity | well defined of top-100 hits');
      for (const n of [1, 2] as const) {
        const ceilingFile = path.join(dir, `pydocs-${lang}-ceiling${n}.json`);
        await writeFile(ceilingFile, JSON.stringify(ceilingExport(JSON.parse(json), corpus, gold, lang, n)));
        const s = await runScorer(root, lang, ceilingFile);
        const label = n === 1 ? 'ours or one sentence' : 'ours or two in a row';
        console.log(`${label.padEnd(20)} | ${s.definitionSimilarityMean.toFixed(3).padStart(21)} | ${`${s.definedWellOf100} (${Math.round((100 * s.definedWellOf100) / Math.max(1, s.found100))} %)`.padStart(28)}`);
      }
    }
    return { ...score, seconds, exportFile: keepIn ? file : undefined };
  } finally {
    if (!keepIn) await rm(dir, { recursive: true, force: true });
  }
}

const CONFIDENCE_BANDS: Array<[number, number]> = [[0, 0.3], [0.3, 0.6], [0.6, 0.85], [0.85, 1.01]];

interface CalibrationRow {
  band: string;
  entries: number;
  hits: number;
  similarity: number;
  well: number;
}

async function runScorer(root: string, lang: string, file: string): Promise<PydocsScore> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'score.mjs'), lang, file]);
  return JSON.parse(stdout) as PydocsScore;
}

export async function printPydocs(langs: Array<'en' | 'ja'>, keep: boolean, report: { calibration?: boolean; ceiling?: boolean } = {}): Promise<void> {
  const keepIn = keep ? await mkdtemp(path.join(tmpdir(), 'genglossary-eval-')) : undefined;
  console.log('\n## pydocs-en-ja (full offline pipeline, maxTerms 200, scored by score.mjs)');
  console.log('lang | gold in corpus | found100 | found200 | definition similarity | well defined of top-100 hits | time');
  for (const lang of langs) {
    const s = await evaluatePydocs(lang, defaultPydocsRoot, keepIn, report);
    const share = s.found100 ? ` (${Math.round((100 * s.definedWellOf100) / s.found100)} %)` : '';
    console.log(
      `${lang.padEnd(4)} | ${String(s.goldInCorpus).padStart(14)} | ${String(s.found100).padStart(8)} | ${String(s.found200).padStart(8)} | ` +
        `${s.definitionSimilarityMean.toFixed(3).padStart(21)} | ${`${s.definedWellOf100}${share}`.padStart(28)} | ${s.seconds.toFixed(1)} s` +
        (s.exportFile ? `  ${s.exportFile}` : ''),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const langs = args.filter((a): a is 'en' | 'ja' => a === 'en' || a === 'ja');
  await printPydocs(langs.length ? langs : ['en', 'ja'], args.includes('--keep'), {
    calibration: args.includes('--calibration'),
    ceiling: args.includes('--ceiling'),
  });
}
