// Splits document lines into plain text and term mentions. One regular expression over all term
// texts and aliases, longest first, so "first crack" wins over "crack"; case-insensitive for
// Latin text (Japanese has no case).

export interface TermLike {
  id: string;
  text: string;
  aliases: readonly string[];
}

export type Segment = { text: string; termId?: undefined } | { text: string; termId: string };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Highlighter {
  split(line: string): Segment[];
}

export function createHighlighter(terms: readonly TermLike[]): Highlighter {
  const byForm = new Map<string, string>();
  for (const term of terms) {
    for (const form of [term.text, ...term.aliases]) {
      const key = form.trim().toLowerCase();
      if (key && !byForm.has(key)) byForm.set(key, term.id);
    }
  }
  if (byForm.size === 0) return { split: (line) => [{ text: line }] };
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Latin words only match whole (no "roast" inside "roaster"); CJK has no word boundaries.
  const pattern = new RegExp(forms.map((f) => (/^[\w\s-]+$/.test(f) ? `(?<![\\p{L}\\p{N}])${f}(?![\\p{L}\\p{N}])` : f)).join('|'), 'giu');
  return {
    split(line) {
      const out: Segment[] = [];
      let last = 0;
      for (const m of line.matchAll(pattern)) {
        const at = m.index ?? 0;
        if (m[0].length === 0) continue;
        if (at > last) out.push({ text: line.slice(last, at) });
        out.push({ text: m[0], termId: byForm.get(m[0].toLowerCase())! });
        last = at + m[0].length;
      }
      if (last < line.length || out.length === 0) out.push({ text: line.slice(last) });
      return out;
    },
  };
}
