// What a settings screen needs to pick a model: the models an engine's server offers.
import { AppError } from '../errors';
import { listModels } from '../llm/index';
import { builder } from './builder';
import { EngineKindEnum } from './enums';

builder.queryFields((t) => ({
  llmModels: t.stringList({
    description:
      'Models offered by the engine’s server (baseUrl, else the configured default); empty for OFFLINE. LLM_UNAVAILABLE when the server cannot be reached. API keys are only ever sent to the configured server.',
    args: {
      engine: t.arg({ type: EngineKindEnum, required: true }),
      baseUrl: t.arg.string(),
    },
    resolve: (_root, args, ctx) => {
      if (args.baseUrl != null && !/^https?:\/\/[^\s/@]+(\/\S*)?$/i.test(args.baseUrl)) {
        throw new AppError('BAD_USER_INPUT', 'baseUrl must be an http(s) URL without credentials', { argument: 'baseUrl' });
      }
      const provider = args.engine === 'OLLAMA' ? 'ollama' : args.engine === 'OPENAI' ? 'openai' : 'offline';
      return listModels(provider, ctx.config.llm, args.baseUrl ?? null);
    },
  }),
}));
