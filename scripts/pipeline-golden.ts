// Golden output of the whole offline pipeline, so a speed-up can be shown to change nothing:
// terms (with scores and every occurrence), provisional entries, issues, refined entries and the
// Markdown export, on the test fixtures, on the benchmark's generated corpus and on the ACTER texts.
//
//   npx tsx scripts/pipeline-golden.ts --write /tmp/golden     # record (one JSON file per set)
//   npx tsx scripts/pipeline-golden.ts --check /tmp/golden     # compare; exit 1 and the first difference
//
// The golden files are not committed: they change with every intended change of the output, and
// they are a before/after check for one piece of work, not a specification.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDocuments } from '../bench/mixed-docs';
import { loadDocumentsFromDir } from '../src/pipeline/documents';
import { renderMarkdown } from '../src/pipeline/export';
import { MemoryGlossaryStore } from '../src/pipeline/memory-store';
import { createOfflineEngine } from '../src/pipeline/offline';
import { runPipeline } from '../src/pipeline/run-pipeline';
import type { ExtractOptions, SourceDocument } from '../src/pipeline/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const acterRoot = process.env.ACTER_DIR ?? path.resolve(repoRoot, '..', 'shared', 'eval', 'acter-en');

interface GoldenSet {
  name: string;
  docs: () => Promise<SourceDocument[]>;
  seed?: { excluded?: string[]; required?: string[] };
  options?: ExtractOptions;
}

async function acterDocs(domain: string): Promise<SourceDocument[]> {
  const dir = path.join(acterRoot, domain, 'texts');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(files.map(async (f) => ({ fileName: f, content: await readFile(path.join(dir, f), 'utf8') })));
}

const SETS: GoldenSet[] = [
  { name: 'fixtures-glossary', docs: () => loadDocumentsFromDir(path.join(repoRoot, 'tests', 'fixtures', 'glossary')) },
  {
    // Required terms the extractor misses (found by plain search, or nowhere) and an excluded one.
    name: 'fixtures-glossary-options',
    docs: () => loadDocumentsFromDir(path.join(repoRoot, 'tests', 'fixtures', 'glossary')),
    seed: { excluded: ['component'], required: ['navigation guard', 'nowhere term', 'ブラウザ', 'reactive'] },
    options: { maxTerms: 40, minFrequency: 2 },
  },
  { name: 'fixtures-pipeline', docs: () => loadDocumentsFromDir(path.join(repoRoot, 'tests', 'pipeline', 'fixtures')) },
  { name: 'bench-256k', docs: async () => generateDocuments(256 * 1024) },
  { name: 'bench-1m', docs: async () => generateDocuments(1024 * 1024) },
  ...['corp', 'equi', 'wind'].map((d) => ({ name: `acter-${d}`, docs: () => acterDocs(d), options: { maxTerms: 300 } })),
];

async function run(set: GoldenSet): Promise<string> {
  const docs = await set.docs();
  const store = new MemoryGlossaryStore({ documents: docs, ...set.seed });
  const reporter = { log: () => {}, progress: () => {} };
  const engine = createOfflineEngine();
  await runPipeline('FULL', { engine, store, signal: new AbortController().signal, reporter, options: set.options });
  const markdown = renderMarkdown({
    refined: store.refined,
    terms: store.terms,
    documentCount: docs.length,
    engineName: engine.name,
    generatedAt: new Date(0),
  });
  return JSON.stringify({ terms: store.terms, provisional: store.provisional, issues: store.issues, refined: store.refined, markdown }, null, 1);
}

/** The first differing line of two JSON texts, with a little context. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const from = Math.max(0, i - 3);
      return `line ${i + 1}:\n  golden: ${la.slice(from, i + 2).join('\n          ')}\n  now:    ${lb.slice(from, i + 2).join('\n          ')}`;
    }
  }
  return 'no line differs';
}

const mode = process.argv[2];
const dir = process.argv[3];
const only = process.argv.slice(4);
if ((mode !== '--write' && mode !== '--check') || !dir) {
  console.error('usage: tsx scripts/pipeline-golden.ts --write|--check <dir> [set names]');
  process.exit(2);
}
await mkdir(dir, { recursive: true });
let failed = 0;
for (const set of SETS) {
  if (only.length > 0 && !only.includes(set.name)) continue;
  if (set.name.startsWith('acter-') && !existsSync(acterRoot)) {
    console.log(`${set.name}: skipped (no ${acterRoot})`);
    continue;
  }
  const started = performance.now();
  const out = await run(set);
  const hash = createHash('sha256').update(out).digest('hex').slice(0, 16);
  const file = path.join(dir, `${set.name}.json`);
  const ms = Math.round(performance.now() - started);
  if (mode === '--write') {
    await writeFile(file, out);
    console.log(`${set.name}: ${hash} written (${ms} ms)`);
  } else {
    const golden = await readFile(file, 'utf8');
    if (golden === out) console.log(`${set.name}: ${hash} same (${ms} ms)`);
    else {
      failed++;
      await writeFile(`${file}.now`, out);
      console.log(`${set.name}: ${hash} DIFFERS (${ms} ms) — ${firstDifference(golden, out)}`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
