import { describe, expect, it } from 'vitest';
import { escapeMarkdown, MAX_LISTED_OCCURRENCES, renderJson, renderMarkdown, sortEntries } from '../../src/pipeline/export';
import type { ExtractedTerm, GlossaryIssue, RefinedEntry } from '../../src/pipeline/types';

const occ = (fileName: string, line: number, context: string) => ({ fileName, line, context });
const refined = (term: string, extra: Partial<RefinedEntry> = {}): RefinedEntry => ({
  termKey: term.toLowerCase(),
  term,
  definition: `${term} is a thing.`,
  confidence: 0.9,
  aliases: [],
  relatedTerms: [],
  sources: [occ('a.md', 1, `${term} is a thing.`)],
  occurrences: [occ('a.md', 1, `${term} is a thing.`)],
  unresolvedIssues: [],
  notes: [],
  ...extra,
});
const extracted = (text: string, score: number): ExtractedTerm => ({
  key: text.toLowerCase(),
  text,
  language: 'en',
  score,
  category: 'technical_term',
  frequency: 3,
  documentCount: 1,
  aliases: [],
  occurrences: [],
});
const base = { documentCount: 3, engineName: 'offline', generatedAt: new Date('2026-01-02T03:04:05Z') };

describe('renderMarkdown', () => {
  it('writes a title, a header with date, document count and engine, and sections in alphabetical order', () => {
    const md = renderMarkdown({ ...base, title: 'Vue terms', refined: [refined('Watcher'), refined('サーバー'), refined('alias')], terms: [] });
    expect(md.startsWith('# Vue terms\n\nGenerated on 2026-01-02 from 3 documents with the offline engine — 3 terms.\n')).toBe(true);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## alias', '## Watcher', '## サーバー']);
  });

  it('lists definition, aliases, linked related terms, unresolved issues, notes and occurrences as file:line — context', () => {
    const md = renderMarkdown({
      ...base,
      refined: [
        refined('Pinia store', {
          aliases: ['store'],
          relatedTerms: ['Single File Component'],
          unresolvedIssues: [{ type: 'MISSING', description: 'Nothing defines it.' }],
          notes: ['Picked a.md:1.'],
          occurrences: [occ('guide/a.md', 12, 'Use the Pinia store.'), occ('b.md', 3, 'A Pinia store holds state.')],
        }),
        refined('Single File Component'),
      ],
      terms: [],
    });
    expect(md).toContain('Pinia store is a thing.');
    expect(md).toContain('- **Aliases:** store');
    expect(md).toContain('- **Related terms:** [Single File Component](#single-file-component)');
    expect(md).toContain('  - MISSING: Nothing defines it.');
    expect(md).toContain('  - Picked a.md:1.');
    expect(md).toContain('- `guide/a.md:12` — Use the Pinia store.');
    expect(md).toContain('- `b.md:3` — A Pinia store holds state.');
  });

  it('escapes Markdown in user text so it cannot inject markup', () => {
    const md = renderMarkdown({ ...base, refined: [refined('# <script>', { definition: 'Uses *stars*, [links](x) and `code`.\n## fake heading' })], terms: [] });
    expect(md).toContain('## \\# \\<script\\>');
    expect(md).toContain('Uses \\*stars\\*, \\[links\\](x) and \\`code\\`. ## fake heading');
    expect(md).not.toMatch(/^## fake heading/m);
  });

  it('summarises long occurrence lists and says when nothing was defined', () => {
    const many = Array.from({ length: MAX_LISTED_OCCURRENCES + 5 }, (_, i) => occ('a.md', i + 1, 'x'));
    const md = renderMarkdown({ ...base, refined: [refined('term', { occurrences: many, definition: '' })], terms: [] });
    expect(md).toContain('- … and 5 more');
    expect(md).toContain('_No definition found in the documents._');
    expect(md.match(/^- `a\.md:/gm)).toHaveLength(MAX_LISTED_OCCURRENCES);
  });

  it('is stable: the same input gives the same bytes whatever the input order', () => {
    const a = renderMarkdown({ ...base, refined: [refined('b'), refined('a'), refined('C')], terms: [] });
    const b = renderMarkdown({ ...base, refined: [refined('C'), refined('b'), refined('a')], terms: [] });
    expect(a).toBe(b);
  });
});

describe('renderJson', () => {
  it('has the ranked term list with scores, the refined entries and the issues', () => {
    const issue: GlossaryIssue = { termKey: 'a', term: 'a', type: 'MISSING', description: 'd', locations: [], shouldExclude: false };
    const json = JSON.parse(
      renderJson({ ...base, refined: [refined('b'), refined('a')], terms: [extracted('low', 0.1), extracted('high', 0.9)], issues: [issue] }),
    );
    expect(json).toMatchObject({ title: 'Glossary', engine: 'offline', documentCount: 3, generatedAt: '2026-01-02T03:04:05.000Z' });
    expect(json.terms.map((t: { rank: number; text: string; score: number }) => [t.rank, t.text, t.score])).toEqual([
      [1, 'high', 0.9],
      [2, 'low', 0.1],
    ]);
    expect(json.entries.map((e: RefinedEntry) => e.term)).toEqual(['a', 'b']);
    expect(json.issues).toEqual([issue]);
  });
});

describe('helpers', () => {
  it('escapeMarkdown keeps text on one line and neutralises list and heading starts', () => {
    expect(escapeMarkdown('- item\nnext')).toBe('\\- item next');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
  });
  it('sortEntries breaks ties by key', () => {
    const e = sortEntries([
      { term: 'Vue', termKey: 'vue2' },
      { term: 'vue', termKey: 'vue1' },
    ]);
    expect(e.map((x) => x.termKey)).toEqual(['vue1', 'vue2']);
  });
});
