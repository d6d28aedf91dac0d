// OpenAI-compatible chat completions (OpenAI, Azure OpenAI, llama.cpp server, LM Studio, vLLM).
// Structured output through `response_format: json_schema`; servers that reject it get JSON mode
// with the schema in the prompt instead, decided once per client.
import { z } from 'zod';
import { type ChatMessage, type ChatRequest, MAX_ANSWER_BYTES, StructuredChatClient, withSchemaInPrompt } from './chat-client';
import type { DebugRecorder } from './debug-recorder';
import { configurationError, type EndpointOptions, publicUrl, redactor, retryPolicy, trimSlash } from './http-endpoint';
import { safeJson } from './ollama-client';
import { HttpStatusError, LlmRequestError, type RetryPolicy, sendWithRetry } from './retry';

export interface OpenAiEndpointOptions extends EndpointOptions {
  apiKey?: string;
  /** Set for Azure OpenAI: baseUrl is the resource URL and model the deployment name. */
  azureApiVersion?: string;
}

const ChatReply = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});
const ModelsReply = z.object({ data: z.array(z.object({ id: z.string() })) });

export class OpenAiClient extends StructuredChatClient {
  readonly name: string;
  readonly describe: string;
  private readonly policy: RetryPolicy;
  private readonly baseUrl: string;
  private readonly redact: (text: string) => string;
  private readonly options: Omit<OpenAiEndpointOptions, 'apiKey'>;
  /** A true private field: not enumerable, so no JSON.stringify or inspect of an engine shows it. */
  readonly #apiKey: string | undefined;
  /** Flips to json_object the first time the server rejects a schema; kept for the client's life. */
  private structuredMode: 'json_schema' | 'json_object' = 'json_schema';

  constructor(options: OpenAiEndpointOptions, debug?: DebugRecorder) {
    super(debug);
    const { apiKey, ...rest } = options;
    this.options = rest;
    this.#apiKey = apiKey;
    this.baseUrl = trimSlash(options.baseUrl);
    this.name = `openai:${options.model}`;
    this.describe = `${options.azureApiVersion ? 'Azure OpenAI' : 'OpenAI-compatible server'} at ${publicUrl(options.baseUrl)}`;
    this.policy = retryPolicy(options);
    this.redact = redactor([apiKey]);
  }

  /** Which response_format the client currently sends (json_schema until a server refused it). */
  get mode(): 'json_schema' | 'json_object' {
    return this.structuredMode;
  }

  protected async chat(messages: ChatMessage[], request: ChatRequest<unknown>, signal: AbortSignal): Promise<string> {
    const mode = this.structuredMode;
    try {
      try {
        return await this.send(messages, request, mode, signal);
      } catch (error) {
        if (mode !== 'json_schema' || !rejectsSchemas(error)) throw error;
        this.structuredMode = 'json_object';
        return await this.send(messages, request, 'json_object', signal);
      }
    } catch (error) {
      throw configurationError(error, this.describe, {
        auth: 'check OPENAI_API_KEY',
        notFound: this.options.azureApiVersion
          ? `no deployment "${this.options.model}" (OPENAI_MODEL is the deployment name) or wrong AZURE_OPENAI_API_VERSION`
          : `model "${this.options.model}" or the /chat/completions endpoint does not exist (check OPENAI_BASE_URL, usually ending in /v1)`,
      });
    }
  }

  private async send(
    messages: ChatMessage[],
    request: ChatRequest<unknown>,
    mode: 'json_schema' | 'json_object',
    signal: AbortSignal,
  ): Promise<string> {
    const responseFormat =
      mode === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: schemaName(request.jsonSchema), schema: request.jsonSchema, strict: true } }
        : { type: 'json_object' };
    const sent = mode === 'json_schema' ? messages : withSchemaInPrompt(messages, request.jsonSchema);
    const text = await sendWithRetry(
      {
        url: this.url('chat/completions'),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.authHeaders() },
        body: JSON.stringify({
          ...(this.options.azureApiVersion ? {} : { model: this.options.model }),
          messages: sent,
          response_format: responseFormat,
        }),
        describe: this.describe,
        redact: this.redact,
        maxResponseBytes: MAX_ANSWER_BYTES,
      },
      this.policy,
      signal,
      request.onRetry,
    );
    const reply = ChatReply.safeParse(safeJson(text));
    if (!reply.success) throw new LlmRequestError(`${this.describe}: the reply is not a chat completion`);
    return reply.data.choices[0]?.message.content ?? '';
  }

  /** Model ids the server offers, sorted. Azure's data plane cannot list deployments: the configured one is returned. */
  async listModels(signal: AbortSignal): Promise<string[]> {
    if (this.options.azureApiVersion) return [this.options.model];
    let text: string;
    try {
      text = await sendWithRetry(
        { url: this.url('models'), method: 'GET', headers: this.authHeaders(), describe: this.describe, redact: this.redact },
        { ...this.policy, maxRetries: Math.min(this.policy.maxRetries, 1) },
        signal,
      );
    } catch (error) {
      throw configurationError(error, this.describe, {
        auth: 'check OPENAI_API_KEY',
        notFound: 'no /models endpoint (check OPENAI_BASE_URL, usually ending in /v1)',
      });
    }
    const reply = ModelsReply.safeParse(safeJson(text));
    if (!reply.success) throw new LlmRequestError(`${this.describe}: the reply is not a model list`);
    return reply.data.data.map((m) => m.id).sort();
  }

  private url(endpoint: 'chat/completions' | 'models'): string {
    const version = this.options.azureApiVersion;
    if (!version) return `${this.baseUrl}/${endpoint}`;
    const deployment = encodeURIComponent(this.options.model);
    return `${this.baseUrl}/openai/deployments/${deployment}/${endpoint}?api-version=${encodeURIComponent(version)}`;
  }

  private authHeaders(): Record<string, string> {
    const key = this.#apiKey;
    if (!key) return {};
    return this.options.azureApiVersion ? { 'api-key': key } : { authorization: `Bearer ${key}` };
  }
}

/** A 400 that blames the structured-output field: the server does not do json_schema. */
function rejectsSchemas(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status === 400 && /response_format|json_schema/i.test(error.body);
}

function schemaName(jsonSchema: Record<string, unknown>): string {
  const title = typeof jsonSchema.title === 'string' ? jsonSchema.title : 'answer';
  return title.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}
