import { describe, expect, it } from 'vitest';
import { MAX_STORED_ERROR, redactText, sanitizeError } from '../../src/runs/sanitize-error';

describe('sanitizeError', () => {
  it('masks absolute Unix and Windows paths, keeps URLs and relative paths', () => {
    const err = new Error(
      "ENOENT: no such file or directory, open '/var/lib/gg/data/x.md' (see https://example.com/docs/a/b?x=1) C:\\Users\\bob\\doc.txt \\\\srv\\share\\f ~/notes/a.md docs/guide.md 3/4 file:///etc/passwd",
    );
    expect(sanitizeError(err)).toBe(
      "ENOENT: no such file or directory, open '<path>' (see https://example.com/docs/a/b?x=1) <path> <path> <path> docs/guide.md 3/4 <path> (Error)",
    );
  });

  it('redacts secrets: bearer tokens, sk- keys, api keys in text and URLs, URL credentials', () => {
    const text = redactText(
      'Authorization: Bearer eyJhbGciOi.abc.def key sk-proj-ABCDEF1234567890 api_key=hunter2 https://u:pw@host.example/v1?api-key=s3cr3t&x=1 "password": "p4ss"',
    );
    expect(text).not.toMatch(/eyJhbGciOi|ABCDEF1234567890|hunter2|s3cr3t|pw@|p4ss/);
    expect(text).toContain('https://<redacted>@host.example/v1?api-key=<redacted>&x=1');
  });

  it('removes control characters and broken surrogates, appends the class, bounds the length', () => {
    class LlmRequestError extends Error {
      override name = 'LlmRequestError';
    }
    const s = sanitizeError(new LlmRequestError(`bad\u0000\u001b[31m\r\nline\t2 \uD800 ${'é'.repeat(5000)}`));
    expect(s.length).toBeLessThanOrEqual(MAX_STORED_ERROR);
    expect(s).toMatch(/^bad\[31m line 2 \uFFFD é+… \(LlmRequestError\)$/);
    expect(s).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('handles non-Error throws', () => {
    expect(sanitizeError('plain /tmp/x failure')).toBe('plain <path> failure (string)');
    expect(sanitizeError({ code: 42 })).toBe('{"code":42} (object)');
    expect(sanitizeError(undefined)).toBe('Unknown error (undefined)');
    expect(sanitizeError(new TypeError(''))).toBe('Unknown error (TypeError)');
  });

  it('drops quoted source code and stack frames (Prisma colorless format, a stack dump)', () => {
    class PrismaClientKnownRequestError extends Error {
      override name = 'PrismaClientKnownRequestError';
    }
    const prisma = [
      '',
      'Invalid `tx.term.findMany()` invocation in',
      '/work/app/src/db/glossary-store.ts:74:35',
      '',
      "  71 async saveTerms(terms: ExtractedTerm[], mode: 'replace' | 'merge'): Promise<void> {",
      '  72   const projectId = this.projectId;',
      '  73   await this.db.$transaction(async (tx) => {',
      '→ 74     const existing = await tx.term.findMany(',
      'The table `main.Term` does not exist in the current database.',
    ].join('\n');
    const s = sanitizeError(new PrismaClientKnownRequestError(prisma));
    expect(s).toBe('Invalid `tx.term.findMany()` invocation in <path> The table `main.Term` does not exist in the current database. (PrismaClientKnownRequestError)');
    const stack = sanitizeError(new Error('boom\n    at saveTerms (/app/src/db/glossary-store.ts:74:35)\n    at async run (node:internal/x:1:2)'));
    expect(stack).toBe('boom (Error)');
    // One-line messages keep their numbers.
    expect(sanitizeError(new Error('12 documents failed'))).toBe('12 documents failed (Error)');
  });
});
