// The pipeline's public face for the server, the CLI and the LLM engines.
export * from './types';
export { prepareCorpus, prepareDocument, occurrenceIn, sentenceLineAt, contextSnippet, detectLanguage } from './corpus';
export {
  DEFAULT_MAX_DOCUMENT_BYTES,
  DOCUMENT_EXTENSIONS,
  checkDocumentBytes,
  hasLoneSurrogate,
  isDocumentFileName,
  listDocumentFiles,
  loadDocumentsFromDir,
  normalizeContent,
  normalizeFileName,
  readDocumentFile,
  validateDocumentContent,
  visibleName,
  type DocumentLimits,
  type DocumentRule,
} from './documents';
export { normalizeKey } from './normalize';
export { entriesLeftOut } from './left-out';
export {
  createOfflineEngine,
  findDefinitionCandidates,
  RelatedTermFinder,
  termRefOf,
  type DefinitionCandidate,
  type ExtractFn,
} from './offline';
export { mergeExtractOptions, runPipeline, type RunPipelineDeps, type RunPipelineResult } from './run-pipeline';
export { MemoryGlossaryStore, type MemoryStoreSeed } from './memory-store';
export { escapeMarkdown, renderJson, renderMarkdown, sortEntries, type ExportInput, type JsonExportInput } from './export';
export { CSV_COLUMNS, renderCsv, renderTbx, TBX_DIALECT, TBX_NAMESPACE } from './export-formats';
export {
  aliasReason,
  applyAliasSplits,
  foldSynonymGroups,
  matchTerm,
  suggestSynonymGroups,
  SYNONYM_REASONS,
  type AliasSplitSpec,
  type SuggestedMember,
  type SuggestedSynonymGroup,
  type SynonymGroupSpec,
  type SynonymReason,
  type SynonymTermRef,
  type TermMatch,
} from './synonyms';
