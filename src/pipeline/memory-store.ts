// An in-memory GlossaryStore: the CLI's, and the tests'. Same rules as the database store
// (user notes survive re-extraction, user-edited entries are never overwritten).
import type { AliasSplitSpec, SynonymGroupSpec } from './synonyms';
import type { ExtractedTerm, GlossaryIssue, GlossaryStore, ProvisionalEntry, RefinedEntry, SourceDocument } from './types';

export interface MemoryStoreSeed {
  documents: readonly SourceDocument[];
  excluded?: readonly string[];
  required?: readonly string[];
  terms?: readonly ExtractedTerm[];
  provisional?: readonly ProvisionalEntry[];
  issues?: readonly GlossaryIssue[];
  synonymGroups?: readonly SynonymGroupSpec[];
  aliasSplits?: readonly AliasSplitSpec[];
}

/** A GlossaryStore held in memory; the saved products are readable as fields. */
export class MemoryGlossaryStore implements GlossaryStore {
  readonly documents: SourceDocument[];
  terms: ExtractedTerm[];
  provisional: ProvisionalEntry[];
  issues: GlossaryIssue[];
  refined: RefinedEntry[] = [];
  private readonly excluded: string[];
  private readonly required: string[];
  synonymGroups: SynonymGroupSpec[];
  aliasSplits: AliasSplitSpec[];

  constructor(seed: MemoryStoreSeed) {
    // Documents get ids the way a database would give them, so incremental extraction can name them.
    this.documents = seed.documents.map((d, i) => ({ ...d, id: d.id ?? i + 1 }));
    this.excluded = [...(seed.excluded ?? [])];
    this.required = [...(seed.required ?? [])];
    this.terms = [...(seed.terms ?? [])];
    this.provisional = [...(seed.provisional ?? [])];
    this.issues = [...(seed.issues ?? [])];
    this.synonymGroups = [...(seed.synonymGroups ?? [])];
    this.aliasSplits = [...(seed.aliasSplits ?? [])];
  }

  async loadDocuments(ids?: readonly number[]): Promise<SourceDocument[]> {
    if (!ids) return [...this.documents];
    const wanted = new Set(ids);
    return this.documents.filter((d) => d.id !== undefined && wanted.has(d.id));
  }

  async loadTerms(): Promise<ExtractedTerm[]> {
    return [...this.terms];
  }

  async saveTerms(terms: ExtractedTerm[], mode: 'replace' | 'merge'): Promise<void> {
    const notes = new Map(this.terms.filter((t) => t.userNotes).map((t) => [t.key, t.userNotes]));
    const incoming = terms.map((t) => (notes.has(t.key) && !t.userNotes ? { ...t, userNotes: notes.get(t.key) } : t));
    if (mode === 'replace') {
      this.terms = incoming;
      return;
    }
    const byKey = new Map(this.terms.map((t) => [t.key, t]));
    for (const t of incoming) byKey.set(t.key, t);
    this.terms = [...byKey.values()].sort((a, b) => b.score - a.score);
  }

  async loadProvisional(): Promise<ProvisionalEntry[]> {
    return [...this.provisional];
  }

  async saveProvisional(entries: ProvisionalEntry[]): Promise<void> {
    // As in the Prisma store: a user's edit is never lost, even when its term is no longer extracted.
    const edited = new Map(this.provisional.filter((e) => e.editedByUser).map((e) => [e.termKey, e]));
    const saved = entries.map((e) => edited.get(e.termKey) ?? e);
    const savedKeys = new Set(saved.map((e) => e.termKey));
    this.provisional = [...saved, ...[...edited.values()].filter((e) => !savedKeys.has(e.termKey))];
  }

  async loadIssues(): Promise<GlossaryIssue[]> {
    return [...this.issues];
  }

  async saveIssues(issues: GlossaryIssue[]): Promise<void> {
    this.issues = [...issues];
  }

  async saveRefined(entries: RefinedEntry[]): Promise<void> {
    // As in the Prisma store: the user's text (held by the edited provisional entry) wins over the
    // run's, also when the edit came after the run read its input.
    const userText = new Map(this.provisional.filter((e) => e.editedByUser).map((e) => [e.termKey, e.definition]));
    this.refined = entries.map((e) => (userText.has(e.termKey) ? { ...e, definition: userText.get(e.termKey)! } : e));
  }

  async loadExcluded(): Promise<string[]> {
    return [...this.excluded];
  }

  async loadRequired(): Promise<string[]> {
    return [...this.required];
  }

  async loadSynonymGroups(): Promise<SynonymGroupSpec[]> {
    return [...this.synonymGroups];
  }

  async loadAliasSplits(): Promise<AliasSplitSpec[]> {
    return [...this.aliasSplits];
  }
}
