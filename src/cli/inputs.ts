// --input: folders (read recursively), single files and globs, turned into documents checked by the
// same rules the server's addDocuments applies. Every bad file is collected, not just the first,
// so one run tells the user everything to fix.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isAppError } from '../errors';
import { compareNames, isDocumentFileName, listDocumentFiles, readDocumentFile, type DocumentRule } from '../pipeline/documents';
import type { SourceDocument } from '../pipeline/types';
import { UsageError } from './io';

/** A file to read and the name its document gets (relative, POSIX). */
export interface InputFile {
  fullPath: string;
  fileName: string;
}

export interface InputProblem {
  fileName: string;
  rule: DocumentRule | 'DUPLICATE_NAME';
  /** What is wrong, without the name ("empty file"). */
  problem: string;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** A file named on the command line: its path from the working folder, or its base name if outside it. */
function nameOf(fullPath: string, cwd: string): string {
  const relative = path.relative(cwd, fullPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? toPosix(relative) : path.basename(fullPath);
}

/**
 * The files the --input arguments name: a folder gives its .md/.markdown/.txt files (names relative
 * to it), a file itself (whatever its extension: it was asked for), a glob its matching document
 * files. A path that is none of these is a usage error. The same file reached twice is read once.
 */
export async function resolveInputs(args: readonly string[], cwd: string = process.cwd()): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = (fullPath: string, fileName: string) => {
    if (seen.has(fullPath)) return;
    seen.add(fullPath);
    files.push({ fullPath, fileName });
  };
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    const info = await stat(full).catch(() => null);
    if (info?.isDirectory()) {
      for (const relative of await listDocumentFiles(full)) add(path.join(full, ...relative.split('/')), relative);
    } else if (info?.isFile()) {
      add(full, nameOf(full, cwd));
    } else if (!info && isDynamicPattern(arg)) {
      const matches = (await glob(arg, { cwd, onlyFiles: true, absolute: true, dot: false })).filter((m) => isDocumentFileName(m));
      if (matches.length === 0) throw new UsageError(`No .md, .markdown or .txt files match ${arg}`);
      for (const m of matches.sort(compareNames)) add(path.normalize(m), nameOf(path.normalize(m), cwd));
    } else if (info) {
      throw new UsageError(`Input ${arg} is neither a file nor a folder`);
    } else {
      throw new UsageError(`Input not found: ${arg} (give a folder, a file or a glob such as "docs/**/*.md")`);
    }
  }
  return files;
}

/** Reads and checks every file; returns the good documents and every problem, in input order. */
export async function readInputs(
  files: readonly InputFile[],
  maxBytes: number,
): Promise<{ documents: SourceDocument[]; problems: InputProblem[] }> {
  const documents: SourceDocument[] = [];
  const problems: InputProblem[] = [];
  const names = new Set<string>();
  for (const file of files) {
    try {
      const doc = await readDocumentFile(file.fullPath, file.fileName, { maxBytes });
      if (names.has(doc.fileName)) {
        problems.push({ fileName: doc.fileName, rule: 'DUPLICATE_NAME', problem: 'same name as another input file' });
        continue;
      }
      names.add(doc.fileName);
      documents.push(doc);
    } catch (e) {
      if (!isAppError(e) || typeof e.details.rule !== 'string') throw e;
      problems.push({ fileName: file.fileName, rule: e.details.rule as DocumentRule, problem: String(e.details.problem ?? e.message) });
    }
  }
  return { documents, problems };
}
