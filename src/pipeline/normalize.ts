// Keys that make variants of one term meet: width (NFKC), case, spaces and hyphens, the
// katakana long-vowel mark. Language-specific merging (English plurals) builds on top of this.

const LONG_VOWEL = /[ーｰ‐‑–—―-]+$/u;
const KATAKANA_LONG_VOWEL = /(?<=[\u30A0-\u30FF])ー/gu;
const CODE_UNDERSCORES = /^_+[\p{L}\p{N}]|[\p{L}\p{N}]_+$/u;
const SEPARATORS = /[\s\-‐‑–—・_]+/gu;

/** Normalised key: NFKC, lower case, no spaces/hyphens/middle dots, katakana ー dropped. */
export function normalizeKey(text: string): string {
  // `__get__`, `_private`: a name with leading or trailing underscores is a code identifier, never
  // a spelling of the word inside it (HTTP's GET, a private member).
  if (text.includes('_') && CODE_UNDERSCORES.test(text.trim())) return text.normalize('NFKC').trim().toLowerCase();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA_LONG_VOWEL, '')
    .replace(LONG_VOWEL, '')
    .replace(SEPARATORS, '')
    .trim();
}
