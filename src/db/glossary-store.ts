// The pipeline's GlossaryStore port on Prisma, for one project. Each save is one transaction: a
// failure half-way leaves the previous step output exactly as it was. Lists (occurrences,
// aliases, sources) are JSON text on their rows: always read and written whole with the entry.
import type { AliasSplitSpec, SynonymGroupSpec } from '../pipeline/synonyms';
import type {
  ExtractedTerm,
  GlossaryIssue,
  GlossaryStore,
  IssueType,
  Language,
  Occurrence,
  ProvisionalEntry,
  RefinedEntry,
  SourceDocument,
  TermCategory,
} from '../pipeline/types';
import { type Db, providerOf } from './client';
import type { Term as TermRow } from './generated/client/client';

function parseList<T>(json: string | null | undefined): T[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    // A hand-edited or truncated cell must not break a run: the entry loses that list only.
    return [];
  }
}

function termFromRow(r: TermRow): ExtractedTerm {
  return {
    key: r.key,
    text: r.text,
    language: r.language as Language,
    score: r.score,
    category: r.category as TermCategory,
    frequency: r.frequency,
    documentCount: r.documentCount,
    aliases: parseList<string>(r.aliases),
    occurrences: parseList<Occurrence>(r.occurrences),
    userNotes: r.userNotes,
  };
}

/**
 * Interactive save transactions: their wait for SQLite's write lock is bounded by the busy
 * timeout (10 s), not by Prisma's default 5 s transaction timeout.
 */
const SAVE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * Takes SQLite's write lock as the transaction's first statement (issue 9: "a log burst fails
 * runs", Prisma P1008 in saveProvisional). The adapter begins transactions DEFERRED: a save that
 * reads first holds a read snapshot, and when the log worker commits a batch before the save's
 * first write, SQLite refuses the upgrade at once with SQLITE_BUSY (the snapshot is stale;
 * waiting cannot help, so the busy timeout does not apply), which the adapter reports as P1008
 * "Operation has timed out". A write first — one that changes nothing — waits for the lock
 * under the busy timeout and then reads the current state.
 */
async function takeWriteLock(db: Db, tx: Pick<Db, '$executeRawUnsafe'>): Promise<void> {
  // PostgreSQL locks rows, not the database: there is no such upgrade to fail.
  if (providerOf(db) === 'postgresql') return;
  await tx.$executeRawUnsafe('UPDATE "Project" SET "id" = "id" WHERE 0');
}

export class PrismaGlossaryStore implements GlossaryStore {
  constructor(
    private readonly db: Db,
    private readonly projectId: number,
  ) {}

  async loadDocuments(ids?: readonly number[]): Promise<SourceDocument[]> {
    const rows = await this.db.document.findMany({
      where: { projectId: this.projectId, ...(ids ? { id: { in: [...ids] } } : {}) },
      orderBy: { id: 'asc' },
      select: { id: true, fileName: true, content: true },
    });
    return rows;
  }

  async loadTerms(): Promise<ExtractedTerm[]> {
    const rows = await this.db.term.findMany({ where: { projectId: this.projectId }, orderBy: [{ rank: 'asc' }, { id: 'asc' }] });
    return rows.map(termFromRow);
  }

  /**
   * `replace`: the stored list becomes `terms` (ranked in the given order). `merge` (incremental
   * extract): incoming terms replace stored ones with the same key, the others stay, and the
   * union is ranked by score (highest first), as the in-memory store does. Either way a term's
   * user notes survive by key unless the incoming term brings its own.
   */
  async saveTerms(terms: ExtractedTerm[], mode: 'replace' | 'merge'): Promise<void> {
    const projectId = this.projectId;
    await this.db.$transaction(async (tx) => {
      await takeWriteLock(this.db, tx);
      const existing = await tx.term.findMany({ where: { projectId }, orderBy: [{ rank: 'asc' }, { id: 'asc' }] });
      const notes = new Map(existing.filter((t) => t.userNotes).map((t) => [t.key, t.userNotes]));
      const incoming = dedupeByKey(terms, (t) => t.key).map((t) => ({ ...t, userNotes: t.userNotes ?? notes.get(t.key) ?? null }));
      let list: ExtractedTerm[] = incoming;
      if (mode === 'merge') {
        const byKey = new Map<string, ExtractedTerm>(existing.map((r) => [r.key, termFromRow(r)]));
        for (const t of incoming) byKey.set(t.key, t);
        // Array.prototype.sort is stable: equal scores keep their previous order.
        list = [...byKey.values()].sort((a, b) => b.score - a.score);
      }
      await tx.term.deleteMany({ where: { projectId } });
      if (list.length === 0) return;
      await tx.term.createMany({
        data: list.map((t, rank) => ({
          projectId,
          key: t.key,
          text: t.text,
          rank,
          score: t.score,
          category: t.category,
          language: t.language,
          frequency: t.frequency,
          documentCount: t.documentCount,
          aliases: JSON.stringify(t.aliases ?? []),
          occurrences: JSON.stringify(t.occurrences ?? []),
          userNotes: t.userNotes ?? null,
        })),
      });
    }, SAVE_TRANSACTION);
  }

  async loadProvisional(): Promise<ProvisionalEntry[]> {
    const rows = await this.db.provisionalEntry.findMany({
      where: { projectId: this.projectId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({ ...entryFromRow(r), editedByUser: r.editedByUser }));
  }

  /**
   * Replaces the provisional glossary with `entries`, except that an entry a user edited is kept
   * as the user left it — also when the new list lacks its term: a user's text is never dropped
   * silently (removing it is the user's call). Kept entries take the new list's position for
   * their key; the others follow.
   */
  async saveProvisional(entries: ProvisionalEntry[]): Promise<void> {
    const projectId = this.projectId;
    const unique = dedupeByKey(entries, (e) => e.termKey);
    await this.db.$transaction(async (tx) => {
      await takeWriteLock(this.db, tx);
      const edited = await tx.provisionalEntry.findMany({ where: { projectId, editedByUser: true }, select: { id: true, termKey: true } });
      const editedKeys = new Map(edited.map((e) => [e.termKey, e.id]));
      await tx.provisionalEntry.deleteMany({ where: { projectId, editedByUser: false } });
      const fresh = [];
      let position = 0;
      for (const e of unique) {
        const keptId = editedKeys.get(e.termKey);
        if (keptId !== undefined) {
          await tx.provisionalEntry.update({ where: { id: keptId }, data: { position } });
          editedKeys.delete(e.termKey);
        } else {
          fresh.push({ projectId, position, ...entryColumns(e), editedByUser: false });
        }
        position++;
      }
      for (const id of editedKeys.values()) {
        await tx.provisionalEntry.update({ where: { id }, data: { position: position++ } });
      }
      if (fresh.length) await tx.provisionalEntry.createMany({ data: fresh });
    }, SAVE_TRANSACTION);
  }

  async loadIssues(): Promise<GlossaryIssue[]> {
    const rows = await this.db.glossaryIssue.findMany({
      where: { projectId: this.projectId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      termKey: r.termKey,
      term: r.term,
      type: r.type as IssueType,
      description: r.description,
      locations: parseList<Occurrence>(r.locations),
      shouldExclude: r.shouldExclude,
    }));
  }

  async saveIssues(issues: GlossaryIssue[]): Promise<void> {
    const projectId = this.projectId;
    await this.db.$transaction([
      this.db.glossaryIssue.deleteMany({ where: { projectId } }),
      this.db.glossaryIssue.createMany({
        data: issues.map((i, position) => ({
          projectId,
          termKey: i.termKey,
          term: i.term,
          position,
          type: i.type,
          description: i.description,
          locations: JSON.stringify(i.locations ?? []),
          shouldExclude: i.shouldExclude,
        })),
      }),
    ]);
  }

  /**
   * Replaces the refined glossary. A definition a user edited (the provisional entry marked
   * editedByUser holds the user's text, whichever of the two the user edited) is read inside the
   * same transaction and wins over the run's text: an edit made while REFINE was working, after
   * the run read its input, is not overwritten by the run's save.
   */
  async saveRefined(entries: RefinedEntry[]): Promise<void> {
    const projectId = this.projectId;
    await this.db.$transaction(async (tx) => {
      await takeWriteLock(this.db, tx);
      const edited = await tx.provisionalEntry.findMany({ where: { projectId, editedByUser: true }, select: { termKey: true, definition: true } });
      const userText = new Map(edited.map((e) => [e.termKey, e.definition]));
      await tx.refinedEntry.deleteMany({ where: { projectId } });
      const data = dedupeByKey(entries, (e) => e.termKey).map((e, position) => ({
        projectId,
        position,
        ...entryColumns(e),
        definition: userText.get(e.termKey) ?? e.definition,
        aliases: JSON.stringify(e.aliases ?? []),
        relatedTerms: JSON.stringify(e.relatedTerms ?? []),
        unresolvedIssues: JSON.stringify(e.unresolvedIssues ?? []),
        notes: JSON.stringify(e.notes ?? []),
      }));
      if (data.length) await tx.refinedEntry.createMany({ data });
    }, SAVE_TRANSACTION);
  }

  /** Refined entries in glossary order (not part of the port: exports and tests read them). */
  async loadRefined(): Promise<RefinedEntry[]> {
    const rows = await this.db.refinedEntry.findMany({
      where: { projectId: this.projectId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      ...entryFromRow(r),
      aliases: parseList<string>(r.aliases),
      relatedTerms: parseList<string>(r.relatedTerms),
      unresolvedIssues: parseList<{ type: IssueType; description: string }>(r.unresolvedIssues),
      notes: parseList<string>(r.notes),
    }));
  }

  async loadExcluded(): Promise<string[]> {
    const rows = await this.db.excludedTerm.findMany({ where: { projectId: this.projectId }, orderBy: { id: 'asc' }, select: { text: true } });
    return rows.map((r) => r.text);
  }

  async loadRequired(): Promise<string[]> {
    const rows = await this.db.requiredTerm.findMany({ where: { projectId: this.projectId }, orderBy: { id: 'asc' }, select: { text: true } });
    return rows.map((r) => r.text);
  }

  async loadSynonymGroups(): Promise<SynonymGroupSpec[]> {
    return loadSynonymGroupSpecs(this.db, this.projectId);
  }

  async loadAliasSplits(): Promise<AliasSplitSpec[]> {
    const rows = await this.db.aliasSplit.findMany({ where: { projectId: this.projectId }, orderBy: { id: 'asc' }, select: { primaryKey: true, memberKey: true } });
    return rows;
  }
}

/** A project's synonym groups, oldest first, as the pipeline applies them. */
export async function loadSynonymGroupSpecs(db: Pick<Db, 'synonymGroupTerm'>, projectId: number): Promise<SynonymGroupSpec[]> {
  const rows = await db.synonymGroupTerm.findMany({
    where: { projectId },
    orderBy: [{ groupId: 'asc' }, { isPrimary: 'desc' }, { position: 'asc' }, { id: 'asc' }],
    select: { groupId: true, key: true, text: true, isPrimary: true },
  });
  const groups = new Map<number, { primary: { key: string; text: string } | null; members: { key: string; text: string }[] }>();
  for (const r of rows) {
    const g = groups.get(r.groupId) ?? { primary: null, members: [] };
    if (r.isPrimary && !g.primary) g.primary = { key: r.key, text: r.text };
    else g.members.push({ key: r.key, text: r.text });
    groups.set(r.groupId, g);
  }
  return [...groups.values()].filter((g) => g.primary !== null && g.members.length > 0).map((g) => ({ primary: g.primary!, members: g.members }));
}

/** The columns provisional and refined entries share, as stored (lists as JSON text). */
function entryColumns(e: ProvisionalEntry | RefinedEntry) {
  return {
    termKey: e.termKey,
    term: e.term,
    definition: e.definition,
    confidence: e.confidence,
    sources: JSON.stringify(e.sources ?? []),
    occurrences: JSON.stringify(e.occurrences ?? []),
  };
}

/** The fields provisional and refined entries share, read back from their row. */
function entryFromRow(r: ReturnType<typeof entryColumns>) {
  return {
    termKey: r.termKey,
    term: r.term,
    definition: r.definition,
    confidence: r.confidence,
    sources: parseList<Occurrence>(r.sources),
    occurrences: parseList<Occurrence>(r.occurrences),
  };
}

/** The first entry per key wins; a duplicate key would otherwise abort the whole save on the unique index. */
function dedupeByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!byKey.has(k)) byKey.set(k, item);
  }
  return [...byKey.values()];
}
