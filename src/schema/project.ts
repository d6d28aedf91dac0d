// Projects: the unit that owns documents, runs and a glossary.
import { type EngineName, projectSettings } from '../projects/index';
import { AppError } from '../errors';
import { checkedProjectBaseUrl } from '../llm/index';
import { builder, type Context } from './builder';
import { type EngineKind, EngineKindEnum } from './enums';
import { globalId, parseId } from './ids';

const toEngineKind = (engine: string): EngineKind => (engine === 'ollama' ? 'OLLAMA' : engine === 'openai' ? 'OPENAI' : 'OFFLINE');
const toEngineName = (kind: EngineKind | null | undefined): EngineName | null | undefined =>
  kind === undefined || kind === null ? kind : (kind.toLowerCase() as EngineName);

/** A project's llmBaseUrl decides where its prompts go: only an origin on an allowed host (src/llm/base-url.ts). */
function checkBaseUrl(url: string | null | undefined, ctx: Context): void {
  if (url != null) checkedProjectBaseUrl(url, ctx.config.llm);
}

builder.prismaNode('Project', {
  id: { field: 'id' },
  nullable: true,
  description: 'A set of documents with its runs and glossary. Engine settings hold no secrets: API keys come from the environment.',
  fields: (t) => ({
    name: t.exposeString('name'),
    engine: t.field({ type: EngineKindEnum, resolve: (p) => toEngineKind(p.engine) }),
    llmModel: t.exposeString('llmModel', { nullable: true, description: 'Model name; null means the server default for the engine.' }),
    llmBaseUrl: t.exposeString('llmBaseUrl', { nullable: true, description: 'Endpoint; null means the server default for the engine.' }),
    maxTerms: t.int({ nullable: true, resolve: (p) => projectSettings(p).maxTerms ?? null }),
    minFrequency: t.int({ nullable: true, resolve: (p) => projectSettings(p).minFrequency ?? null }),
    autoExtract: t.exposeBoolean('autoExtract', {
      description: 'Documents added through addDocuments start one incremental EXTRACT run (triggeredBy auto); while a run is active they are extracted after it.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  projects: t.prismaField({
    type: ['Project'],
    description: 'All projects, oldest first.',
    resolve: (query, _root, _args, ctx) => ctx.db.project.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
  project: t.prismaField({
    type: 'Project',
    description: 'One project; NOT_FOUND when the id is unknown.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseId(args.id, 'Project', 'id');
      const project = await ctx.db.project.findUnique({ ...query, where: { id } });
      if (!project) throw new AppError('NOT_FOUND', `Project ${args.id} not found`, { type: 'Project', id });
      return project;
    },
  }),
}));

const CreateProjectInput = builder.inputType('CreateProjectInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique, 1–100 characters.' }),
    engine: t.field({ type: EngineKindEnum, defaultValue: 'OFFLINE' }),
    llmModel: t.string(),
    llmBaseUrl: t.string({ description: 'scheme://host:port of the model server (no credentials, query or path; "/v1" tolerated), on a host LLM_ALLOWED_HOSTS allows.' }),
    maxTerms: t.int({ description: 'Upper bound on extracted terms (1–10000).' }),
    minFrequency: t.int({ description: 'Minimum occurrences of a term (1–1000).' }),
    autoExtract: t.boolean({ defaultValue: false, description: 'Extract new documents automatically on upload (default off).' }),
  }),
});

const UpdateProjectInput = builder.inputType('UpdateProjectInput', {
  description: 'Omitted fields stay as they are; null clears an optional field.',
  fields: (t) => ({
    name: t.string(),
    engine: t.field({ type: EngineKindEnum }),
    llmModel: t.string(),
    llmBaseUrl: t.string(),
    maxTerms: t.int(),
    minFrequency: t.int(),
    autoExtract: t.boolean({ description: 'Extract new documents automatically on upload; null leaves it as it is.' }),
  }),
});

builder.mutationFields((t) => ({
  createProject: t.prismaField({
    type: 'Project',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      checkBaseUrl(input.llmBaseUrl, ctx);
      const { id } = await ctx.projects.create({ ...input, engine: toEngineName(input.engine) });
      // Re-read with Pothos' query so nested selections (counts, relations) load in one go.
      return ctx.db.project.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateProject: t.prismaField({
    type: 'Project',
    // Settings include llmBaseUrl, where the server sends documents: an admin decision.
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateProjectInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      checkBaseUrl(input.llmBaseUrl, ctx);
      const project = await ctx.projects.update(parseId(id, 'Project', 'id'), { ...input, engine: toEngineName(input.engine) });
      return ctx.db.project.findUniqueOrThrow({ ...query, where: { id: project.id } });
    },
  }),
  cloneProject: t.prismaField({
    type: 'Project',
    authScopes: { admin: true },
    description:
      "A new project named `name` with a copy of the project's documents, engine settings and required and excluded terms (not its runs or glossary). BAD_USER_INPUT when the name is taken.",
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const project = await ctx.projects.clone(parseId(args.id, 'Project', 'id'), args.name);
      return ctx.db.project.findUniqueOrThrow({ ...query, where: { id: project.id } });
    },
  }),
  deleteProject: t.id({
    authScopes: { admin: true },
    description: 'Deletes the project and everything it owns; returns its id. RUN_ALREADY_ACTIVE while a run is active.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const projectId = parseId(id, 'Project', 'id');
      await ctx.projects.delete(projectId);
      return globalId('Project', projectId);
    },
  }),
}));
