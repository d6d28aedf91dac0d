// What the engine needs from a model: one structured answer per request, validated against a zod
// schema. The shared base turns a provider's raw chat call into that, with one corrective retry
// for malformed output and the debug trail.
import type { z } from 'zod';
import type { Language } from '../pipeline/types';
import type { DebugRecorder } from './debug-recorder';
import { correctionPrompt } from './prompts';
import type { RetryEvent } from './retry';

export type LlmStep = 'extract' | 'provisional' | 'review' | 'refine';

export interface ChatRequest<T> {
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** The schema as JSON Schema for the provider's structured-output field; `title` names it. */
  jsonSchema: Record<string, unknown>;
  /** Names the item in WARN lines and debug files (a term, "batch 3/8"). */
  label: string;
  step: LlmStep;
  /** Language of the corrective message. */
  language?: Language;
  /** Told about each transient failure before its backoff (for INFO log lines). */
  onRetry?: (event: RetryEvent) => void;
}

export interface ChatClient {
  /** "ollama:llama3.2", "openai:gpt-4o-mini". */
  readonly name: string;
  /** Endpoint for messages, without secrets. */
  readonly describe: string;
  /**
   * The validated answer. Throws CancelledError, MalformedOutputError (twice unusable: skip the
   * item), LlmRequestError (retries ran out), AppError LLM_UNAVAILABLE (configuration is wrong).
   */
  complete<T>(request: ChatRequest<T>, signal: AbortSignal): Promise<T>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The model answered twice with something the schema rejects. */
export class MalformedOutputError extends Error {
  override readonly name = 'MalformedOutputError';
  constructor(
    readonly label: string,
    readonly problem: string,
    /** How many answers were unusable: 2 after the corrective retry, 1 when the engine refuses a valid-looking one. */
    readonly attempts = 2,
  ) {
    super(`unusable model output for ${label}: ${problem}`);
  }
}

/** A provider only has to send messages and return the answer text. */
export abstract class StructuredChatClient implements ChatClient {
  abstract readonly name: string;
  abstract readonly describe: string;

  constructor(protected readonly debug?: DebugRecorder) {}

  protected abstract chat(messages: ChatMessage[], request: ChatRequest<unknown>, signal: AbortSignal): Promise<string>;

  async complete<T>(request: ChatRequest<T>, signal: AbortSignal): Promise<T> {
    const messages: ChatMessage[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    let problem = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const raw = await this.recordedChat(messages, request, signal, attempt);
      const parsed = parseAnswer(raw, request.schema);
      if (parsed.ok) return parsed.value;
      problem = parsed.problem;
      // Showing the model its own answer and what was wrong fixes most slips in one go.
      messages.push(
        { role: 'assistant', content: raw },
        { role: 'user', content: correctionPrompt(request.language ?? 'en', problem) },
      );
    }
    throw new MalformedOutputError(request.label, problem);
  }

  private async recordedChat(
    messages: ChatMessage[],
    request: ChatRequest<unknown>,
    signal: AbortSignal,
    attempt: number,
  ): Promise<string> {
    const entry = { client: this.name, step: request.step, label: request.label, attempt, messages: [...messages] };
    try {
      const raw = await this.chat(messages, request, signal);
      await this.debug?.record(request.step, request.label, { ...entry, format: request.jsonSchema, response: raw });
      return raw;
    } catch (error) {
      await this.debug?.record(request.step, request.label, {
        ...entry,
        format: request.jsonSchema,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      throw error;
    }
  }
}

export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Most values (list items and object fields, nested ones included) an answer may hold. The
 * largest honest answer is an extraction batch: 25 decisions and at most 25 additions, about 200
 * values. Counted before the schema runs, so an answer with 100,000 items costs a walk of 2,000
 * values, not 100,000 validations (issue 10: such an answer blocked the server for seconds).
 */
export const MAX_ANSWER_VALUES = 2000;

/** Largest answer text read from a model (8 MiB); the HTTP layer stops reading beyond it. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** True when `value` holds more than `limit` nested values; stops counting at the limit. */
function hasMoreValuesThan(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    count += children.length;
    if (count > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

/** JSON out of a model's text (tolerating code fences and chatter around it), checked by the schema. */
export function parseAnswer<T>(raw: string, schema: z.ZodType<T>): ParsedAnswer<T> {
  const json = parseLooseJson(raw);
  if (json === undefined) return { ok: false, problem: 'the answer is not valid JSON' };
  if (hasMoreValuesThan(json, MAX_ANSWER_VALUES)) {
    return { ok: false, problem: `the answer holds more than ${MAX_ANSWER_VALUES} values` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the schema (${issues.join('; ')})` };
}

function parseLooseJson(raw: string): unknown {
  const text = raw.trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end <= start) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** JSON mode only promises *some* JSON object, so the model must see the schema itself. */
export function withSchemaInPrompt(messages: ChatMessage[], jsonSchema: Record<string, unknown>): ChatMessage[] {
  const [system, ...rest] = messages;
  if (!system) return messages;
  const note = `\n\nReply with one JSON object that validates against this JSON Schema:\n${JSON.stringify(jsonSchema)}`;
  return [{ ...system, content: system.content + note }, ...rest];
}
