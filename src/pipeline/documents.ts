// Documents at the edges: reading a folder for the CLI, checking uploaded strings for the server.
// Both end in the same normalised form (no BOM, LF line ends, relative POSIX file name).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import type { SourceDocument } from './types';

export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;
const MAX_FILE_NAME_LENGTH = 255;

export interface DocumentLimits {
  maxBytes?: number;
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

/** Reads every .md/.markdown/.txt file under `dir` (recursively, sorted) as strict UTF-8. */
export async function loadDocumentsFromDir(dir: string, limits: DocumentLimits = {}): Promise<SourceDocument[]> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('BAD_USER_INPUT', `Input folder not found: ${dir}`);
  const files = (await listDocumentFiles(root)).sort(compareNames);
  if (files.length === 0) {
    throw new AppError('NO_DOCUMENTS', `No .md, .markdown or .txt files in ${dir}`);
  }
  const docs: SourceDocument[] = [];
  for (const relative of files) docs.push(await readDocument(root, relative, maxBytes));
  return docs;
}

// Code-point order, so the result does not depend on the machine's locale.
const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function listDocumentFiles(root: string): Promise<string[]> {
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
  return out;
}

async function readDocument(root: string, fileName: string, maxBytes: number): Promise<SourceDocument> {
  const full = path.join(root, ...fileName.split('/'));
  let bytes: Buffer;
  try {
    const { size } = await stat(full);
    if (size > maxBytes) throw tooLarge(fileName, size, maxBytes);
    bytes = await readFile(full);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('DOCUMENT_INVALID', `Cannot read ${fileName}: ${reason(e)}`, { fileName });
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) throw tooLarge(fileName, bytes.length, maxBytes);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('DOCUMENT_INVALID', `${fileName} is not valid UTF-8`, { fileName });
  }
  return { fileName, content: normalizeContent(content) };
}

const tooLarge = (fileName: string, size: number, maxBytes: number) =>
  new AppError('DOCUMENT_INVALID', `${fileName} is ${size} bytes, over the limit of ${maxBytes} bytes`, {
    fileName,
    size,
    maxBytes,
  });

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

/** A safe relative POSIX file name: backslashes converted, no absolute path, no `..`, bounded length. */
export function normalizeFileName(raw: string): string {
  const name = raw
    .normalize('NFC')
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/{2,}/g, '/');
  const shown = JSON.stringify(raw.slice(0, 80));
  if (name === '') throw new AppError('BAD_USER_INPUT', 'A document needs a file name', { fileName: raw });
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    throw new AppError('BAD_USER_INPUT', `File name ${shown} must be relative, not absolute`, { fileName: raw });
  }
  if (name.split('/').some((part) => part === '..' || part === '.')) {
    throw new AppError('BAD_USER_INPUT', `File name ${shown} must not contain "." or ".." segments`, { fileName: raw });
  }
  if (/[\u0000-\u001f\u007f]/u.test(name)) {
    throw new AppError('BAD_USER_INPUT', `File name ${shown} contains control characters`, { fileName: raw });
  }
  if (name.length > MAX_FILE_NAME_LENGTH) {
    throw new AppError('BAD_USER_INPUT', `File name ${shown}… is longer than ${MAX_FILE_NAME_LENGTH} characters`, {
      fileName: raw.slice(0, 80),
    });
  }
  if (name.endsWith('/')) throw new AppError('BAD_USER_INPUT', `File name ${shown} names a folder`, { fileName: raw });
  return name;
}

// NUL and other C0 controls (tab, LF, CR and form feed aside) or U+FFFD mean the bytes were not text.
const BINARY_LOOKING = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/u;

/** Checks an uploaded document (name and content from JSON) and returns it normalised. */
export function validateDocumentContent(
  fileName: string,
  content: string,
  limits: DocumentLimits = {},
): SourceDocument {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const name = normalizeFileName(fileName);
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) {
    throw new AppError('BAD_USER_INPUT', `${name} is ${bytes} bytes, over the limit of ${maxBytes} bytes`, {
      fileName: name,
      size: bytes,
      maxBytes,
    });
  }
  const normalized = normalizeContent(content);
  if (normalized.trim() === '') throw new AppError('BAD_USER_INPUT', `${name} is empty`, { fileName: name });
  if (BINARY_LOOKING.test(normalized)) {
    throw new AppError('BAD_USER_INPUT', `${name} does not look like text (binary or wrongly decoded content)`, {
      fileName: name,
    });
  }
  return { fileName: name, content: normalized };
}
