// Shared builders for the offline-engine tests: the planted fixture corpus and hand-made terms.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { occurrenceIn, prepareCorpus } from '../../src/pipeline/corpus';
import { loadDocumentsFromDir } from '../../src/pipeline/documents';
import { normalizeKey } from '../../src/pipeline/normalize';
import { matchTerm, termPattern } from '../../src/pipeline/offline/definitions';
import type { Corpus, ExtractedTerm, LogEvent, ProgressEvent, StepContext } from '../../src/pipeline/types';

export const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'glossary');

export async function fixtureCorpus(): Promise<Corpus> {
  return prepareCorpus(await loadDocumentsFromDir(FIXTURE_DIR));
}

/** An ExtractedTerm as the extractor would return it, with occurrences found in the corpus. */
export function term(corpus: Corpus, text: string, aliases: string[] = []): ExtractedTerm {
  const pattern = termPattern([text])!;
  const occurrences = corpus.documents.flatMap((d) =>
    d.sentences.flatMap((s) => matchTerm(pattern, s.text).map((m) => occurrenceIn(s, m.start, m.end))),
  );
  return {
    key: normalizeKey(text),
    text,
    language: /[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'ja' : 'en',
    score: 1,
    category: 'technical_term',
    frequency: occurrences.length,
    documentCount: new Set(occurrences.map((o) => o.fileName)).size,
    aliases,
    occurrences,
  };
}

export interface RecordingContext extends StepContext {
  logs: LogEvent[];
  progress: ProgressEvent[];
  controller: AbortController;
}

/** A step context that records what the step reports. */
export function recordingContext(): RecordingContext {
  const controller = new AbortController();
  const logs: LogEvent[] = [];
  const progress: ProgressEvent[] = [];
  return {
    controller,
    signal: controller.signal,
    logs,
    progress,
    reporter: { log: (e) => logs.push(e), progress: (e) => progress.push(e) },
  };
}

export const FIXTURE_TERMS: [string, string[]][] = [
  ['Single-File Component', ['SFC']],
  ['Pinia store', []],
  ['hydration', []],
  ['watcher', []],
  ['portal', []],
  ['render function', []],
  ['navigation guard', []],
  ['component', []],
  ['仮想 DOM', ['VDOM']],
  ['サーバー', ['サーバ']],
  ['リアクティブシステム', []],
  ['コンポーザブル', []],
  ['スロット', []],
  ['ストア', []],
  ['ハイドレーション', []],
];

export const fixtureTerms = (corpus: Corpus) => FIXTURE_TERMS.map(([t, a]) => term(corpus, t, a));
