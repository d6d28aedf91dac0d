import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { convert } from 'xmlbuilder2';
import { CSV_COLUMNS, renderCsv, renderTbx, TBX_NAMESPACE } from '../../src/pipeline/export-formats';
import type { ExtractedTerm, RefinedEntry } from '../../src/pipeline/types';

const RNG = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tbx', 'tbx-core-export.rng');

const occ = (fileName: string, line: number) => ({ fileName, line, context: '…' });
const refined = (term: string, extra: Partial<RefinedEntry> = {}): RefinedEntry => ({
  termKey: term.toLowerCase(),
  term,
  definition: `${term} is a thing.`,
  confidence: 0.9,
  aliases: [],
  relatedTerms: [],
  sources: [occ('a.md', 1)],
  occurrences: [occ('a.md', 1), occ('b.md', 7)],
  unresolvedIssues: [],
  notes: [],
  ...extra,
});
const extracted = (text: string, language: 'ja' | 'en'): ExtractedTerm => ({
  key: text.toLowerCase(),
  text,
  language,
  score: 1,
  category: 'technical_term',
  frequency: 3,
  documentCount: 1,
  aliases: [],
  occurrences: [],
});

// Japanese and English, and the characters that break hand-written CSV and XML.
const TRICKY_DEFINITION = 'Uses "quotes", commas, & ampersands, <tags> and ]]>\nover two lines; \'single\' too.';
const input = {
  title: 'Terms & <Conditions> "2026"',
  documentCount: 2,
  engineName: 'offline',
  generatedAt: new Date('2026-01-02T03:04:05Z'),
  refined: [
    refined('サーバーサイドレンダリング', {
      definition: 'サーバーで HTML を描画する方式。\n初回表示が速い。',
      aliases: ['SSR', 'サーバー描画'],
      relatedTerms: ['Hydration'],
      sources: [occ('ja/guide.md', 3), occ('ja/guide.md', 3)],
    }),
    refined('Hydration', { definition: TRICKY_DEFINITION }),
    refined('=SUM(A1)', { definition: '' }),
  ],
  terms: [extracted('サーバーサイドレンダリング', 'ja'), extracted('Hydration', 'en')],
};

describe('renderCsv', () => {
  const csv = renderCsv(input);

  it('starts with a UTF-8 BOM and ends records with CRLF', () => {
    expect(csv.startsWith('\ufeffterm,language,definition,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('parses back (RFC 4180) to the same text: quotes, commas, newlines, Japanese', () => {
    const rows = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r.term)).toEqual(["'=SUM(A1)", 'Hydration', 'サーバーサイドレンダリング']);
    const hydration = rows.find((r) => r.term === 'Hydration')!;
    expect(hydration.definition).toBe(TRICKY_DEFINITION);
    expect(hydration.language).toBe('en');
    expect(hydration.occurrences).toBe('2');
    const ssr = rows.find((r) => r.term === 'サーバーサイドレンダリング')!;
    expect(ssr).toMatchObject({
      language: 'ja',
      definition: 'サーバーで HTML を描画する方式。\n初回表示が速い。',
      aliases: 'SSR; サーバー描画',
      related_terms: 'Hydration',
      sources: 'ja/guide.md:3',
      confidence: '0.90',
    });
  });

  it('keeps a formula-looking cell as text (leading apostrophe)', () => {
    expect(csv).toContain("\r\n'=SUM(A1),");
  });

  it('writes only the header row for an empty glossary', () => {
    expect(renderCsv({ ...input, refined: [] })).toBe(`\ufeff${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('renderTbx', () => {
  const tbx = renderTbx(input);

  it('is valid against the TBX-Core structure (RelaxNG, xmllint)', async () => {
    const result = await validateXML({
      xml: [{ fileName: 'glossary.tbx', contents: tbx }],
      schema: [{ fileName: 'tbx-core-export.rng', contents: await readFile(RNG, 'utf8') }],
      extension: 'relaxng',
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does refuse what TBX-Core does not allow (a typed descrip)', async () => {
    const bad = tbx.replace('<termSec>', '<descrip type="definition">x</descrip><termSec>');
    const result = await validateXML({
      xml: [{ fileName: 'bad.tbx', contents: bad }],
      schema: [{ fileName: 'tbx-core-export.rng', contents: await readFile(RNG, 'utf8') }],
      extension: 'relaxng',
    });
    expect(result.valid).toBe(false);
  });

  it('declares TBX-Core, DCA style, the main language and the v3 namespace', () => {
    expect(tbx.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx ')).toBe(true);
    const root = (convert(tbx, { format: 'object' }) as Record<string, Record<string, unknown>>).tbx!;
    expect(root['@xmlns']).toBe(TBX_NAMESPACE);
    expect(root['@type']).toBe('TBX-Core');
    expect(root['@style']).toBe('dca');
    expect(root['@xml:lang']).toBe('en');
  });

  it('parses back to concepts with the term, aliases as further termSecs and the definition, text intact', () => {
    const doc = new DOMParser().parseFromString(tbx, 'application/xml');
    const q = (el: Pick<XmlElement, 'getElementsByTagNameNS'>, name: string) => Array.from(el.getElementsByTagNameNS(TBX_NAMESPACE, name));
    expect(q(doc, 'title')[0]!.textContent).toBe('Terms & <Conditions> "2026"');
    const concepts = q(doc, 'conceptEntry');
    expect(concepts.map((c) => c.getAttribute('id'))).toEqual(['c1', 'c2', 'c3']);
    const [formula, hydration, ssr] = concepts;
    expect(q(hydration!, 'term').map((t) => t.textContent)).toEqual(['Hydration']);
    expect(q(hydration!, 'note')[0]!.textContent).toBe(TRICKY_DEFINITION);
    // No definition: no empty note. Terms are not spreadsheet cells: no apostrophe.
    expect(q(formula!, 'note')).toEqual([]);
    expect(q(formula!, 'term')[0]!.textContent).toBe('=SUM(A1)');

    const langSecs = q(ssr!, 'langSec');
    expect(langSecs.map((l) => l.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang'))).toEqual(['ja', 'en']);
    expect(q(langSecs[0]!, 'term').map((t) => t.textContent)).toEqual(['サーバーサイドレンダリング', 'サーバー描画']);
    expect(q(langSecs[0]!, 'note')[0]!.textContent).toBe('サーバーで HTML を描画する方式。\n初回表示が速い。');
    expect(q(langSecs[1]!, 'term').map((t) => t.textContent)).toEqual(['SSR']);
    // Related terms hang on the concept, before its langSecs.
    const first = Array.from(ssr!.childNodes).find((c) => c.nodeType === 1) as XmlElement;
    expect(first.localName).toBe('note');
    expect(first.textContent).toBe('Related terms: Hydration');
    // The definition note comes before the termSecs (auxiliary information first, as the core structure orders it).
    expect(Array.from(langSecs[0]!.childNodes).filter((c) => c.nodeType === 1).map((c) => (c as XmlElement).localName)).toEqual(['note', 'termSec', 'termSec']);
  });

  it('escapes markup rather than passing it through', () => {
    expect(tbx).toContain('&amp; ampersands, &lt;tags&gt; and ]]&gt;');
    expect(tbx).not.toContain('<tags>');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    const out = renderTbx({ ...input, refined: [refined('Page', { definition: 'one\fpage' })] });
    expect(out).toContain('<note>onepage</note>');
  });

  it('refuses an empty glossary with NO_TERMS (TBX needs a conceptEntry)', () => {
    expect(() => renderTbx({ ...input, refined: [] })).toThrow(expect.objectContaining({ code: 'NO_TERMS' }));
  });
});
