// The real pipeline and engine behind the default executeRun. The modules are imported on first
// use: importing runs/ (tests, the schema layer) loads no NLP or LLM code.
import type { Project } from '../db/generated/client/client';
import type { ExtractOptions, GlossaryEngine } from '../pipeline/types';
import type { RunContext, RunManagerDeps } from './run-manager';

/**
 * The real pipeline and engine, loaded on first use: importing runs/ (tests, the schema layer)
 * does not load the NLP and LLM modules.
 */
export async function runDefaultPipeline(deps: RunManagerDeps, ctx: RunContext): Promise<unknown> {
  const { runPipeline } = await import('../pipeline/run-pipeline');
  const engine = await (deps.createEngine ?? ((project: Project) => defaultCreateEngine(deps, project, ctx)))(ctx.project, ctx.signal);
  return runPipeline(ctx.scope, {
    engine,
    store: ctx.store,
    signal: ctx.signal,
    reporter: ctx.reporter,
    documentIds: ctx.documentIds,
    options: projectExtractOptions(ctx.project.settings),
  });
}

async function defaultCreateEngine(deps: RunManagerDeps, project: Project, ctx: RunContext): Promise<GlossaryEngine> {
  const llmConfig = deps.llmConfig;
  if (!llmConfig) throw new Error('RunManager: llmConfig is required to build engines (or pass createEngine)');
  const { createEngine } = await import('../llm/create-engine');
  const engine = project.engine === 'ollama' || project.engine === 'openai' ? project.engine : 'offline';
  let warned = false;
  return createEngine({ engine, model: project.llmModel, baseUrl: project.llmBaseUrl }, llmConfig, {
    debugLabel: `project-${project.id}-run-${ctx.run.id}`,
    onDebugWriteError: (message) => {
      if (warned) return;
      warned = true;
      ctx.reporter.log({ level: 'WARN', message: `LLM debug files could not be written: ${message}` });
    },
  });
}

/** The project's extraction options (settings JSON); unknown or malformed fields are ignored. */
export function projectExtractOptions(settings: string): ExtractOptions {
  try {
    const parsed = JSON.parse(settings) as Record<string, unknown>;
    const options: ExtractOptions = {};
    if (Number.isInteger(parsed.maxTerms) && (parsed.maxTerms as number) > 0) options.maxTerms = parsed.maxTerms as number;
    if (Number.isInteger(parsed.minFrequency) && (parsed.minFrequency as number) > 0) options.minFrequency = parsed.minFrequency as number;
    return options;
  } catch {
    return {};
  }
}
