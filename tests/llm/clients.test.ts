import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, CancelledError } from '../../src/errors';
import { jsonSchemaOf } from '../../src/llm/answers';
import { type ChatRequest, MalformedOutputError } from '../../src/llm/chat-client';
import { OllamaClient } from '../../src/llm/ollama-client';
import { OpenAiClient } from '../../src/llm/openai-client';
import { LlmRequestError } from '../../src/llm/retry';
import { instantTiming } from './helpers';
import { type StubServer, autoAnswer, startStubLlmServer } from './stub-llm-server';

const Answer = z.object({ word: z.string(), n: z.number() }).meta({ title: 'probe' });
const request = (label = 'probe'): ChatRequest<z.infer<typeof Answer>> => ({
  system: 'system text',
  user: 'user text',
  schema: Answer,
  jsonSchema: jsonSchemaOf(Answer),
  label,
  step: 'provisional',
});
const KEY = 'sk-live-VERY-SECRET-42';
const good = { answer: { word: 'ok', n: 1 } };

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubLlmServer();
});
afterAll(() => stub.close());
afterEach(() => {
  stub.setHandler(autoAnswer);
  stub.resetCounters();
});

const ollama = (timing = instantTiming(), extra: { timeoutMs?: number; maxRetries?: number } = {}) =>
  new OllamaClient({ baseUrl: stub.url, model: 'llama3.2:latest', timeoutMs: 5000, maxRetries: 3, timing, ...extra });
const openai = (timing = instantTiming(), extra: { azureApiVersion?: string; apiKey?: string; maxRetries?: number } = {}) =>
  new OpenAiClient({
    baseUrl: extra.azureApiVersion ? stub.url : `${stub.url}/v1`,
    model: 'gpt-4o-mini',
    timeoutMs: 5000,
    maxRetries: 3,
    apiKey: KEY,
    timing,
    ...extra,
  });
const signal = () => new AbortController().signal;

/** A 127.0.0.1 port nobody listens on (a moment ago somebody did). */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('Ollama client', () => {
  it('posts /api/chat without streaming, the JSON schema in format', async () => {
    stub.setHandler(() => good);
    await expect(ollama().complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    const call = stub.calls[0]!;
    expect(call.path).toBe('/api/chat');
    expect(call.body.stream).toBe(false);
    expect(call.body.model).toBe('llama3.2:latest');
    expect(call.body.format).toMatchObject({ type: 'object', title: 'probe', required: ['word', 'n'] });
    expect(call.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('lists installed models from /api/tags', async () => {
    await expect(ollama().listModels(signal())).resolves.toEqual(['llama3.2:latest', 'qwen2.5:7b']);
  });

  it('maps 404 (model not pulled) to LLM_UNAVAILABLE without retrying', async () => {
    stub.setHandler(() => ({ status: 404, body: { error: "model 'llama3.2:latest' not found" } }));
    const error = await ollama().complete(request(), signal()).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.message).toContain('ollama pull llama3.2:latest');
    expect(stub.calls).toHaveLength(1);
  });
});

describe('OpenAI-compatible client', () => {
  it('posts /chat/completions with a strict json_schema response_format and a bearer key', async () => {
    stub.setHandler(() => good);
    await expect(openai().complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    const call = stub.calls[0]!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'probe', strict: true } });
    expect(call.body.response_format.json_schema.schema.$schema).toBeUndefined();
  });

  it('falls back to JSON mode when the server rejects schemas, and remembers it', async () => {
    stub.setHandler((call) =>
      call.body.response_format?.type === 'json_schema'
        ? {
            status: 400,
            body: { error: { message: "'response_format' of type 'json_schema' is not supported", param: 'response_format' } },
          }
        : good,
    );
    const client = openai();
    await expect(client.complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    await expect(client.complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    expect(stub.calls.map((c) => c.body.response_format.type)).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(client.mode).toBe('json_object');
    // JSON mode does not carry the schema, so the prompt must.
    expect(stub.calls[1]!.system).toContain('"title":"probe"');
  });

  it('uses the Azure deployment path, api-version and api-key header', async () => {
    stub.setHandler(() => good);
    const client = openai(instantTiming(), { azureApiVersion: '2024-10-21' });
    await client.complete(request(), signal());
    const call = stub.calls[0]!;
    expect(call.path).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
    expect(call.query.get('api-version')).toBe('2024-10-21');
    expect(call.headers['api-key']).toBe(KEY);
    expect(call.headers.authorization).toBeUndefined();
    expect(client.name).toBe('openai:gpt-4o-mini');
    await expect(client.listModels(signal())).resolves.toEqual(['gpt-4o-mini']);
  });

  it('lists models from /models', async () => {
    await expect(openai().listModels(signal())).resolves.toEqual(['llama3.2:latest', 'qwen2.5:7b']);
  });

  it('does not retry 401 and keeps the key out of the error', async () => {
    stub.setHandler(() => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } }));
    const error = await openai().complete(request(), signal()).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(KEY);
    expect(stub.calls).toHaveLength(1);
  });
});

describe('robustness (both protocols)', () => {
  it.each(['ollama', 'openai'] as const)('%s: 429 with Retry-After, then success, waits what the server asked', async (kind) => {
    stub.setHandler((call) => (call.index === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: {} } : good));
    const timing = instantTiming();
    const client = kind === 'ollama' ? ollama(timing) : openai(timing);
    await expect(client.complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    expect(stub.calls).toHaveLength(2);
    expect(timing.slept).toEqual([2000]);
  });

  it('honours Retry-After given as an HTTP date, capped by maxDelayMs', async () => {
    stub.setHandler((call) =>
      call.index === 0
        ? { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' } }
        : call.index === 1
          ? { status: 429, headers: { 'retry-after': '3600' } }
          : good,
    );
    const timing = instantTiming();
    await ollama(timing).complete(request(), signal());
    expect(timing.slept).toEqual([5000, 30_000]);
  });

  it('rides out a 500 storm with exponential backoff, and gives up after maxRetries', async () => {
    stub.setHandler((call) => (call.index < 3 ? { status: 500, body: 'overloaded' } : good));
    const timing = instantTiming();
    await expect(openai(timing).complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    expect(stub.calls).toHaveLength(4);
    // random 0.5 × 100 ms × 2^attempt
    expect(timing.slept).toEqual([50, 100, 200]);

    stub.resetCounters();
    stub.setHandler(() => ({ status: 502, body: 'bad gateway' }));
    const error = await openai(instantTiming()).complete(request(), signal()).catch((e) => e);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect(error.message).toMatch(/HTTP 502; gave up after 4 attempts/);
    expect(stub.calls).toHaveLength(4);
  });

  it('retries network errors and timeouts', async () => {
    const dead = new OllamaClient({ baseUrl: await closedPortUrl(), model: 'm', timeoutMs: 2000, maxRetries: 2, timing: instantTiming() });
    const refused = await dead.complete(request(), signal()).catch((e) => e);
    expect(refused).toBeInstanceOf(LlmRequestError);
    expect(refused.failure).toBe('refused');
    expect(refused.message).toMatch(/connection refused \(ECONNREFUSED\); gave up after 3 attempts/);

    stub.setHandler((call) => (call.index === 0 ? { hang: true } : good));
    const client = ollama(instantTiming(), { timeoutMs: 300 });
    await expect(client.complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    // The hung first attempt timed out and was retried; on a loaded machine a retry may time out
    // too, so count attempts from below rather than exactly.
    expect(stub.calls.length).toBeGreaterThanOrEqual(2);
    await stub.waitFor(() => stub.closedEarly.length === 1);
  });

  it('gives malformed output one corrective retry that says what was wrong', async () => {
    stub.setHandler((call) => (call.index === 0 ? { content: 'Sure! {"word": "ok", "n":' } : good));
    await expect(ollama().complete(request(), signal())).resolves.toEqual({ word: 'ok', n: 1 });
    expect(stub.calls).toHaveLength(2);
    const second = stub.calls[1]!;
    expect(second.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second.messages[2]!.content).toBe('Sure! {"word": "ok", "n":');
    expect(second.lastUser).toContain('not valid JSON');
  });

  it('reports a schema mismatch twice as MalformedOutputError', async () => {
    stub.setHandler(() => ({ answer: { word: 3 } }));
    const error = await openai().complete(request('term X'), signal()).catch((e) => e);
    expect(error).toBeInstanceOf(MalformedOutputError);
    expect(error.label).toBe('term X');
    expect(error.problem).toMatch(/word: .*string/);
    expect(stub.calls).toHaveLength(2);
    expect(stub.calls[1]!.lastUser).toContain('does not match the schema');
  });

  it.each(['ollama', 'openai'] as const)('%s: cancelling closes the in-flight request at once', async (kind) => {
    stub.setHandler(() => ({ answer: { word: 'late', n: 0 }, delayMs: 10_000 }));
    const controller = new AbortController();
    const client = kind === 'ollama' ? ollama() : openai();
    const pending = client.complete(request(), controller.signal).catch((e) => e);
    await stub.waitFor(() => stub.inFlight === 1);
    const cancelledAt = Date.now();
    controller.abort();
    expect(await pending).toBeInstanceOf(CancelledError);
    await stub.waitFor(() => stub.closedEarly.length === 1, 2000);
    expect(stub.closedEarly[0]!.at - cancelledAt).toBeLessThan(500);
    expect(stub.calls).toHaveLength(1);
  });

  it('cancelling during a Retry-After wait ends the wait at once', async () => {
    stub.setHandler(() => ({ status: 429, headers: { 'retry-after': '20' } }));
    const controller = new AbortController();
    const client = new OllamaClient({ baseUrl: stub.url, model: 'm', timeoutMs: 5000, maxRetries: 3 });
    const started = Date.now();
    const pending = client.complete(request(), controller.signal).catch((e) => e);
    await stub.waitFor(() => stub.calls.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    expect(await pending).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stub.calls).toHaveLength(1);
  });
});

describe('Ollama before structured outputs', () => {
  it('falls back to format "json" with the schema in the prompt when a schema format is refused', async () => {
    stub.setHandler((call) =>
      typeof call.body.format === 'object' ? { status: 400, body: { error: 'invalid format: expected "json"' } } : good,
    );
    const client = ollama();
    await client.complete(request(), signal());
    await client.complete(request(), signal());
    expect(stub.calls.map((c) => (typeof c.body.format === 'object' ? 'schema' : c.body.format))).toEqual(['schema', 'json', 'json']);
    expect(client.mode).toBe('json');
    expect(stub.calls[1]!.system).toContain('"title":"probe"');
  });
});
