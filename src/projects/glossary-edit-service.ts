// Users' edits to a glossary between runs: excluded and required terms, definitions, notes.
// Exclusions and requirements are stored by normalised key so later runs honour them whatever
// variant of the term a document uses.
import type { Db } from '../db/client';
import type { ExcludedTerm, ProvisionalEntry, RefinedEntry, RequiredTerm, Term } from '../db/generated/client/client';
import { AppError } from '../errors';
import { normalizeKey } from '../pipeline/index';
import { type GlossaryChangeSink, NO_GLOSSARY_CHANGES } from './glossary-changes';

const MAX_TERM_CHARS = 200;
const MAX_DEFINITION_CHARS = 5000;
const MAX_NOTES_CHARS = 2000;

function termText(text: string): { text: string; key: string } {
  const trimmed = text.trim();
  if (trimmed === '' || /[\u0000-\u001f\u007f]/u.test(trimmed) || trimmed.length > MAX_TERM_CHARS) {
    throw new AppError('BAD_USER_INPUT', `text must be 1–${MAX_TERM_CHARS} characters without control characters`, { field: 'text' });
  }
  const key = normalizeKey(trimmed);
  if (key === '') throw new AppError('BAD_USER_INPUT', `"${trimmed}" has no letters or digits to form a term`, { field: 'text' });
  return { text: trimmed, key };
}

/** Records when the required/excluded lists last changed: removals leave no row to date them by. */
async function stampTermRules(tx: Pick<Db, 'project'>, projectId: number): Promise<void> {
  await tx.project.update({ where: { id: projectId }, data: { termRulesChangedAt: new Date() } });
}

function boundedText(value: string, field: string, max: number, allowEmpty: boolean): string {
  const trimmed = value.trim();
  if (!allowEmpty && trimmed === '') throw new AppError('BAD_USER_INPUT', `${field} must not be empty`, { field });
  if (trimmed.length > max) throw new AppError('BAD_USER_INPUT', `${field} must be at most ${max} characters`, { field });
  // Keep line breaks and tabs (definitions may be multi-line); drop other control characters.
  return trimmed.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, '');
}

export class GlossaryEditService {
  constructor(
    private readonly db: Db,
    private readonly changes: GlossaryChangeSink = NO_GLOSSARY_CHANGES,
  ) {}

  /**
   * Excludes a term from the project: later runs never return it, and the term with its
   * provisional, issue and refined rows goes now. Excluding also drops a requirement for it.
   */
  async excludeTerm(projectId: number, text: string): Promise<ExcludedTerm> {
    const term = termText(text);
    await this.requireProject(projectId);
    return this.db.$transaction(async (tx) => {
      const where = { projectId, termKey: term.key };
      await tx.term.deleteMany({ where: { projectId, key: term.key } });
      await tx.provisionalEntry.deleteMany({ where });
      await tx.glossaryIssue.deleteMany({ where });
      await tx.refinedEntry.deleteMany({ where });
      await tx.requiredTerm.deleteMany({ where: { projectId, key: term.key } });
      await stampTermRules(tx, projectId);
      return tx.excludedTerm.upsert({
        where: { projectId_key: { projectId, key: term.key } },
        create: { projectId, key: term.key, text: term.text, source: 'manual' },
        update: { text: term.text, source: 'manual' },
      });
    }).then(this.announce(projectId));
  }

  /** Makes later extractions always return the term (even when rare); lifts an exclusion of it. */
  async addRequiredTerm(projectId: number, text: string): Promise<RequiredTerm> {
    const term = termText(text);
    await this.requireProject(projectId);
    return this.db.$transaction(async (tx) => {
      await tx.excludedTerm.deleteMany({ where: { projectId, key: term.key } });
      await stampTermRules(tx, projectId);
      return tx.requiredTerm.upsert({
        where: { projectId_key: { projectId, key: term.key } },
        create: { projectId, key: term.key, text: term.text },
        update: { text: term.text },
      });
    }).then(this.announce(projectId));
  }

  /** Lifts an exclusion; NOT_FOUND when the term was not excluded. */
  async removeExcludedTerm(projectId: number, text: string): Promise<ExcludedTerm> {
    const { key } = termText(text);
    await this.requireProject(projectId);
    // The removal leaves no row: the project's stamp, in the same transaction, is what glossaryStatus
    // sees. The delete comes first so the transaction starts with a write (SQLite's write lock first).
    const notFound = () => new AppError('NOT_FOUND', `"${text.trim()}" is not excluded in project ${projectId}`, { type: 'ExcludedTerm' });
    const row = await this.db.excludedTerm.findUnique({ where: { projectId_key: { projectId, key } } });
    if (!row) throw notFound();
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.excludedTerm.deleteMany({ where: { projectId, key } });
      if (count === 0) throw notFound();
      await stampTermRules(tx, projectId);
    });
    return this.announce(projectId)(row);
  }

  /** Drops a requirement; NOT_FOUND when the term was not required. */
  async removeRequiredTerm(projectId: number, text: string): Promise<RequiredTerm> {
    const { key } = termText(text);
    await this.requireProject(projectId);
    const notFound = () => new AppError('NOT_FOUND', `"${text.trim()}" is not required in project ${projectId}`, { type: 'RequiredTerm' });
    const row = await this.db.requiredTerm.findUnique({ where: { projectId_key: { projectId, key } } });
    if (!row) throw notFound();
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.requiredTerm.deleteMany({ where: { projectId, key } });
      if (count === 0) throw notFound();
      await stampTermRules(tx, projectId);
    });
    return this.announce(projectId)(row);
  }

  /**
   * Replaces a provisional definition. The refined entry of the same term takes the same text at
   * once, so the refined glossary and every export show the edit without another run; later
   * generations and refinements keep the user's text (editedByUser).
   */
  async updateProvisionalDefinition(id: number, definition: string): Promise<ProvisionalEntry> {
    const text = boundedText(definition, 'definition', MAX_DEFINITION_CHARS, false);
    return this.db.$transaction(async (tx) => {
      const entry = await tx.provisionalEntry.findUnique({ where: { id }, select: { projectId: true, termKey: true } });
      if (!entry) throw new AppError('NOT_FOUND', `Provisional entry ${id} not found`, { type: 'ProvisionalEntry', id: String(id) });
      await tx.refinedEntry.updateMany({ where: { projectId: entry.projectId, termKey: entry.termKey }, data: { definition: text } });
      return tx.provisionalEntry.update({ where: { id }, data: { definition: text, editedByUser: true } });
    });
  }

  /**
   * Replaces a refined definition: what the refined glossary and every export show from now on.
   * The provisional entry of the same term takes the text too, marked editedByUser, which is what
   * makes later runs keep it instead of writing a new definition.
   */
  async updateRefinedDefinition(id: number, definition: string): Promise<RefinedEntry> {
    const text = boundedText(definition, 'definition', MAX_DEFINITION_CHARS, false);
    return this.db.$transaction(async (tx) => {
      const entry = await tx.refinedEntry.findUnique({ where: { id }, select: { projectId: true, termKey: true } });
      if (!entry) throw new AppError('NOT_FOUND', `Refined entry ${id} not found`, { type: 'RefinedEntry', id: String(id) });
      await tx.provisionalEntry.updateMany({ where: { projectId: entry.projectId, termKey: entry.termKey }, data: { definition: text, editedByUser: true } });
      return tx.refinedEntry.update({ where: { id }, data: { definition: text } });
    });
  }

  /** Sets (or, with null/empty, clears) a term's notes; notes survive re-extraction. */
  async setTermNotes(id: number, notes: string | null): Promise<Term> {
    const text = notes === null ? null : boundedText(notes, 'notes', MAX_NOTES_CHARS, true) || null;
    const { count } = await this.db.term.updateMany({ where: { id }, data: { userNotes: text } });
    if (count === 0) throw new AppError('NOT_FOUND', `Term ${id} not found`, { type: 'Term', id: String(id) });
    return this.db.term.findUniqueOrThrow({ where: { id } });
  }

  /** Passes a committed result through after telling glossaryStatus followers. */
  private announce(projectId: number): <T>(result: T) => T {
    return (result) => {
      this.changes.changed(projectId, 'TERMS_REQUIRED_OR_EXCLUDED');
      return result;
    };
  }

  private async requireProject(projectId: number): Promise<void> {
    const found = await this.db.project.count({ where: { id: projectId } });
    if (!found) throw new AppError('NOT_FOUND', `Project ${projectId} not found`, { type: 'Project', id: String(projectId) });
  }
}
