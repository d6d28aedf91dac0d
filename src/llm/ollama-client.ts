// Ollama's native API: POST /api/chat (non-streaming, JSON schema in `format`), GET /api/tags.
// Ollama before 0.5 only knows `format: "json"`; a 400 blaming the format switches to that, with
// the schema in the prompt, for the rest of the client's life.
import { z } from 'zod';
import { type ChatMessage, type ChatRequest, MAX_ANSWER_BYTES, StructuredChatClient, withSchemaInPrompt } from './chat-client';
import type { DebugRecorder } from './debug-recorder';
import { configurationError, type EndpointOptions, publicUrl, retryPolicy, trimSlash } from './http-endpoint';
import { HttpStatusError, LlmRequestError, type RetryPolicy, sendWithRetry } from './retry';

const ChatReply = z.object({ message: z.object({ content: z.string() }) });
const TagsReply = z.object({ models: z.array(z.object({ name: z.string() })) });

export class OllamaClient extends StructuredChatClient {
  readonly name: string;
  readonly describe: string;
  private readonly policy: RetryPolicy;
  private readonly baseUrl: string;
  private structuredMode: 'schema' | 'json' = 'schema';

  constructor(
    private readonly options: EndpointOptions,
    debug?: DebugRecorder,
  ) {
    super(debug);
    this.baseUrl = trimSlash(options.baseUrl);
    this.name = `ollama:${options.model}`;
    this.describe = `Ollama at ${publicUrl(options.baseUrl)}`;
    this.policy = retryPolicy(options);
  }

  /** Which `format` the client currently sends. */
  get mode(): 'schema' | 'json' {
    return this.structuredMode;
  }

  protected async chat(messages: ChatMessage[], request: ChatRequest<unknown>, signal: AbortSignal): Promise<string> {
    const mode = this.structuredMode;
    try {
      try {
        return await this.send(messages, request, mode, signal);
      } catch (error) {
        if (mode !== 'schema' || !(error instanceof HttpStatusError) || error.status !== 400 || !/format|schema/i.test(error.body)) {
          throw error;
        }
        this.structuredMode = 'json';
        return await this.send(messages, request, 'json', signal);
      }
    } catch (error) {
      throw configurationError(error, this.describe, {
        auth: 'check the proxy in front of Ollama',
        notFound: `model "${this.options.model}" is not installed (run \`ollama pull ${this.options.model}\`) or the URL is not Ollama's`,
      });
    }
  }

  private async send(
    messages: ChatMessage[],
    request: ChatRequest<unknown>,
    mode: 'schema' | 'json',
    signal: AbortSignal,
  ): Promise<string> {
    const body = JSON.stringify({
      model: this.options.model,
      messages: mode === 'schema' ? messages : withSchemaInPrompt(messages, request.jsonSchema),
      stream: false,
      format: mode === 'schema' ? request.jsonSchema : 'json',
      // Glossaries should not change between runs on the same documents.
      options: { temperature: 0 },
    });
    const text = await sendWithRetry(
      {
        url: `${this.baseUrl}/api/chat`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        describe: this.describe,
        redact: (t) => t,
        maxResponseBytes: MAX_ANSWER_BYTES,
      },
      this.policy,
      signal,
      request.onRetry,
    );
    const reply = ChatReply.safeParse(safeJson(text));
    if (!reply.success) throw new LlmRequestError(`${this.describe}: the reply is not an Ollama chat response`);
    return reply.data.message.content;
  }

  /** Names of the installed models, sorted. */
  async listModels(signal: AbortSignal): Promise<string[]> {
    let text: string;
    try {
      text = await sendWithRetry(
        { url: `${this.baseUrl}/api/tags`, method: 'GET', headers: {}, describe: this.describe, redact: (t) => t },
        { ...this.policy, maxRetries: Math.min(this.policy.maxRetries, 1) },
        signal,
      );
    } catch (error) {
      throw configurationError(error, this.describe, { auth: 'check the proxy in front of Ollama', notFound: 'is this Ollama?' });
    }
    const reply = TagsReply.safeParse(safeJson(text));
    if (!reply.success) throw new LlmRequestError(`${this.describe}: the reply is not an Ollama model list`);
    return reply.data.models.map((m) => m.name).sort();
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
