// The pipeline's products (terms, provisional entries, issues, refined entries, the Markdown
// export) and the edits users make to them between runs.
import type { IssueType, Occurrence } from '../pipeline/types';
import { builder, type Context } from './builder';
import { IssueTypeEnum } from './enums';
import { globalId, parseId } from './ids';

/** Lists are stored as JSON text; a malformed value reads as empty rather than failing the query. */
function jsonList<T>(text: string): T[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/** An occurrence as the API serves it: with the project it belongs to, to find its document. */
type ProjectOccurrence = Occurrence & { projectId: number };

function occurrences(row: { projectId: number }, json: string): ProjectOccurrence[] {
  return jsonList<Occurrence>(json).map((o) => ({ ...o, projectId: row.projectId }));
}

// File name → document id of each project, read once per request however many occurrences ask.
const documentIdsByRequest = new WeakMap<object, Map<number, Promise<Map<string, string>>>>();

function documentIdOf(ctx: Context, occurrence: ProjectOccurrence): Promise<string | null> {
  let byProject = documentIdsByRequest.get(ctx);
  if (!byProject) documentIdsByRequest.set(ctx, (byProject = new Map()));
  let ids = byProject.get(occurrence.projectId);
  if (!ids) {
    ids = ctx.db.document
      .findMany({ where: { projectId: occurrence.projectId }, select: { id: true, fileName: true } })
      .then((docs) => new Map(docs.map((d) => [d.fileName, globalId('Document', d.id)])));
    byProject.set(occurrence.projectId, ids);
  }
  return ids.then((m) => m.get(occurrence.fileName) ?? null);
}

const OccurrenceRef = builder.objectRef<ProjectOccurrence>('Occurrence').implement({
  description: 'Where a term or a definition stands: document, 1-based line, and a short context.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    documentId: t.id({
      nullable: true,
      description: 'The document (same id as Document.id); null when no document of that name is left in the project.',
      resolve: (o, _args, ctx) => documentIdOf(ctx, o),
    }),
    line: t.exposeInt('line'),
    context: t.exposeString('context'),
  }),
});

const UnresolvedIssue = builder.objectRef<{ type: IssueType; description: string }>('UnresolvedIssue').implement({
  fields: (t) => ({
    type: t.field({ type: IssueTypeEnum, resolve: (i) => i.type }),
    description: t.exposeString('description'),
  }),
});

builder.prismaNode('Term', {
  id: { field: 'id' },
  nullable: true,
  description: 'An extracted term, ranked by importance.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Normalised form used for merging and uniqueness.' }),
    text: t.exposeString('text'),
    // Stored 0-based (the position in the ranked list); people count from 1.
    rank: t.int({ description: '1 = most important.', resolve: (r) => r.rank + 1 }),
    score: t.exposeFloat('score'),
    category: t.exposeString('category'),
    language: t.exposeString('language'),
    frequency: t.exposeInt('frequency'),
    documentCount: t.exposeInt('documentCount'),
    aliases: t.stringList({ resolve: (r) => jsonList<string>(r.aliases) }),
    occurrences: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.occurrences) }),
    userNotes: t.exposeString('userNotes', { nullable: true }),
  }),
});

builder.prismaNode('ExcludedTerm', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    key: t.exposeString('key'),
    text: t.exposeString('text'),
    source: t.exposeString('source', { description: 'manual (a user) or auto (a review marked it).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('RequiredTerm', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    key: t.exposeString('key'),
    text: t.exposeString('text'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('ProvisionalEntry', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    termKey: t.exposeString('termKey'),
    term: t.exposeString('term'),
    position: t.exposeInt('position'),
    definition: t.exposeString('definition'),
    confidence: t.exposeFloat('confidence'),
    sources: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.sources) }),
    occurrences: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.occurrences) }),
    editedByUser: t.exposeBoolean('editedByUser', { description: 'A user edited the definition; later runs keep it.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('GlossaryIssue', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    termKey: t.exposeString('termKey'),
    term: t.exposeString('term'),
    position: t.exposeInt('position'),
    type: t.field({ type: IssueTypeEnum, resolve: (r) => r.type as IssueType }),
    description: t.exposeString('description'),
    locations: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.locations) }),
    shouldExclude: t.exposeBoolean('shouldExclude'),
  }),
});

builder.prismaNode('RefinedEntry', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    termKey: t.exposeString('termKey'),
    term: t.exposeString('term'),
    position: t.exposeInt('position'),
    definition: t.exposeString('definition'),
    confidence: t.exposeFloat('confidence'),
    aliases: t.stringList({ resolve: (r) => jsonList<string>(r.aliases) }),
    relatedTerms: t.stringList({ resolve: (r) => jsonList<string>(r.relatedTerms) }),
    sources: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.sources) }),
    occurrences: t.field({ type: [OccurrenceRef], resolve: (r) => occurrences(r, r.occurrences) }),
    unresolvedIssues: t.field({
      type: [UnresolvedIssue],
      resolve: (r) => jsonList<{ type: IssueType; description: string }>(r.unresolvedIssues),
    }),
    notes: t.stringList({ description: 'What the refinement changed and why.', resolve: (r) => jsonList<string>(r.notes) }),
  }),
});

builder.prismaObjectFields('Project', (t) => ({
  terms: t.relation('terms', {
    description: 'Extracted terms by rank.',
    args: { first: t.arg.int({ description: 'At most this many (the top-ranked).' }) },
    query: (args) => ({ orderBy: { rank: 'asc' }, ...(args.first != null ? { take: Math.max(0, args.first) } : {}) }),
  }),
  excludedTerms: t.relation('excludedTerms', { query: { orderBy: { key: 'asc' } } }),
  requiredTerms: t.relation('requiredTerms', { query: { orderBy: { key: 'asc' } } }),
  provisionalEntries: t.relation('provisional', { query: { orderBy: { position: 'asc' } } }),
  issues: t.relation('issues', {
    args: { type: t.arg({ type: [IssueTypeEnum], description: 'Only issues of these types.' }) },
    query: (args) => ({
      where: args.type?.length ? { type: { in: [...args.type] } } : {},
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    }),
  }),
  refinedEntries: t.relation('refined', { query: { orderBy: { position: 'asc' } } }),
  exportMarkdown: t.string({
    description: 'The refined glossary as Markdown (the same bytes as the CLI export).',
    resolve: (project, _args, ctx) => ctx.exports.markdown(project.id),
  }),
  exportJson: t.string({
    description: 'Terms, refined entries and issues as JSON text (the same bytes as the CLI export).',
    resolve: (project, _args, ctx) => ctx.exports.json(project.id),
  }),
  exportCsv: t.string({
    description:
      'The refined glossary as CSV (RFC 4180: header row, CRLF, UTF-8 with a BOM for Excel; the same bytes as the CLI export). Columns: term, language, definition, aliases, related_terms, sources, confidence, occurrences, unresolved_issues.',
    resolve: (project, _args, ctx) => ctx.exports.csv(project.id),
  }),
  exportTbx: t.string({
    description:
      'The refined glossary as TBX (ISO 30042 TBX v3, TBX-Core dialect, DCA style; the same bytes as the CLI export). NO_TERMS while the glossary is empty: TBX needs at least one concept.',
    resolve: (project, _args, ctx) => ctx.exports.tbx(project.id),
  }),
}));

builder.mutationFields((t) => ({
  excludeTerm: t.prismaField({
    type: 'ExcludedTerm',
    description: 'Excludes a term: removes it and its entries now, and later runs never return it.',
    args: { projectId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.excludeTerm(parseId(args.projectId, 'Project', 'projectId'), args.text),
  }),
  removeExcludedTerm: t.prismaField({
    type: 'ExcludedTerm',
    args: { projectId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.removeExcludedTerm(parseId(args.projectId, 'Project', 'projectId'), args.text),
  }),
  addRequiredTerm: t.prismaField({
    type: 'RequiredTerm',
    description: 'Makes later extractions always return the term, even when rare.',
    args: { projectId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.addRequiredTerm(parseId(args.projectId, 'Project', 'projectId'), args.text),
  }),
  removeRequiredTerm: t.prismaField({
    type: 'RequiredTerm',
    args: { projectId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.removeRequiredTerm(parseId(args.projectId, 'Project', 'projectId'), args.text),
  }),
  updateProvisionalDefinition: t.prismaField({
    type: 'ProvisionalEntry',
    description: "Replaces a provisional definition; the refined entry of the term takes it at once (refined glossary and exports), and later runs keep the user's text.",
    args: { id: t.arg.id({ required: true }), definition: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.updateProvisionalDefinition(parseId(args.id, 'ProvisionalEntry', 'id'), args.definition),
  }),
  updateRefinedDefinition: t.prismaField({
    type: 'RefinedEntry',
    description:
      "Replaces a refined definition: the refined glossary and every export show it at once; the provisional entry takes it too (editedByUser), so later runs keep the user's text.",
    args: { id: t.arg.id({ required: true }), definition: t.arg.string({ required: true }) },
    resolve: (_q, _root, args, ctx) => ctx.glossary.updateRefinedDefinition(parseId(args.id, 'RefinedEntry', 'id'), args.definition),
  }),
  setTermNotes: t.prismaField({
    type: 'Term',
    description: 'Sets or (with null) clears notes on a term; notes survive re-extraction.',
    args: { id: t.arg.id({ required: true }), notes: t.arg.string() },
    resolve: (_q, _root, args, ctx) => ctx.glossary.setTermNotes(parseId(args.id, 'Term', 'id'), args.notes ?? null),
  }),
}));
