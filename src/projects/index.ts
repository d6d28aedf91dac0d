// The public face of projects/: validation and writes for projects, documents, users' glossary
// edits, and exports. The schema layer calls these; they talk to the database through Prisma.
export { ProjectService, projectSettings, type EngineName, type ProjectInput, type ProjectPatch, type ProjectSettings } from './project-service';
export { DocumentService, type AfterUpload, type DocumentInput, type DocumentLimits, type DocumentProblem } from './document-service';
export { SynonymService, MAX_GROUP_TERMS } from './synonym-service';
export { AutoExtract } from './auto-extract';
export { glossaryChangesOn, NO_GLOSSARY_CHANGES, type GlossaryChangeCause, type GlossaryChanges, type GlossaryChangeSink } from './glossary-changes';
export { followGlossaryStatus, type GlossaryStatusSources } from './follow-glossary-status';
export { GlossaryEditService } from './glossary-edit-service';
export { ExportService } from './export-service';
export {
  deriveGlossaryStatus,
  loadGlossaryFacts,
  GLOSSARY_STALE_REASONS,
  GLOSSARY_STATES,
  type GlossaryFacts,
  type GlossaryStaleReason,
  type GlossaryState,
  type GlossaryStatus,
} from './glossary-status';
