// Projects: validation and writes. Engine settings are plain data; API keys never live here (they
// come from the environment, see src/config.ts).
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Project } from '../db/generated/client/client';
import { AppError } from '../errors';
import { isUniqueViolation } from '../db/index';
import { ACTIVE_STATUSES } from '../runs/index';
import { type GlossaryChangeSink, NO_GLOSSARY_CHANGES } from './glossary-changes';

export type EngineName = 'offline' | 'ollama' | 'openai';

/** Extraction options stored as JSON on the project. */
export interface ProjectSettings {
  maxTerms?: number;
  minFrequency?: number;
}

export interface ProjectInput {
  name: string;
  engine?: EngineName | null;
  llmModel?: string | null;
  llmBaseUrl?: string | null;
  maxTerms?: number | null;
  minFrequency?: number | null;
  /** Start an incremental EXTRACT run when documents are added (default off). */
  autoExtract?: boolean | null;
}

/** Omitted (undefined) fields stay; null clears an optional field. */
export type ProjectPatch = { [K in keyof ProjectInput]?: ProjectInput[K] | null };

const noControlChars = (s: string) => !/[\u0000-\u001f\u007f]/u.test(s);
// Invisible bidirectional controls (embeddings, overrides, isolates, marks) make a name read
// differently from what it is ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"): refused in names.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const noBidiControls = (s: string) => !BIDI_CONTROLS.test(s);

const name = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(100, 'name must be at most 100 characters')
  .refine(noControlChars, 'name must not contain control characters')
  .refine(noBidiControls, 'name must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)');
const llmModel = z.string().trim().min(1).max(200).refine(noControlChars, 'llmModel must not contain control characters');
const llmBaseUrl = z
  .url({ protocol: /^https?$/, message: 'llmBaseUrl must be an http(s) URL' })
  .max(500)
  // Credentials in a URL would be stored and shown back: keys belong in the environment.
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'llmBaseUrl must not contain credentials; set API keys in the environment');
const maxTerms = z.number().int().min(1, 'maxTerms must be at least 1').max(10_000, 'maxTerms must be at most 10000');
const minFrequency = z.number().int().min(1, 'minFrequency must be at least 1').max(1000, 'minFrequency must be at most 1000');

const CreateSchema = z.object({
  name,
  engine: z.enum(['offline', 'ollama', 'openai']).nullish(),
  llmModel: llmModel.nullish(),
  llmBaseUrl: llmBaseUrl.nullish(),
  maxTerms: maxTerms.nullish(),
  minFrequency: minFrequency.nullish(),
  autoExtract: z.boolean().nullish(),
});
const PatchSchema = CreateSchema.partial();

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('BAD_USER_INPUT', issue?.message ?? 'invalid input', {
      field: issue?.path.join('.') ?? null,
      problems: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}

/** Reads the settings JSON of a project; unknown or malformed content yields no settings. */
export function projectSettings(project: Pick<Project, 'settings'>): ProjectSettings {
  try {
    const raw = JSON.parse(project.settings) as Record<string, unknown>;
    const out: ProjectSettings = {};
    if (typeof raw.maxTerms === 'number') out.maxTerms = raw.maxTerms;
    if (typeof raw.minFrequency === 'number') out.minFrequency = raw.minFrequency;
    return out;
  } catch {
    return {};
  }
}

function mergeSettings(current: ProjectSettings, patch: ProjectPatch): ProjectSettings {
  const next = { ...current };
  // null clears a setting (back to the engine's default); undefined leaves it alone.
  if (patch.maxTerms === null) delete next.maxTerms;
  else if (patch.maxTerms !== undefined) next.maxTerms = patch.maxTerms;
  if (patch.minFrequency === null) delete next.minFrequency;
  else if (patch.minFrequency !== undefined) next.minFrequency = patch.minFrequency;
  return next;
}

export class ProjectService {
  constructor(
    private readonly db: Db,
    private readonly changes: GlossaryChangeSink = NO_GLOSSARY_CHANGES,
  ) {}

  /** All projects, oldest first. */
  list(): Promise<Project[]> {
    return this.db.project.findMany({ orderBy: { id: 'asc' } });
  }

  /** The project, or NOT_FOUND. */
  async get(id: number): Promise<Project> {
    const project = await this.db.project.findUnique({ where: { id } });
    if (!project) throw notFound(id);
    return project;
  }

  async create(input: ProjectInput): Promise<Project> {
    const data = parse(CreateSchema, input);
    try {
      return await this.db.project.create({
        data: {
          name: data.name,
          engine: data.engine ?? 'offline',
          llmModel: data.llmModel ?? null,
          llmBaseUrl: data.llmBaseUrl ?? null,
          settings: JSON.stringify(mergeSettings({}, data)),
          autoExtract: data.autoExtract ?? false,
        },
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateName(data.name);
      throw e;
    }
  }

  /** Changes the given fields; `null` clears an optional one. */
  async update(id: number, patch: ProjectPatch): Promise<Project> {
    const data = parse(PatchSchema, patch);
    if (data.name === null) throw new AppError('BAD_USER_INPUT', 'name cannot be cleared', { field: 'name' });
    const current = await this.get(id);
    const next = {
      engine: data.engine !== undefined ? (data.engine ?? 'offline') : current.engine,
      llmModel: data.llmModel !== undefined ? data.llmModel : current.llmModel,
      llmBaseUrl: data.llmBaseUrl !== undefined ? data.llmBaseUrl : current.llmBaseUrl,
      settings: JSON.stringify(mergeSettings(projectSettings(current), data)),
    };
    // Only what changes the glossary makes it stale (a rename or the autoExtract switch does not);
    // the stamp is written with the change itself.
    const outputChanged =
      next.engine !== current.engine ||
      next.llmModel !== current.llmModel ||
      next.llmBaseUrl !== current.llmBaseUrl ||
      next.settings !== JSON.stringify(projectSettings(current));
    try {
      const updated = await this.db.project.update({
        where: { id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.autoExtract !== undefined ? { autoExtract: data.autoExtract ?? false } : {}),
          ...next,
          ...(outputChanged ? { settingsChangedAt: new Date() } : {}),
        },
      });
      if (outputChanged) this.changes.changed(id, 'SETTINGS_CHANGED');
      return updated;
    } catch (e) {
      if (isUniqueViolation(e) && data.name) throw duplicateName(data.name);
      // P2025: the project was deleted between our read and our update.
      if ((e as { code?: unknown }).code === 'P2025') throw notFound(id);
      throw e;
    }
  }

  /**
   * A new project named `name` with the source's documents, engine settings, required and
   * excluded terms and synonym groups — not its runs, terms or glossary (the copy starts fresh, ready to run).
   * One transaction: a failure (e.g. the name is taken) leaves no half-made copy.
   */
  async clone(id: number, newName: string): Promise<Project> {
    const cloneName = parse(name, newName);
    const source = await this.get(id);
    try {
      return await this.db.$transaction(async (tx) => {
        const project = await tx.project.create({
          data: { name: cloneName, engine: source.engine, llmModel: source.llmModel, llmBaseUrl: source.llmBaseUrl, settings: source.settings, autoExtract: source.autoExtract },
        });
        const projectId = project.id;
        const documents = await tx.document.findMany({ where: { projectId: id }, orderBy: { id: 'asc' } });
        if (documents.length > 0) {
          await tx.document.createMany({
            data: documents.map((d) => ({ projectId, fileName: d.fileName, content: d.content, contentHash: d.contentHash, sizeBytes: d.sizeBytes })),
          });
        }
        const required = await tx.requiredTerm.findMany({ where: { projectId: id }, orderBy: { id: 'asc' } });
        if (required.length > 0) await tx.requiredTerm.createMany({ data: required.map((r) => ({ projectId, key: r.key, text: r.text })) });
        const excluded = await tx.excludedTerm.findMany({ where: { projectId: id }, orderBy: { id: 'asc' } });
        if (excluded.length > 0) {
          await tx.excludedTerm.createMany({ data: excluded.map((e) => ({ projectId, key: e.key, text: e.text, source: e.source })) });
        }
        // Synonym groups and splits are users' decisions by key, like the term lists: they come along.
        const groups = await tx.synonymGroup.findMany({ where: { projectId: id }, orderBy: { id: 'asc' }, include: { terms: true } });
        for (const g of groups) {
          const copy = await tx.synonymGroup.create({ data: { projectId } });
          await tx.synonymGroupTerm.createMany({
            data: g.terms.map((t) => ({ groupId: copy.id, projectId, key: t.key, text: t.text, isPrimary: t.isPrimary, position: t.position })),
          });
        }
        const splits = await tx.aliasSplit.findMany({ where: { projectId: id }, orderBy: { id: 'asc' } });
        if (splits.length > 0) {
          await tx.aliasSplit.createMany({
            data: splits.map((s) => ({ projectId, primaryKey: s.primaryKey, primaryText: s.primaryText, memberKey: s.memberKey, memberText: s.memberText })),
          });
        }
        return project;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateName(cloneName);
      throw e;
    }
  }

  /**
   * Deletes the project with everything it owns. Refused with RUN_ALREADY_ACTIVE while a run is
   * PENDING or RUNNING: the check and the delete are one statement, so a run started concurrently
   * either blocks the delete or fails on the missing project — never a run without a project.
   */
  async delete(id: number): Promise<void> {
    const [pending, running] = ACTIVE_STATUSES;
    // The tagged form: Prisma writes each provider's placeholders (SQLite ?, PostgreSQL $n).
    const deleted = await this.db.$executeRaw`DELETE FROM "Project" WHERE "id" = ${id} AND NOT EXISTS (SELECT 1 FROM "Run" WHERE "projectId" = ${id} AND "status" IN (${pending}, ${running}))`;
    if (deleted === 1) return;
    const run = await this.db.run.findFirst({
      where: { projectId: id, status: { in: [...ACTIVE_STATUSES] } },
      select: { id: true },
    });
    if (run) {
      throw new AppError('RUN_ALREADY_ACTIVE', `Project ${id} has an active run (${run.id}); cancel it before deleting the project`, {
        activeRunId: String(run.id),
      });
    }
    throw notFound(id);
  }
}

const notFound = (id: number) => new AppError('NOT_FOUND', `Project ${id} not found`, { type: 'Project', id: String(id) });
const duplicateName = (name: string) =>
  new AppError('BAD_USER_INPUT', `A project named "${name}" already exists`, { field: 'name' });
