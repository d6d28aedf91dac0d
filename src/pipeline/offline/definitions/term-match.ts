// Matching a term inside a sentence: its spelling variants (case, width, hyphen/space, trailing ー,
// English plural) at word boundaries, with the patterns cached by surfaces.

const KATAKANA = /[\u30a1-\u30fa\u30fc\uff66-\uff9f]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Patterns by their surfaces: review and refine ask again for the patterns provisional built (per
// entry, per definition they judge). Bounded so a long-lived server does not keep every term.
const patternCache = new Map<string, RegExp | null>();
const PATTERN_CACHE_LIMIT = 10_000;

/**
 * A regex matching a surface and its spelling variants: case, width, hyphen/space, trailing ー, plural.
 * The same RegExp object is returned for the same surfaces; it is global, so use it through
 * matchTerm (which resets lastIndex) rather than test().
 */
export function termPattern(surfaces: readonly string[]): RegExp | null {
  const cacheKey = surfaces.join('\u0000');
  const cached = patternCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const pattern = buildTermPattern(surfaces);
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
  patternCache.set(cacheKey, pattern);
  return pattern;
}

function buildTermPattern(surfaces: readonly string[]): RegExp | null {
  const alternatives = new Set<string>();
  for (const raw of surfaces) {
    const s = raw.normalize('NFKC').trim();
    if (!s) continue;
    let p = '';
    let prev = '';
    for (const ch of s) {
      // 「仮想DOM」 and 「仮想 DOM」 are one term: a space may come and go where the script changes.
      if (prev && /[A-Za-z0-9]/.test(prev) !== /[A-Za-z0-9]/.test(ch) && !/[\s\-‐‑–・_]/.test(prev + ch)) p += '\\s?';
      if (/[\s\-‐‑–・_]/.test(ch)) p += '[\\s\\-‐‑–・_]?';
      else if (ch === 'ー') p += 'ー?';
      else p += escapeRegExp(ch);
      prev = ch;
    }
    if (KATAKANA.test(s.slice(-1)) && !s.endsWith('ー')) p += 'ー?';
    alternatives.add(p);
  }
  if (alternatives.size === 0) return null;
  const body = [...alternatives].sort((a, b) => b.length - a.length).join('|');
  return new RegExp(`(${body})((?<=[A-Za-z])(?:es|s))?`, 'giu');
}

// Latin word characters [A-Za-z0-9_], KATAKANA and kanji [\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]
// as code-unit tests: isTermBoundary runs twice per match of every term
// in every sentence that mentions it. An offset outside the text gives NaN, which is in no class.
const isWordCode = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isKatakanaCode = (c: number): boolean => (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || (c >= 0xff66 && c <= 0xff9f);
const isKanjiCode = (c: number): boolean =>
  (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005;
const HYPHEN = 0x2d;

/** True when [start, end) is a whole word: not inside a longer Latin, katakana or kanji word. */
export function isTermBoundary(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (isWordCode(first) && (isWordCode(before) || (before === HYPHEN && isWordCode(text.charCodeAt(start - 2))))) return false;
  if (isWordCode(last) && (isWordCode(after) || (after === HYPHEN && isWordCode(text.charCodeAt(end + 1))))) return false;
  if (isKatakanaCode(first) && isKatakanaCode(before)) return false;
  if (isKatakanaCode(last) && isKatakanaCode(after)) return false;
  if (isKanjiCode(first) && isKanjiCode(before)) return false;
  if (isKanjiCode(last) && isKanjiCode(after)) return false;
  return true;
}

export interface TermMatch {
  start: number;
  /** End of the whole match, plural suffix included. */
  end: number;
  /** The matched surface without a plural suffix. */
  surface: string;
}

/** Every boundary-respecting match of the pattern in a text. */
export function matchTerm(pattern: RegExp, text: string): TermMatch[] {
  const out: TermMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const start = m.index;
    let end = start + m[0].length;
    let surface = m[1]!;
    if (!isTermBoundary(text, start, end) && m[2]) {
      // "class" inside "classes" is fine, "cat" + "s" inside "cats" too; retry without the suffix.
      end = start + surface.length;
    }
    if (!isTermBoundary(text, start, end)) continue;
    if (end === start + surface.length) surface = text.slice(start, end);
    out.push({ start, end, surface });
  }
  return out;
}

/** Whether a match of `pattern` in `text` covers the match `m` ("asynchronous generator expression" covers "asynchronous generator"). */
export function coversMatch(pattern: RegExp, text: string, m: TermMatch): boolean {
  return matchTerm(pattern, text).some((o) => o.start <= m.start && o.end >= m.end);
}
