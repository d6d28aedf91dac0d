// Synonym groups: users' decisions that several terms are one concept, and their answers to the
// engine's suggestions. Stored by normalised key (a key in at most one group of a project, enforced
// by a unique index), checked against the extracted terms, and applied by the pipeline on every
// run (src/pipeline/synonyms.ts). Every change stamps Project.groupsChangedAt (or
// aliasSplitsChangedAt for a rejected suggestion) in its own transaction, which is what
// glossaryStatus reads, and is announced to glossaryStatus followers after it commits.
import type { Db } from '../db/client';
import type { SynonymGroup } from '../db/generated/client/client';
import { isUniqueViolation, PrismaGlossaryStore } from '../db/index';
import { AppError } from '../errors';
import { type ExtractedTerm, matchTerm, normalizeKey, type SuggestedSynonymGroup, suggestSynonymGroups } from '../pipeline/index';
import { type GlossaryChangeSink, NO_GLOSSARY_CHANGES } from './glossary-changes';

const MAX_TERM_CHARS = 200;
/** Terms one request may name: a group is a handful of spellings, not a thesaurus. */
export const MAX_GROUP_TERMS = 50;

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface TermText {
  text: string;
  key: string;
}

function termText(value: string, field: string): TermText {
  const text = value.trim();
  if (text === '' || /[\u0000-\u001f\u007f]/u.test(text) || text.length > MAX_TERM_CHARS) {
    throw new AppError('BAD_USER_INPUT', `${field} must be 1–${MAX_TERM_CHARS} characters without control characters`, { field });
  }
  const key = normalizeKey(text);
  if (key === '') throw new AppError('BAD_USER_INPUT', `"${text}" has no letters or digits to form a term`, { field });
  return { text, key };
}

/** The members as given, checked, with repeats of one key (and of the primary) dropped. */
function memberTexts(values: readonly string[], except: ReadonlySet<string>): TermText[] {
  if (values.length > MAX_GROUP_TERMS) {
    throw new AppError('BAD_USER_INPUT', `members takes at most ${MAX_GROUP_TERMS} terms`, { field: 'members', limit: MAX_GROUP_TERMS });
  }
  const out: TermText[] = [];
  const seen = new Set(except);
  for (const v of values) {
    const t = termText(v, 'members');
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    out.push(t);
  }
  return out;
}

const groupNotFound = (id: number) => new AppError('NOT_FOUND', `Synonym group ${id} not found`, { type: 'SynonymGroup', id: String(id) });
const projectNotFound = (id: number) => new AppError('NOT_FOUND', `Project ${id} not found`, { type: 'Project', id: String(id) });

export class SynonymService {
  constructor(
    private readonly db: Db,
    private readonly changes: GlossaryChangeSink = NO_GLOSSARY_CHANGES,
  ) {}

  /** A new group: `primary` is the headword, `members` the other terms (at least one). */
  async create(projectId: number, primary: string, members: readonly string[]): Promise<SynonymGroup> {
    const head = termText(primary, 'primary');
    const rest = memberTexts(members, new Set([head.key]));
    if (rest.length === 0) throw tooSmall();
    await this.requireProject(projectId);
    await this.requireKnown(projectId, [head, ...rest]);
    const group = await this.write(projectId, 'groupsChangedAt', async (tx) => {
      await this.refuseGrouped(tx, projectId, [head, ...rest], null);
      const created = await tx.synonymGroup.create({ data: { projectId } });
      await tx.synonymGroupTerm.createMany({
        data: [
          { groupId: created.id, projectId, key: head.key, text: head.text, isPrimary: true, position: 0 },
          ...rest.map((m, i) => ({ groupId: created.id, projectId, key: m.key, text: m.text, isPrimary: false, position: i + 1 })),
        ],
      });
      return created;
    });
    return group;
  }

  /** Adds members; members already in this group are left as they are. */
  async addMembers(groupId: number, members: readonly string[]): Promise<SynonymGroup> {
    const group = await this.requireGroup(groupId);
    if (members.length === 0) throw new AppError('BAD_USER_INPUT', 'members must name at least one term', { field: 'members' });
    const current = await this.db.synonymGroupTerm.findMany({ where: { groupId }, select: { key: true, position: true } });
    const added = memberTexts(members, new Set(current.map((c) => c.key)));
    if (added.length === 0) return group;
    await this.requireKnown(group.projectId, added);
    let position = Math.max(0, ...current.map((c) => c.position)) + 1;
    return this.write(group.projectId, 'groupsChangedAt', async (tx) => {
      await this.refuseGrouped(tx, group.projectId, added, groupId);
      await tx.synonymGroupTerm.createMany({
        data: added.map((m) => ({ groupId, projectId: group.projectId, key: m.key, text: m.text, isPrimary: false, position: position++ })),
      });
      return group;
    });
  }

  /** Removes members (not the primary); GROUP_TOO_SMALL when no member would be left (delete the group instead). */
  async removeMembers(groupId: number, members: readonly string[]): Promise<SynonymGroup> {
    const group = await this.requireGroup(groupId);
    const keys = memberTexts(members, new Set()).map((m) => m.key);
    if (keys.length === 0) throw new AppError('BAD_USER_INPUT', 'members must name at least one term', { field: 'members' });
    return this.write(group.projectId, 'groupsChangedAt', async (tx) => {
      const rows = await tx.synonymGroupTerm.findMany({ where: { groupId }, select: { key: true, text: true, isPrimary: true } });
      for (const key of keys) {
        const row = rows.find((r) => r.key === key);
        if (!row) throw new AppError('BAD_USER_INPUT', `"${members.find((m) => normalizeKey(m) === key)?.trim()}" is not a member of this group`, { field: 'members', reason: 'NOT_A_MEMBER' });
        if (row.isPrimary) {
          throw new AppError('BAD_USER_INPUT', `"${row.text}" is the group's primary: choose another primary first (setSynonymPrimary) or delete the group`, {
            field: 'members',
            reason: 'PRIMARY',
          });
        }
      }
      const left = rows.filter((r) => !r.isPrimary && !keys.includes(r.key)).length;
      if (left === 0) throw tooSmall('removing them would leave the group without members; delete the group instead');
      await tx.synonymGroupTerm.deleteMany({ where: { groupId, key: { in: keys } } });
      return group;
    });
  }

  /** Makes one of the members the primary; the old primary becomes a member. */
  async setPrimary(groupId: number, primary: string): Promise<SynonymGroup> {
    const head = termText(primary, 'primary');
    const group = await this.requireGroup(groupId);
    return this.write(group.projectId, 'groupsChangedAt', async (tx) => {
      const rows = await tx.synonymGroupTerm.findMany({ where: { groupId } });
      const next = rows.find((r) => r.key === head.key);
      if (!next) throw new AppError('BAD_USER_INPUT', `"${head.text}" is not a member of this group: add it first`, { field: 'primary', reason: 'NOT_A_MEMBER' });
      if (next.isPrimary) return group;
      const old = rows.find((r) => r.isPrimary);
      if (old) await tx.synonymGroupTerm.update({ where: { id: old.id }, data: { isPrimary: false, position: next.position } });
      await tx.synonymGroupTerm.update({ where: { id: next.id }, data: { isPrimary: true, position: 0 } });
      return group;
    });
  }

  /** Deletes the group: its terms are separate entries again from the next run on. */
  async delete(groupId: number): Promise<number> {
    const group = await this.requireGroup(groupId);
    await this.write(group.projectId, 'groupsChangedAt', async (tx) => {
      const { count } = await tx.synonymGroup.deleteMany({ where: { id: groupId } });
      if (count === 0) throw groupNotFound(groupId);
      return null;
    });
    return groupId;
  }

  /** The engine's automatic aliases no group or split has settled (Project.suggestedSynonymGroups). */
  async suggestions(projectId: number): Promise<SuggestedSynonymGroup[]> {
    const store = new PrismaGlossaryStore(this.db, projectId);
    const [terms, groups, splits] = await Promise.all([store.loadTerms(), store.loadSynonymGroups(), store.loadAliasSplits()]);
    return suggestSynonymGroups(terms, groups, splits);
  }

  /** Turns the suggestion for `primary` into a user group with all its members. */
  async acceptSuggestion(projectId: number, primary: string): Promise<SynonymGroup> {
    const head = termText(primary, 'primary');
    await this.requireProject(projectId);
    const suggestion = (await this.suggestions(projectId)).find((s) => s.primaryKey === head.key || normalizeKey(s.primary) === head.key);
    if (!suggestion) throw new AppError('NOT_FOUND', `No suggested synonym group for "${head.text}"`, { type: 'SuggestedSynonymGroup', primary: head.text });
    return this.create(projectId, suggestion.primary, suggestion.members.map((m) => m.text));
  }

  /**
   * Splits `member` off the term `primary`: the suggestion is not offered again and the next
   * extraction keeps the two apart (for a spelling of the same word, the alias is no longer listed).
   */
  async rejectSuggestion(projectId: number, primary: string, member: string): Promise<void> {
    const head = termText(primary, 'primary');
    const alias = termText(member, 'member');
    await this.requireProject(projectId);
    const terms = await new PrismaGlossaryStore(this.db, projectId).loadTerms();
    const match = matchTerm(terms, head.key);
    if (!match || match.via !== 'key') throw unknownTerms([head.text]);
    const term = match.term;
    const listed = term.aliases.find((a) => normalizeKey(a) === alias.key);
    if (listed === undefined) {
      throw new AppError('NOT_FOUND', `"${alias.text}" is not an automatic alias of "${term.text}"`, { type: 'SuggestedSynonymGroup', primary: term.text, member: alias.text });
    }
    await this.write(projectId, 'aliasSplitsChangedAt', async (tx) => {
      await tx.aliasSplit.upsert({
        where: { projectId_primaryKey_memberKey: { projectId, primaryKey: term.key, memberKey: alias.key } },
        create: { projectId, primaryKey: term.key, primaryText: term.text, memberKey: alias.key, memberText: listed },
        update: {},
      });
      return null;
    });
  }

  /**
   * One transaction that stamps the project's change time with the change itself, then the
   * announcement. A unique violation is the race of two edits grouping one term: SYNONYM_CONFLICT.
   */
  private async write<T>(projectId: number, stamp: 'groupsChangedAt' | 'aliasSplitsChangedAt', work: (tx: Tx) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.db.$transaction(async (tx) => {
        // A write first: SQLite then takes the write lock before any read, so a log batch committed
        // meanwhile by the log worker cannot make the upgrade fail (see takeWriteLock in db/glossary-store.ts).
        await tx.project.update({ where: { id: projectId }, data: { [stamp]: new Date() } });
        return work(tx);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('SYNONYM_CONFLICT', 'One of these terms was grouped by another edit at the same time', { reason: 'CONCURRENT_EDIT' });
      throw e;
    }
    this.changes.changed(projectId, 'GROUPS_CHANGED');
    return result;
  }

  /** SYNONYM_CONFLICT when a key is in a group other than `groupId`. */
  private async refuseGrouped(tx: Tx, projectId: number, terms: readonly TermText[], groupId: number | null): Promise<void> {
    const taken = await tx.synonymGroupTerm.findMany({
      where: { projectId, key: { in: terms.map((t) => t.key) }, ...(groupId !== null ? { groupId: { not: groupId } } : {}) },
      select: { key: true, text: true, groupId: true },
    });
    if (taken.length === 0) return;
    const first = taken[0]!;
    throw new AppError('SYNONYM_CONFLICT', `"${first.text}" is already in another synonym group`, {
      terms: taken.map((t) => t.text),
      groupIds: [...new Set(taken.map((t) => t.groupId))],
    });
  }

  /** UNKNOWN_TERM unless every text is an extracted term or an alias of one. */
  private async requireKnown(projectId: number, texts: readonly TermText[]): Promise<void> {
    const terms: ExtractedTerm[] = await new PrismaGlossaryStore(this.db, projectId).loadTerms();
    const unknown = texts.filter((t) => matchTerm(terms, t.key) === null).map((t) => t.text);
    if (unknown.length > 0) throw unknownTerms(unknown);
  }

  private async requireGroup(groupId: number): Promise<SynonymGroup> {
    const group = await this.db.synonymGroup.findUnique({ where: { id: groupId } });
    if (!group) throw groupNotFound(groupId);
    return group;
  }

  private async requireProject(projectId: number): Promise<void> {
    if (!(await this.db.project.count({ where: { id: projectId } }))) throw projectNotFound(projectId);
  }
}

function tooSmall(detail = 'a group needs a primary and at least one other term'): AppError {
  return new AppError('GROUP_TOO_SMALL', `A synonym group needs at least two different terms: ${detail}`, { minimum: 2 });
}

function unknownTerms(texts: readonly string[]): AppError {
  return new AppError('UNKNOWN_TERM', `Not an extracted term or alias: ${texts.map((t) => `"${t}"`).join(', ')}`, { terms: texts });
}
