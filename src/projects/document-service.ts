// Documents: a request is checked as a whole and stored in one transaction, so a refused request
// changes nothing (no half-uploaded sets).
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import type { Document } from '../db/generated/client/client';
import { isUniqueViolation } from '../db/index';
import { AppError, isAppError } from '../errors';
import { type DocumentRule, validateDocumentContent } from '../pipeline/index';
import { type GlossaryChangeSink, NO_GLOSSARY_CHANGES } from './glossary-changes';

/** What happens after an upload commits with the project's autoExtract on (auto-extract.ts). */
export interface AfterUpload {
  documentsAdded(projectId: number): Promise<void>;
}

export interface DocumentInput {
  fileName: string;
  content: string;
}

export interface DocumentLimits {
  maxDocumentBytes: number;
  maxDocumentsPerProject: number;
}

/** One thing wrong with one document of a request. */
export interface DocumentProblem {
  fileName: string;
  /** INVALID_DOCUMENT: bad name, empty, oversized or binary content (the message says which). */
  reason: 'INVALID_DOCUMENT' | 'DUPLICATE_NAME';
  /** For INVALID_DOCUMENT: which of the shared document rules (src/pipeline/documents.ts) it broke. */
  rule?: DocumentRule;
  message: string;
}

function refuse(problems: DocumentProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new AppError('BAD_USER_INPUT', `${first.message}${more}; no document was added`, {
    reason: first.reason,
    fileName: first.fileName,
    problems,
  });
}

export class DocumentService {
  constructor(
    private readonly db: Db,
    private readonly limits: DocumentLimits,
    private readonly changes: GlossaryChangeSink = NO_GLOSSARY_CHANGES,
    private readonly afterUpload: AfterUpload | null = null,
  ) {}

  /** The project's documents by file name. */
  list(projectId: number): Promise<Document[]> {
    return this.db.document.findMany({ where: { projectId }, orderBy: { fileName: 'asc' } });
  }

  /**
   * Adds documents to a project, all or nothing. Refuses (BAD_USER_INPUT, details.problems) an
   * empty list, invalid or duplicate names (within the request or with stored documents), empty,
   * oversized or binary content, and going over the per-project document limit.
   */
  async add(projectId: number, inputs: readonly DocumentInput[]): Promise<Document[]> {
    if (inputs.length === 0) {
      throw new AppError('BAD_USER_INPUT', 'documents must not be empty: pass at least one { fileName, content }', {
        reason: 'EMPTY_LIST',
      });
    }
    if (inputs.length > this.limits.maxDocumentsPerProject) throw this.tooMany(inputs.length, 0);

    const problems: DocumentProblem[] = [];
    const seen = new Set<string>();
    const rows: { fileName: string; content: string; contentHash: string; sizeBytes: number }[] = [];
    for (const input of inputs) {
      let doc: { fileName: string; content: string };
      try {
        doc = validateDocumentContent(input.fileName, input.content, { maxBytes: this.limits.maxDocumentBytes });
      } catch (e) {
        if (!isAppError(e)) throw e;
        const fileName = typeof e.details.fileName === 'string' ? e.details.fileName : input.fileName.slice(0, 255);
        problems.push({ fileName, reason: 'INVALID_DOCUMENT', rule: e.details.rule as DocumentRule, message: e.message });
        continue;
      }
      if (seen.has(doc.fileName)) {
        problems.push({
          fileName: doc.fileName,
          reason: 'DUPLICATE_NAME',
          message: `"${doc.fileName}" appears more than once in the request`,
        });
        continue;
      }
      seen.add(doc.fileName);
      rows.push({
        fileName: doc.fileName,
        content: doc.content,
        contentHash: createHash('sha256').update(doc.content).digest('hex'),
        sizeBytes: Buffer.byteLength(doc.content, 'utf8'),
      });
    }
    if (problems.length > 0) throw refuse(problems);

    let created: Document[];
    let autoExtract = false;
    try {
      created = await this.db.$transaction(async (tx) => {
        const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true, autoExtract: true } });
        if (!project) throw new AppError('NOT_FOUND', `Project ${projectId} not found`, { type: 'Project', id: String(projectId) });
        const stored = await tx.document.count({ where: { projectId } });
        if (stored + rows.length > this.limits.maxDocumentsPerProject) throw this.tooMany(rows.length, stored);
        const clashes = await tx.document.findMany({
          where: { projectId, fileName: { in: rows.map((r) => r.fileName) } },
          select: { fileName: true },
        });
        if (clashes.length > 0) {
          throw refuse(
            clashes.map((c) => ({
              fileName: c.fileName,
              reason: 'DUPLICATE_NAME' as const,
              message: `The project already has a document named "${c.fileName}"`,
            })),
          );
        }
        // With autoExtract, the documents are marked in the same transaction: an automatic run that
        // cannot start now (another is active, the server stops) finds them later, after a restart too.
        autoExtract = project.autoExtract;
        const inserted = await tx.document.createManyAndReturn({ data: rows.map((r) => ({ ...r, projectId, autoExtractPending: project.autoExtract })) });
        return inserted.sort((a, b) => a.id - b.id);
      });
    } catch (e) {
      // Another request stored the same name between our check and our insert.
      if (isUniqueViolation(e)) {
        throw new AppError('BAD_USER_INPUT', 'A document with one of these names was added concurrently; no document was added', {
          reason: 'DUPLICATE_NAME',
        });
      }
      throw e;
    }
    this.changes.changed(projectId, 'DOCUMENTS_ADDED');
    if (autoExtract && this.afterUpload) await this.afterUpload.documentsAdded(projectId);
    return created;
  }

  /**
   * Deletes one document; returns it. NOT_FOUND when it does not exist. The project records when
   * (a removal leaves no row behind to date it by), in the same transaction.
   */
  async remove(id: number): Promise<Document> {
    const doc = await this.db.document.findUnique({ where: { id } });
    if (!doc) throw notFound(id);
    // The delete first, so the transaction takes SQLite's write lock before it reads anything.
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.document.deleteMany({ where: { id } });
      if (count === 0) throw notFound(id);
      await tx.project.update({ where: { id: doc.projectId }, data: { documentsRemovedAt: new Date() } });
    });
    this.changes.changed(doc.projectId, 'DOCUMENTS_REMOVED');
    return doc;
  }

  private tooMany(adding: number, stored: number): AppError {
    const max = this.limits.maxDocumentsPerProject;
    return new AppError(
      'BAD_USER_INPUT',
      `Too many documents: the project has ${stored} and the request adds ${adding}, over the limit of ${max}; no document was added`,
      { reason: 'TOO_MANY_DOCUMENTS', limit: max, stored, adding },
    );
  }
}

const notFound = (id: number) => new AppError('NOT_FOUND', `Document ${id} not found`, { type: 'Document', id: String(id) });
