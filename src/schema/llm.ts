// What a settings screen needs to pick a model: the models an engine's server offers. Only
// configured servers are asked (a project's llmBaseUrl, else the server's default): a caller
// cannot make the server fetch a URL of its choosing (issue 10, "readable SSRF").
import { AppError } from '../errors';
import { listModels } from '../llm/index';
import { builder } from './builder';
import { EngineKindEnum } from './enums';
import { parseId } from './ids';

builder.queryFields((t) => ({
  llmModels: t.stringList({
    description:
      "Models offered by the engine's server: the project's llmBaseUrl when projectId is given and the project has one, else the server's configured default; empty for OFFLINE. LLM_UNAVAILABLE names what failed (refused, unreachable, timeout, HTTP status, not a model list), never what the server answered. API keys are only ever sent to the configured server.",
    args: {
      engine: t.arg({ type: EngineKindEnum, required: true }),
      projectId: t.arg.id({ description: "Ask this project's llmBaseUrl (checked against LLM_ALLOWED_HOSTS)." }),
    },
    resolve: async (_root, args, ctx) => {
      let baseUrl: string | null = null;
      if (args.projectId != null) {
        const id = parseId(args.projectId, 'Project', 'projectId');
        const project = await ctx.db.project.findUnique({ where: { id }, select: { llmBaseUrl: true } });
        if (!project) throw new AppError('NOT_FOUND', `Project ${args.projectId} not found`, { type: 'Project', id });
        baseUrl = project.llmBaseUrl;
      }
      const provider = args.engine === 'OLLAMA' ? 'ollama' : args.engine === 'OPENAI' ? 'openai' : 'offline';
      return listModels(provider, ctx.config.llm, baseUrl);
    },
  }),
}));
