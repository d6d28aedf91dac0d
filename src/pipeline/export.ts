// The glossary as a file: Markdown for people, JSON for tools. Both are pure functions of the
// pipeline's products, so the server's export query and the CLI produce the same bytes.
import type { ExtractedTerm, GlossaryIssue, Occurrence, RefinedEntry } from './types';

export interface ExportInput {
  title?: string;
  refined: readonly RefinedEntry[];
  terms: readonly ExtractedTerm[];
  documentCount: number;
  engineName: string;
  generatedAt: Date;
}

/** How many occurrences a Markdown section lists before summarising the rest. */
export const MAX_LISTED_OCCURRENCES = 10;
const DEFAULT_TITLE = 'Glossary';

// Latin before Japanese, case and width ignored; the key breaks ties so the order is total.
const collator = new Intl.Collator(['en', 'ja'], { sensitivity: 'base', numeric: true });

/** Entries in glossary order: alphabetical (en, then ja collation), ties broken by key. */
export function sortEntries<T extends { term: string; termKey: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => collator.compare(a.term, b.term) || (a.termKey < b.termKey ? -1 : a.termKey > b.termKey ? 1 : 0));
}

/** Escapes text so Markdown shows it literally (one line; markup characters backslashed). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    .replace(/^[#>+-]/, '\\$&')
    // Only punctuation can be backslashed: "1\. first" keeps an ordered-list marker literal.
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** GitHub-style anchor of a heading, for links between sections. */
export function headingAnchor(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const at = (o: Occurrence) => `${o.fileName}:${o.line}`;

function section(entry: RefinedEntry, anchors: Map<string, string>): string[] {
  const out = [`## ${escapeMarkdown(entry.term)}`, ''];
  out.push(entry.definition.trim() ? escapeMarkdown(entry.definition) : '_No definition found in the documents._', '');
  const facts: string[] = [];
  if (entry.aliases.length > 0) facts.push(`- **Aliases:** ${entry.aliases.map(escapeMarkdown).join(', ')}`);
  if (entry.relatedTerms.length > 0) {
    const links = entry.relatedTerms.map((t) => {
      const anchor = anchors.get(t);
      return anchor ? `[${escapeMarkdown(t)}](#${anchor})` : escapeMarkdown(t);
    });
    facts.push(`- **Related terms:** ${links.join(', ')}`);
  }
  const sources = [...new Set(entry.sources.map(at))];
  if (sources.length > 0) facts.push(`- **Source:** ${sources.map((s) => `\`${s}\``).join(', ')}`);
  facts.push(`- **Confidence:** ${entry.confidence.toFixed(2)}`);
  if (entry.unresolvedIssues.length > 0) {
    facts.push('- **Unresolved issues:**');
    for (const i of entry.unresolvedIssues) facts.push(`  - ${i.type}: ${escapeMarkdown(i.description)}`);
  }
  if (entry.notes.length > 0) {
    facts.push('- **Notes:**');
    for (const n of entry.notes) facts.push(`  - ${escapeMarkdown(n)}`);
  }
  out.push(...facts, '');
  if (entry.occurrences.length > 0) {
    out.push('**Occurrences**', '');
    for (const o of entry.occurrences.slice(0, MAX_LISTED_OCCURRENCES)) out.push(`- \`${at(o)}\` — ${escapeMarkdown(o.context)}`);
    const rest = entry.occurrences.length - MAX_LISTED_OCCURRENCES;
    if (rest > 0) out.push(`- … and ${rest} more`);
    out.push('');
  }
  return out;
}

/** The glossary as Markdown: title, a header line, then one section per term in glossary order. */
export function renderMarkdown(input: ExportInput): string {
  const entries = sortEntries(input.refined);
  const anchors = uniqueAnchors(entries.map((e) => e.term));
  const date = input.generatedAt.toISOString().slice(0, 10);
  const lines = [
    `# ${escapeMarkdown(input.title ?? DEFAULT_TITLE)}`,
    '',
    `Generated on ${date} from ${input.documentCount} document${input.documentCount === 1 ? '' : 's'} ` +
      `with the ${escapeMarkdown(input.engineName)} engine — ${entries.length} term${entries.length === 1 ? '' : 's'}.`,
    '',
  ];
  for (const e of entries) lines.push(...section(e, anchors));
  return `${lines.join('\n').trimEnd()}\n`;
}

// Two terms with the same anchor get -1, -2 … as GitHub does.
function uniqueAnchors(terms: readonly string[]): Map<string, string> {
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const t of terms) {
    const base = headingAnchor(escapeMarkdown(t).replace(/\\/g, ''));
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    out.set(t, n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

export interface JsonExportInput extends ExportInput {
  issues: readonly GlossaryIssue[];
}

/** The glossary as JSON: ranked terms with scores, refined entries in glossary order, and the issues. */
export function renderJson(input: JsonExportInput): string {
  const ranked = [...input.terms].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const doc = {
    title: input.title ?? DEFAULT_TITLE,
    generatedAt: input.generatedAt.toISOString(),
    engine: input.engineName,
    documentCount: input.documentCount,
    terms: ranked.map((t, i) => ({
      rank: i + 1,
      text: t.text,
      key: t.key,
      language: t.language,
      score: t.score,
      category: t.category,
      frequency: t.frequency,
      documentCount: t.documentCount,
      aliases: t.aliases,
      occurrences: t.occurrences,
    })),
    entries: sortEntries(input.refined),
    issues: input.issues,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
