// The one place that turns a project's engine settings plus configuration into an engine. API
// keys come from configuration only, and go only to the configured server: a project's own base
// URL (editable through the API) never receives them.
import type { LlmConfig } from '../config';
import { AppError } from '../errors';
import { createOfflineEngine } from '../pipeline/index';
import type { GlossaryEngine } from '../pipeline/types';
import { modelServerBaseUrl } from './base-url';
import { DebugRecorder } from './debug-recorder';
import { type CandidateSource, LlmEngine } from './llm-engine';
import { OllamaClient } from './ollama-client';
import { OpenAiClient } from './openai-client';
import { HttpStatusError, LlmRequestError, type RetryTiming } from './retry';

export type EngineKind = 'offline' | 'ollama' | 'openai';

export interface EngineSettings {
  engine: EngineKind;
  /** Overrides OLLAMA_MODEL / OPENAI_MODEL. */
  model?: string | null;
  /** A project's base URL: overrides OLLAMA_BASE_URL / OPENAI_BASE_URL, reduced to its origin (base-url.ts). */
  baseUrl?: string | null;
}

export interface CreateEngineOptions {
  /** Debug-mode folder name for this run (e.g. "project-3-run-42"); a timestamp otherwise. */
  debugLabel?: string;
  /** Where debug-mode write failures are reported (once). */
  onDebugWriteError?: (message: string) => void;
  /** Test hooks. */
  timing?: Partial<RetryTiming>;
  candidates?: CandidateSource;
}

/** The engine a run uses: offline, or an LLM engine on Ollama or an OpenAI-compatible server. */
export function createEngine(settings: EngineSettings, llm: LlmConfig, options: CreateEngineOptions = {}): GlossaryEngine {
  const offline = createOfflineEngine();
  if (settings.engine === 'offline') return offline;
  // Settings come from the database and the CLI: an unknown name must not quietly become OpenAI.
  if (settings.engine !== 'ollama' && settings.engine !== 'openai') {
    throw new AppError('BAD_USER_INPUT', `Unknown engine "${String(settings.engine)}" (offline, ollama or openai)`);
  }
  const debug = llm.debugDir
    ? new DebugRecorder(DebugRecorder.runFolder(llm.debugDir, options.debugLabel), secretsOf(llm), options.onDebugWriteError)
    : undefined;
  const client = createClient(settings, llm, options.timing, debug);
  return new LlmEngine({
    client,
    // The offline extractor's ranked list is what the model accepts, rejects and extends.
    candidates: options.candidates ?? ((corpus, extractOptions, ctx) => offline.extract(corpus, extractOptions, ctx)),
    concurrency: llm.concurrency,
  });
}

/**
 * Models the provider offers, for a settings dropdown. Offline has none. Asks the project's base
 * URL (checked and reduced as for runs) or the configured one; an error names the failure class
 * (refused, unreachable, timeout, HTTP status, not a model list), never what the server answered.
 */
export async function listModels(
  provider: EngineKind,
  llm: LlmConfig,
  projectBaseUrl?: string | null,
  signal: AbortSignal = AbortSignal.timeout(15_000),
): Promise<string[]> {
  if (provider === 'offline') return [];
  if (provider !== 'ollama' && provider !== 'openai') {
    throw new AppError('BAD_USER_INPUT', `Unknown engine "${String(provider)}" (offline, ollama or openai)`);
  }
  const client = createClient({ engine: provider, baseUrl: projectBaseUrl }, llm, undefined, undefined);
  try {
    return await client.listModels(signal);
  } catch (error) {
    if (error instanceof LlmRequestError || error instanceof HttpStatusError) {
      throw new AppError('LLM_UNAVAILABLE', `Cannot list models: ${error.message}`, {
        failure: error instanceof LlmRequestError ? error.failure : 'http',
        status: error.status,
        reason: error instanceof LlmRequestError ? error.reason : undefined,
      });
    }
    throw error;
  }
}

function createClient(
  settings: EngineSettings,
  llm: LlmConfig,
  timing: Partial<RetryTiming> | undefined,
  debug: DebugRecorder | undefined,
): OllamaClient | OpenAiClient {
  if (settings.engine === 'ollama') {
    return new OllamaClient(
      {
        baseUrl: modelServerBaseUrl('ollama', settings.baseUrl, llm),
        model: settings.model || llm.ollama.model,
        timeoutMs: llm.ollama.timeoutMs,
        maxRetries: llm.maxRetries,
        timing,
      },
      debug,
    );
  }
  const baseUrl = modelServerBaseUrl('openai', settings.baseUrl, llm);
  return new OpenAiClient(
    {
      baseUrl,
      model: settings.model || llm.openai.model,
      timeoutMs: llm.openai.timeoutMs,
      maxRetries: llm.maxRetries,
      timing,
      apiKey: sameOrigin(baseUrl, llm.openai.baseUrl) ? llm.openai.apiKey : undefined,
      azureApiVersion: llm.openai.azureApiVersion,
    },
    debug,
  );
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

const secretsOf = (llm: LlmConfig) => (llm.openai.apiKey ? [llm.openai.apiKey] : []);
