import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { checkDocumentBytes, loadDocumentsFromDir, normalizeFileName, validateDocumentContent, visibleName } from '../../src/pipeline/documents';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gg-docs-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

const put = async (name: string, data: string | Buffer) => {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), data);
};

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('loadDocumentsFromDir', () => {
  it('reads .md, .markdown and .txt recursively, sorted, with relative POSIX names', async () => {
    await put('b.md', '# B');
    await put('sub/deeper/c.markdown', 'C');
    await put('a.txt', 'A');
    await put('image.png', 'not a document');
    await put('.git/notes.md', 'tooling');
    const docs = await loadDocumentsFromDir(dir);
    expect(docs.map((d) => d.fileName)).toEqual(['a.txt', 'b.md', 'sub/deeper/c.markdown']);
    for (const d of docs) expect(path.isAbsolute(d.fileName)).toBe(false);
  });

  it('strips the BOM and turns CRLF and CR into LF', async () => {
    await put('x.md', Buffer.from('\ufeffline one\r\nline two\rline three', 'utf8'));
    const [doc] = await loadDocumentsFromDir(dir);
    expect(doc!.content).toBe('line one\nline two\nline three');
  });

  it('rejects invalid UTF-8 naming the file', async () => {
    await put('good.md', 'fine');
    await put('sub/bad.md', Buffer.from([0x41, 0xff, 0xfe, 0x42]));
    const e = await errorOf(loadDocumentsFromDir(dir));
    expect(e.code).toBe('DOCUMENT_INVALID');
    expect(e.details.rule).toBe('INVALID_UTF8');
    expect(e.message).toContain('sub/bad.md');
    expect(e.message).not.toContain(dir);
  });

  it('rejects a file over the size limit naming the file', async () => {
    await put('big.md', 'x'.repeat(2000));
    const e = await errorOf(loadDocumentsFromDir(dir, { maxBytes: 1000 }));
    expect(e.code).toBe('DOCUMENT_INVALID');
    expect(e.message).toMatch(/big\.md is 2000 bytes, over the limit of 1000/);
  });

  it('says NO_DOCUMENTS for a folder without documents', async () => {
    await put('readme.rst', 'not ours');
    expect((await errorOf(loadDocumentsFromDir(dir))).code).toBe('NO_DOCUMENTS');
  });

  it('reports a missing input folder as a user error', async () => {
    expect((await errorOf(loadDocumentsFromDir(path.join(dir, 'nope')))).code).toBe('BAD_USER_INPUT');
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', async () => {
    await put('locked.md', 'secret');
    await chmod(path.join(dir, 'locked.md'), 0o000);
    const e = await errorOf(loadDocumentsFromDir(dir));
    expect(e.code).toBe('DOCUMENT_INVALID');
    expect(e.message).toBe('Cannot read locked.md: permission denied');
  });
});

describe('normalizeFileName', () => {
  it('converts backslashes and drops a leading ./', () => {
    expect(normalizeFileName('.\\guide\\intro.md')).toBe('guide/intro.md');
  });
  it.each(['/etc/passwd.md', 'C:\\docs\\a.md', '../up.md', 'a/../../b.md', '', '   ', 'x'.repeat(300), 'a\u0000b.md'])(
    'rejects %j',
    (name) => {
      expect(() => normalizeFileName(name)).toThrow(AppError);
    },
  );
});

describe('validateDocumentContent', () => {
  it('returns the normalised document', () => {
    expect(validateDocumentContent('notes\\a.md', '\ufeffone\r\ntwo')).toEqual({ fileName: 'notes/a.md', content: 'one\ntwo' });
  });
  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t\r\n'],
    ['NUL byte', 'abc\u0000def'],
    ['other C0 control', 'abc\u0007def'],
    ['replacement character', 'broken \ufffd text'],
  ])('rejects %s content with BAD_USER_INPUT', (_label, content) => {
    try {
      validateDocumentContent('a.md', content);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('BAD_USER_INPUT');
      expect((e as AppError).message).toContain('a.md');
    }
  });
  it('measures the limit in UTF-8 bytes, not characters', () => {
    // 400 characters of kana are 1200 UTF-8 bytes.
    expect(() => validateDocumentContent('ja.md', 'あ'.repeat(400), { maxBytes: 1000 })).toThrow(/1200 bytes/);
    expect(validateDocumentContent('ja.md', 'あ'.repeat(300), { maxBytes: 1000 }).content).toHaveLength(300);
  });
});

// The one set of document rules: the server checks strings from JSON (validateDocumentContent), the
// CLI checks bytes from disk (checkDocumentBytes). Each case runs through both and must break the same
// rule; cases that only one side can meet (invalid UTF-8 has no string form, a lone surrogate no
// UTF-8 form) say so.
describe('shared document rules', () => {
  const limits = { maxBytes: 100 };
  const cases: { label: string; name: string; text?: string; bytes?: Buffer; rule: string }[] = [
    { label: 'empty', name: 'a.md', text: '', rule: 'EMPTY' },
    { label: 'whitespace only', name: 'a.md', text: ' \n\t\r\n', rule: 'EMPTY' },
    { label: 'BOM only', name: 'a.md', text: '\ufeff', rule: 'EMPTY' },
    { label: 'NUL bytes', name: 'a.md', text: '\u0000\u0000\u0000', rule: 'BINARY' },
    { label: 'a PNG renamed .md', name: 'a.md', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), text: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', rule: 'BINARY' },
    { label: 'other C0 control', name: 'a.md', text: 'abc\u0007def', rule: 'BINARY' },
    { label: 'replacement character', name: 'a.md', text: 'broken \ufffd text', rule: 'BINARY' },
    { label: 'oversized (UTF-8 bytes)', name: 'a.md', text: 'あ'.repeat(40), rule: 'TOO_LARGE' },
    { label: 'invalid UTF-8', name: 'a.md', bytes: Buffer.from([0x23, 0x20, 0xc3, 0x28]), rule: 'INVALID_UTF8' },
    { label: 'lone surrogate', name: 'a.md', text: 'term \ud800 here', rule: 'LONE_SURROGATE' },
    { label: 'absolute name', name: '/etc/a.md', text: 'ok', rule: 'BAD_NAME' },
    { label: 'traversal', name: 'docs/../../a.md', text: 'ok', rule: 'BAD_NAME' },
    { label: 'control character in name', name: 'a\u0007.md', text: 'ok', rule: 'BAD_NAME' },
    ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'].map((c) => ({
      label: `bidi control U+${c.charCodeAt(0).toString(16).toUpperCase()} in name`,
      name: `evil${c}dm.txt.md`,
      text: 'ok',
      rule: 'BAD_NAME',
    })),
    { label: 'lone surrogate in name', name: 'a\udc00.md', text: 'ok', rule: 'BAD_NAME' },
  ];

  it.each(cases.filter((c) => c.text !== undefined))('upload: $label → $rule', (c) => {
    try {
      validateDocumentContent(c.name, c.text!, limits);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('BAD_USER_INPUT');
      expect((e as AppError).details.rule).toBe(c.rule);
    }
  });

  it.each(cases.filter((c) => c.bytes !== undefined || c.rule !== 'LONE_SURROGATE'))('file: $label → $rule', (c) => {
    try {
      checkDocumentBytes(c.name, c.bytes ?? Buffer.from(c.text!, 'utf8'), limits);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('DOCUMENT_INVALID');
      expect((e as AppError).details.rule).toBe(c.rule);
      expect(typeof (e as AppError).details.problem).toBe('string');
    }
  });

  it('accepts Japanese and English text the same way on both sides', () => {
    const text = '\ufeff# 用語集\r\nSSR (server-side rendering) はサーバーで描画する。\n';
    const fromUpload = validateDocumentContent('ja/用語.md', text, limits);
    const fromFile = checkDocumentBytes('ja/用語.md', Buffer.from(text, 'utf8'), { maxBytes: 1000 });
    expect(fromFile).toEqual(fromUpload);
    expect(fromFile.content.startsWith('# 用語集\nSSR')).toBe(true);
  });

  it('shows bidi controls in names escaped, never raw', () => {
    expect(() => normalizeFileName('evil\u202edm.exe')).toThrow('File name "evil\\u202edm.exe" contains bidirectional control characters');
    expect(visibleName('a\u2066b')).toBe('"a\\u2066b"');
  });
});
