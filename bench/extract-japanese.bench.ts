// Speed of Japanese extraction against kuromoji tokenization alone, on ~300 KB built from the
// project's Japanese guide fixture. Run: npx tsx bench/extract-japanese.bench.ts [targetKB]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  extractJapaneseCandidates,
  loadJapaneseTokenizer,
  tokenizeJapanese,
} from '../src/pipeline/extract/japanese';
import { prepareDocument } from '../src/pipeline/corpus';
import type { Sentence } from '../src/pipeline/types';

const fixture = fileURLToPath(new URL('../tests/pipeline/fixtures/japanese-guide.md', import.meta.url));
const targetBytes = Number(process.argv[2] ?? 300) * 1024;

const guide = readFileSync(fixture, 'utf8');
const copies = Math.max(1, Math.round(targetBytes / Buffer.byteLength(guide)));
// Each copy is a document of its own, prepared by the corpus step as the pipeline would.
const sentences: Sentence[] = [];
for (let c = 0; c < copies; c++) {
  for (const s of prepareDocument({ fileName: `guide-${c}.md`, content: guide }).sentences) {
    if (s.language === 'ja') sentences.push(s);
  }
}
const bytes = sentences.reduce((n, s) => n + Buffer.byteLength(s.text), 0);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
let start = performance.now();
await loadJapaneseTokenizer();
const loadMs = performance.now() - start;
console.log(`dictionary load: ${loadMs.toFixed(0)} ms, rss ${mb(process.memoryUsage().rss)}`);

// Warm up the JIT once on a slice so both measurements see compiled code.
await tokenizeJapanese(sentences.slice(0, 500).map((s) => s.text));
await extractJapaneseCandidates(sentences.slice(0, 500), new AbortController().signal);

start = performance.now();
const tokens = await tokenizeJapanese(sentences.map((s) => s.text));
const tokenizeMs = performance.now() - start;

start = performance.now();
const candidates = await extractJapaneseCandidates(sentences, new AbortController().signal);
const extractMs = performance.now() - start;

const rate = (ms: number): string =>
  `${ms.toFixed(0)} ms (${Math.round(tokens / (ms / 1000))} tokens/s, ` +
  `${(ms / (bytes / 102_400)).toFixed(0)} ms per 100 KB)`;
console.log(`input: ${(bytes / 1024).toFixed(0)} KB, ${sentences.length} sentences, ${tokens} tokens`);
console.log(`tokenization alone: ${rate(tokenizeMs)}`);
console.log(`extraction: ${rate(extractMs)}, ${(extractMs / tokenizeMs).toFixed(2)}× tokenization`);
console.log(`candidates: ${candidates.length}`);
console.log(`peak rss: ${mb(process.resourceUsage().maxRSS * 1024)}`);
