// The console's small pure helpers, and that every UI string exists in English and Japanese.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { apiProblem } from '../../console/src/components/api-problem';
import { matches } from '../../console/src/app/url-state';
import { graphqlWsUrl } from '../../console/src/app/ws-url';
import { exportFileName } from '../../console/src/export/file-name';

const consoleSrc = path.resolve(import.meta.dirname, '../../console/src');

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

async function localeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? (e.name === 'gql' ? [] : localeFiles(path.join(dir, e.name))) : e.name === 'locales.ts' ? [path.join(dir, e.name)] : [])),
  );
  return nested.flat();
}

describe('UI strings', () => {
  it('every key has an English and a Japanese text, with the same {{placeholders}}', async () => {
    const files = await localeFiles(consoleSrc);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const { default: locales } = (await import(pathToFileURL(file).href)) as { default: { en: Tree; ja: Tree } };
      // Plural forms differ by language (English has _one and _other, Japanese only _other):
      // compare the keys without their plural suffix.
      const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
      const en = [...new Set(keys(locales.en).map(base))].sort();
      const ja = [...new Set(keys(locales.ja).map(base))].sort();
      expect(ja, path.relative(consoleSrc, file)).toEqual(en);
      const get = (tree: Tree, key: string) => key.split('.').reduce<Tree | string>((t, k) => (t as Tree)[k]!, tree) as string;
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const enTexts = new Map(keys(locales.en).map((k) => [k, get(locales.en, k)]));
      for (const key of keys(locales.ja)) {
        const jaText = get(locales.ja, key);
        expect(jaText.trim(), `${key} is empty in ja`).not.toBe('');
        // The same key in English, or its _other form for a plural.
        const enText = enTexts.get(key) ?? enTexts.get(key.replace(/_(zero|one|two|few|many)$/, '_other')) ?? '';
        expect(vars(jaText), `${path.relative(consoleSrc, file)}: ${key}`).toEqual(vars(enText));
      }
    }
  });
});

describe('apiProblem', () => {
  it('takes the first GraphQL error: message, code, and per-file problems from extensions', () => {
    const error = new CombinedError({
      graphQLErrors: [
        {
          message: 'b.md is empty (and 1 more problem); no document was added',
          extensions: {
            code: 'BAD_USER_INPUT',
            problems: [
              { fileName: 'b.md', reason: 'INVALID_DOCUMENT', message: 'b.md is empty' },
              { fileName: 'c.md', reason: 'DUPLICATE_NAME', message: '"c.md" appears more than once' },
            ],
          },
        },
      ],
    });
    expect(apiProblem(error)).toMatchObject({
      message: 'b.md is empty (and 1 more problem); no document was added',
      code: 'BAD_USER_INPUT',
      problems: [
        { fileName: 'b.md', message: 'b.md is empty' },
        { fileName: 'c.md', message: '"c.md" appears more than once' },
      ],
    });
  });

  it('names a network failure as such, and nothing for no error', () => {
    const error = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(apiProblem(error)).toEqual({ message: 'Failed to fetch', code: 'NETWORK_ERROR', problems: [] });
    expect(apiProblem(undefined)).toBeNull();
    const active = new CombinedError({ graphQLErrors: [{ message: 'Project 1 already has an active run (3)', extensions: { code: 'RUN_ALREADY_ACTIVE', activeRunId: '3' } }] });
    expect(apiProblem(active)).toMatchObject({ code: 'RUN_ALREADY_ACTIVE', problems: [], extensions: { activeRunId: '3' } });
  });
});

describe('helpers', () => {
  it('search matches ignore case and full-width/half-width differences', () => {
    expect(matches('Roast Profile', 'roast')).toBe(true);
    expect(matches('ＡＰＩキー', 'api')).toBe(true);
    expect(matches('ｺｰﾋｰ', 'コーヒー')).toBe(true);
    expect(matches('焙煎度', '焙煎')).toBe(true);
    expect(matches('焙煎度', '抽出')).toBe(false);
    expect(matches(null, '')).toBe(true);
  });

  it('the socket URL follows the page: same host, wss under https', () => {
    expect(graphqlWsUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/graphql');
    expect(graphqlWsUrl({ protocol: 'https:', host: 'glossary.example' })).toBe('wss://glossary.example/graphql');
  });

  it('export file names are safe on every OS and keep Japanese', () => {
    expect(exportFileName('珈琲/焙煎: 基礎', 'md')).toBe('珈琲_焙煎_ 基礎-glossary.md');
    expect(exportFileName('..', 'json')).toBe('glossary-glossary.json');
    expect(exportFileName('a\u0000b', 'md')).toBe('a_b-glossary.md');
  });
});
