// The glossary as a file, the same bytes the CLI writes: the pipeline's renderers over the
// stored products.
import type { Config } from '../config';
import type { Db } from '../db/client';
import { PrismaGlossaryStore } from '../db/index';
import { AppError } from '../errors';
import { createEngine, type EngineKind } from '../llm/index';
import { type ExportInput, foldSynonymGroups, renderCsv, renderJson, renderMarkdown, renderTbx } from '../pipeline/index';

export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly llm: Config['llm'],
  ) {}

  /** The refined glossary as Markdown (title = project name). */
  async markdown(projectId: number): Promise<string> {
    return renderMarkdown(await this.input(projectId));
  }

  /** Terms, refined entries and issues as JSON. */
  async json(projectId: number): Promise<string> {
    const store = new PrismaGlossaryStore(this.db, projectId);
    const [input, issues] = await Promise.all([this.input(projectId), store.loadIssues()]);
    return renderJson({ ...input, issues });
  }

  /** The refined glossary as CSV (header row, one row per entry). */
  async csv(projectId: number): Promise<string> {
    return renderCsv(await this.input(projectId));
  }

  /** The refined glossary as TBX-Core; NO_TERMS while it is empty. */
  async tbx(projectId: number): Promise<string> {
    return renderTbx(await this.input(projectId));
  }

  private async input(projectId: number): Promise<ExportInput> {
    const project = await this.db.project.findUnique({ where: { id: projectId } });
    if (!project) throw new AppError('NOT_FOUND', `Project ${projectId} not found`, { type: 'Project', id: String(projectId) });
    const store = new PrismaGlossaryStore(this.db, projectId);
    const [refined, terms, groups, documentCount, lastCompleted] = await Promise.all([
      store.loadRefined(),
      store.loadTerms(),
      store.loadSynonymGroups(),
      this.db.document.count({ where: { projectId } }),
      this.db.run.findFirst({ where: { projectId, status: 'COMPLETED' }, orderBy: { id: 'desc' }, select: { finishedAt: true } }),
    ]);
    // Same name the runs log (e.g. "ollama:llama3.2"); building an engine opens no connection.
    const engineName = createEngine({ engine: project.engine as EngineKind, model: project.llmModel, baseUrl: project.llmBaseUrl }, this.llm).name;
    return {
      title: project.name,
      refined,
      // As the pipeline sees them: a group's members are aliases of its primary, not terms of their own.
      terms: foldSynonymGroups(terms, groups),
      documentCount,
      engineName,
      // The time of the products, not of the request: exporting twice gives the same bytes.
      generatedAt: lastCompleted?.finishedAt ?? project.updatedAt,
    };
  }
}
