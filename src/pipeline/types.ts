// The pipeline's data and ports. Nothing here knows of GraphQL, Prisma or runs: the server and
// the CLI both drive the same steps through these types.

import type { AliasSplitSpec, SynonymGroupSpec } from './synonyms';

export type Language = 'ja' | 'en';
export type PipelineStep = 'EXTRACT' | 'PROVISIONAL' | 'ISSUES' | 'REFINED';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
/** FULL = extract → provisional → issues → refined; FROM_TERMS = the last three on stored terms. */
export type RunScope = 'FULL' | 'FROM_TERMS' | 'EXTRACT' | 'GENERATE' | 'REVIEW' | 'REFINE';

export const RUN_SCOPE_STEPS: Record<RunScope, readonly PipelineStep[]> = {
  FULL: ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED'],
  FROM_TERMS: ['PROVISIONAL', 'ISSUES', 'REFINED'],
  EXTRACT: ['EXTRACT'],
  GENERATE: ['PROVISIONAL'],
  REVIEW: ['ISSUES'],
  REFINE: ['REFINED'],
};

/** A document as stored or read from disk. `fileName` is relative (POSIX separators), never absolute. */
export interface SourceDocument {
  id?: number;
  fileName: string;
  content: string;
}

/** Where a term (or a definition) stands: document, 1-based line, and a short context snippet. */
export interface Occurrence {
  fileName: string;
  line: number;
  context: string;
}

export type TermCategory =
  | 'technical_term'
  | 'person_name'
  | 'place_name'
  | 'organization'
  | 'title'
  | 'common_noun';

export interface ExtractedTerm {
  /** Normalised form used for merging and uniqueness (NFKC, case, ー, plural, hyphen/space). */
  key: string;
  /** The surface form shown to users (the most frequent variant). */
  text: string;
  language: Language;
  score: number;
  category: TermCategory;
  frequency: number;
  documentCount: number;
  /** Other surface forms and parenthetical aliases (「仮想 DOM（VDOM）」 → VDOM). */
  aliases: string[];
  occurrences: Occurrence[];
  /** User notes survive re-extraction; engines may use them as hints. */
  userNotes?: string | null;
}

export interface ExtractOptions {
  /** Upper bound on returned terms (required terms always included). */
  maxTerms?: number;
  minFrequency?: number;
  /** Never returned (compared by normalised key). */
  excluded?: readonly string[];
  /** Always returned, even when rare (a required term that never occurs is returned with no occurrences). */
  required?: readonly string[];
  /**
   * Alias pairs users split (rejected suggestions), by normalised key: the engine must not fold
   * `member` into `primary` (src/pipeline/synonyms.ts).
   */
  keepApart?: readonly { primary: string; member: string }[];
}

export interface ProvisionalEntry {
  termKey: string;
  term: string;
  /** Plain text (Markdown stripped). */
  definition: string;
  /** In [0, 1]. */
  confidence: number;
  /** The sentence(s) the definition came from. */
  sources: Occurrence[];
  occurrences: Occurrence[];
  /** Set when a user edited the definition: re-generation keeps the user's text. */
  editedByUser?: boolean;
}

export type IssueType = 'UNCLEAR' | 'CONTRADICTION' | 'MISSING' | 'NAMING' | 'UNNECESSARY';

export interface GlossaryIssue {
  termKey: string;
  term: string;
  type: IssueType;
  description: string;
  /** The locations that justify the issue. */
  locations: Occurrence[];
  shouldExclude: boolean;
}

export interface RefinedEntry {
  termKey: string;
  term: string;
  definition: string;
  confidence: number;
  aliases: string[];
  /** Other glossary terms the definition uses. */
  relatedTerms: string[];
  sources: Occurrence[];
  occurrences: Occurrence[];
  /** Issues the refinement could not resolve stay visible on the entry. */
  unresolvedIssues: { type: IssueType; description: string }[];
  /** What the refinement changed and why (e.g. "picked the definition in a.md:3 over b.md:9"). */
  notes: string[];
}

export interface LogEvent {
  level: LogLevel;
  message: string;
  step?: PipelineStep;
  /** Structured fields, e.g. { current, total, term }. JSON-serialisable. */
  fields?: Record<string, unknown>;
}

export interface ProgressEvent {
  step: PipelineStep;
  current: number;
  total: number;
  /** The item just finished or being worked on (a term, a batch label). */
  item?: string;
}

/** What a step reports. Calls must be cheap and never throw: the run layer batches and throttles. */
export interface Reporter {
  log(event: LogEvent): void;
  progress(event: ProgressEvent): void;
}

export interface StepContext {
  signal: AbortSignal;
  reporter: Reporter;
  /**
   * The user's required terms (as written; compare by normalised key). Review and refine never
   * leave them out of the glossary. `runPipeline` fills it from the store and the options.
   */
  requiredTerms?: readonly string[];
}

/**
 * A prepared document set: documents split into prose sentences with line numbers, language and
 * structure (headings, emphasis); code blocks and HTML removed. Built once per run by
 * `prepareCorpus` and shared by all steps and engines.
 */
export interface Corpus {
  documents: PreparedDocument[];
}

export interface PreparedDocument {
  fileName: string;
  /** The raw lines (1-based line n is lines[n - 1]). */
  lines: string[];
  sentences: Sentence[];
}

export interface Sentence {
  /** Index in the document's sentence list. */
  index: number;
  fileName: string;
  /** 1-based line where the sentence starts. */
  line: number;
  /** Prose text with Markdown markup removed (inline code text kept). */
  text: string;
  language: Language;
  kind: 'heading' | 'paragraph' | 'list' | 'table' | 'quote';
  /** Text of the nearest heading above (for "first sentence under a heading naming the term"). */
  heading: string | null;
  /** Spans the author emphasised: **bold**, 「」『』 quotes, `inline code`. */
  emphasized: string[];
  /**
   * The `inline code` spans among `emphasized` (absent when there are none): code spelling, which
   * names an identifier rather than marking a term (see docs/extraction.md, "Code identifiers").
   */
  code?: string[];
  /**
   * For a sentence spanning several source lines: offsets in `text` where line+1, line+2 … begin
   * (ascending). Absent for one-line sentences. `sentenceLineAt` in corpus.ts reads it.
   */
  lineBreaks?: number[];
}

/** The four steps. The offline engine is the default; LLM engines implement the same interface. */
export interface GlossaryEngine {
  /** e.g. "offline", "ollama:llama3.1", "openai:gpt-4o-mini" (shown in exports and logs). */
  readonly name: string;
  extract(corpus: Corpus, options: ExtractOptions, ctx: StepContext): Promise<ExtractedTerm[]>;
  provisional(corpus: Corpus, terms: ExtractedTerm[], ctx: StepContext): Promise<ProvisionalEntry[]>;
  review(corpus: Corpus, entries: ProvisionalEntry[], ctx: StepContext): Promise<GlossaryIssue[]>;
  refine(
    corpus: Corpus,
    input: { terms: ExtractedTerm[]; entries: ProvisionalEntry[]; issues: GlossaryIssue[] },
    ctx: StepContext,
  ): Promise<RefinedEntry[]>;
}

/**
 * Where a pipeline run reads its inputs and writes each step's output as soon as the step ends
 * (so a later failure or cancel never loses an earlier step's work). The server implements it on
 * Prisma; the CLI in memory.
 */
export interface GlossaryStore {
  /** All documents, or only those with the given ids. */
  loadDocuments(ids?: readonly number[]): Promise<SourceDocument[]>;
  loadTerms(): Promise<ExtractedTerm[]>;
  /** `replace`: the new list replaces the stored one (user notes kept by key); `merge`: incremental extract. */
  saveTerms(terms: ExtractedTerm[], mode: 'replace' | 'merge'): Promise<void>;
  loadProvisional(): Promise<ProvisionalEntry[]>;
  /** Keeps entries a user edited (editedByUser) instead of overwriting them. */
  saveProvisional(entries: ProvisionalEntry[]): Promise<void>;
  loadIssues(): Promise<GlossaryIssue[]>;
  saveIssues(issues: GlossaryIssue[]): Promise<void>;
  saveRefined(entries: RefinedEntry[]): Promise<void>;
  loadExcluded(): Promise<string[]>;
  loadRequired(): Promise<string[]>;
  /** Users' synonym groups, applied to the terms before every step after extraction. */
  loadSynonymGroups(): Promise<SynonymGroupSpec[]>;
  /** Automatic aliases users split off (rejected suggestions): extraction keeps them apart. */
  loadAliasSplits(): Promise<AliasSplitSpec[]>;
}
