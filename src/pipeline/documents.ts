// Documents at the edges, and the one set of rules every document passes: the server's
// addDocuments checks uploaded strings with validateDocumentContent, the CLI checks file bytes with
// checkDocumentBytes, and both run the same name and content rules below. Both end in the same
// normalised form (no BOM, LF line ends, relative POSIX file name).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, type ErrorCode } from '../errors';
import type { SourceDocument } from './types';

export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;
const MAX_FILE_NAME_LENGTH = 255;

export interface DocumentLimits {
  maxBytes?: number;
}

/**
 * Which rule a document broke (`details.rule` of the AppError). Stable: the API's problem list and
 * the CLI's report carry it.
 */
export type DocumentRule =
  | 'BAD_NAME'
  | 'TOO_LARGE'
  | 'EMPTY'
  | 'BINARY'
  | 'INVALID_UTF8'
  | 'LONE_SURROGATE'
  | 'UNREADABLE';

/**
 * A broken rule: `message` names the file ("a.md is empty"), `details.problem` says the same without
 * the name ("empty file") for lists that show the name beside it.
 */
function broken(code: ErrorCode, rule: DocumentRule, fileName: string, message: string, problem: string, extra: Record<string, unknown> = {}) {
  return new AppError(code, message, { fileName, rule, problem, ...extra });
}

/** True for the file names the pipeline reads (.md, .markdown, .txt; case-insensitive). */
export function isDocumentFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return DOCUMENT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Strips a BOM and turns CRLF / CR line ends into LF. */
export function normalizeContent(content: string): string {
  return content.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

// Bidirectional controls (embeddings, overrides, isolates, marks): in a name they can make
// "evil\u202Edm.exe" show as "evilexe.md", so a name must not contain any.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/u;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag:
// it must see code units). JSON can carry these ("\ud800"), and UTF-8 cannot store them.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** A name as it may be shown in a message: quoted, controls and bidi marks escaped, bounded. */
export function visibleName(raw: string): string {
  const cut = [...raw].slice(0, 80).join('');
  const escaped = JSON.stringify(cut).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return cut.length < raw.length ? `${escaped}…` : escaped;
}

/** A safe relative POSIX file name: backslashes converted, no absolute path, no `..`, bounded length. */
export function normalizeFileName(raw: string, code: ErrorCode = 'BAD_USER_INPUT'): string {
  const shown = visibleName(raw);
  const bad = (problem: string) => broken(code, 'BAD_NAME', raw.slice(0, 80), `File name ${shown} ${problem}`, `file name ${problem}`);
  if (hasLoneSurrogate(raw)) throw bad('contains a lone UTF-16 surrogate');
  const name = raw
    .normalize('NFC')
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/{2,}/g, '/');
  if (name === '') throw broken(code, 'BAD_NAME', raw, 'A document needs a file name', 'no file name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw bad('must be relative, not absolute');
  if (name.split('/').some((part) => part === '..' || part === '.')) throw bad('must not contain "." or ".." segments');
  if (CONTROLS.test(name)) throw bad('contains control characters');
  if (BIDI_CONTROLS.test(name)) throw bad('contains bidirectional control characters');
  if (name.length > MAX_FILE_NAME_LENGTH) throw bad(`is longer than ${MAX_FILE_NAME_LENGTH} characters`);
  if (name.endsWith('/')) throw bad('names a folder');
  return name;
}

// NUL and other C0 controls (tab, LF, CR and form feed aside) or U+FFFD mean the bytes were not text.
const BINARY_LOOKING = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/u;

const tooLarge = (code: ErrorCode, fileName: string, size: number, maxBytes: number) =>
  broken(code, 'TOO_LARGE', fileName, `${fileName} is ${size} bytes, over the limit of ${maxBytes} bytes`, `${size} bytes, over the limit of ${maxBytes} bytes`, {
    size,
    maxBytes,
  });

/** The content rules, on text already decoded; `name` is already normalised. */
function checkText(code: ErrorCode, name: string, content: string): SourceDocument {
  if (hasLoneSurrogate(content)) {
    throw broken(code, 'LONE_SURROGATE', name, `${name} contains a lone UTF-16 surrogate (broken text)`, 'broken text (a lone UTF-16 surrogate)');
  }
  const normalized = normalizeContent(content);
  if (normalized.trim() === '') throw broken(code, 'EMPTY', name, `${name} is empty`, 'empty file');
  if (BINARY_LOOKING.test(normalized)) {
    throw broken(code, 'BINARY', name, `${name} does not look like text (binary or wrongly decoded content)`, 'not text (binary or wrongly decoded content)');
  }
  return { fileName: name, content: normalized };
}

/** Checks an uploaded document (name and content from JSON) and returns it normalised (BAD_USER_INPUT). */
export function validateDocumentContent(fileName: string, content: string, limits: DocumentLimits = {}): SourceDocument {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const name = normalizeFileName(fileName);
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) throw tooLarge('BAD_USER_INPUT', name, bytes, maxBytes);
  return checkText('BAD_USER_INPUT', name, content);
}

/**
 * Checks a document read from disk (DOCUMENT_INVALID): the same name and content rules as uploads,
 * after strict UTF-8 decoding. NUL bytes are reported as binary before decoding is tried, so a
 * renamed image says "not text" rather than "not valid UTF-8".
 */
export function checkDocumentBytes(fileName: string, bytes: Uint8Array, limits: DocumentLimits = {}): SourceDocument {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const name = normalizeFileName(fileName, 'DOCUMENT_INVALID');
  if (bytes.length > maxBytes) throw tooLarge('DOCUMENT_INVALID', name, bytes.length, maxBytes);
  if (bytes.includes(0)) {
    throw broken('DOCUMENT_INVALID', 'BINARY', name, `${name} does not look like text (binary content: NUL bytes)`, 'not text (binary content: NUL bytes)');
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw broken('DOCUMENT_INVALID', 'INVALID_UTF8', name, `${name} is not valid UTF-8`, 'not valid UTF-8');
  }
  return checkText('DOCUMENT_INVALID', name, content);
}

/** Reads and checks one file; `fileName` is the name the document gets (relative, POSIX). */
export async function readDocumentFile(fullPath: string, fileName: string, limits: DocumentLimits = {}): Promise<SourceDocument> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  let bytes: Buffer;
  try {
    const { size } = await stat(fullPath);
    // Checked before reading, so a huge file is never loaded into memory.
    if (size > maxBytes) throw tooLarge('DOCUMENT_INVALID', fileName, size, maxBytes);
    bytes = await readFile(fullPath);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const why = reason(e);
    throw broken('DOCUMENT_INVALID', 'UNREADABLE', fileName, `Cannot read ${fileName}: ${why}`, `cannot read: ${why}`);
  }
  return checkDocumentBytes(fileName, bytes, { maxBytes });
}

/** Reads every .md/.markdown/.txt file under `dir` (recursively, sorted); the first bad file throws. */
export async function loadDocumentsFromDir(dir: string, limits: DocumentLimits = {}): Promise<SourceDocument[]> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('BAD_USER_INPUT', `Input folder not found: ${dir}`);
  const files = await listDocumentFiles(root);
  if (files.length === 0) {
    throw new AppError('NO_DOCUMENTS', `No .md, .markdown or .txt files in ${dir}`);
  }
  const docs: SourceDocument[] = [];
  for (const relative of files) docs.push(await readDocumentFile(path.join(root, ...relative.split('/')), relative, limits));
  return docs;
}

// Code-point order, so the result does not depend on the machine's locale.
export const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The document files under `root` as relative POSIX names, sorted; hidden folders and files skipped. */
export async function listDocumentFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relativeDir: string) => {
    let entries;
    try {
      entries = await readdir(path.join(root, relativeDir), { withFileTypes: true });
    } catch (e) {
      throw new AppError('DOCUMENT_INVALID', `Cannot read folder ${toPosix(relativeDir) || '.'}: ${reason(e)}`, {
        fileName: toPosix(relativeDir),
      });
    }
    for (const entry of entries) {
      // Hidden folders (.git, .obsidian …) hold tooling, not documents.
      if (entry.name.startsWith('.')) continue;
      const relative = relativeDir ? path.join(relativeDir, entry.name) : entry.name;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile() && isDocumentFileName(entry.name)) out.push(toPosix(relative));
    }
  };
  await walk('');
  return out.sort(compareNames);
}

// The OS message without the absolute path Node puts in it.
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? 'read error';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
