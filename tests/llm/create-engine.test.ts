import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { createEngine, listModels } from '../../src/llm';
import { corpusOf, instantTiming, llmConfig, recordingContext, termsIn } from './helpers';
import { type StubServer, autoAnswer, startStubLlmServer } from './stub-llm-server';

let stub: StubServer;
let tmp: string;
beforeAll(async () => {
  stub = await startStubLlmServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llm-debug-'));
});
afterAll(async () => {
  await stub.close();
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  stub.setHandler(autoAnswer);
  stub.resetCounters();
});

describe('createEngine', () => {
  it('names engines after provider and model, project settings overriding configuration', () => {
    const llm = llmConfig({}, stub.url);
    expect(createEngine({ engine: 'offline' }, llm).name).toBe('offline');
    expect(createEngine({ engine: 'ollama' }, llm).name).toBe('ollama:llama3.2:latest');
    expect(createEngine({ engine: 'openai', model: 'gpt-4.1' }, llm).name).toBe('openai:gpt-4.1');
    expect(() => createEngine({ engine: 'ollama', baseUrl: 'file:///etc/passwd' }, llm)).toThrow(AppError);
    expect(() => createEngine({ engine: 'gpt' as never }, llm)).toThrow(/Unknown engine "gpt"/);
  });

  it('sends the API key only to the configured server, never to a project-chosen one', async () => {
    const corpus = corpusOf({ 'a.md': ['The widget pool holds widgets.'] });
    const terms = termsIn(corpus, ['widget pool']);
    const configured = llmConfig({}, stub.url);
    await createEngine({ engine: 'openai' }, configured, { timing: instantTiming() }).provisional(corpus, terms, recordingContext());
    expect(stub.calls[0]!.headers.authorization).toBe('Bearer sk-test-SECRET-0123456789');

    const elsewhere = llmConfig({}, 'https://api.example.invalid');
    await createEngine({ engine: 'openai', baseUrl: `${stub.url}/v1` }, elsewhere, { timing: instantTiming() }).provisional(
      corpus,
      terms,
      recordingContext(),
    );
    expect(stub.calls[1]!.path).toBe('/v1/chat/completions');
    expect(stub.calls[1]!.headers.authorization).toBeUndefined();
  });

  it('debug mode writes every prompt and answer of a run to numbered files, with the key redacted', async () => {
    const llm = llmConfig({ debugDir: tmp, concurrency: 1 }, stub.url);
    const key = llm.openai.apiKey!;
    // A document that (by accident) contains the key: it reaches the prompt, never the files.
    const corpus = corpusOf({ 'a.md': ['The widget pool holds widgets.', `Frame loop token ${key} is pasted here.`] });
    const terms = termsIn(corpus, ['widget pool', 'frame loop']);
    stub.setHandler((call) => (call.index === 1 ? { content: 'not json' } : autoAnswer(call)));
    const engine = createEngine({ engine: 'openai' }, llm, { debugLabel: 'project 1/run 7', timing: instantTiming() });
    await engine.provisional(corpus, terms, recordingContext());
    expect(stub.calls[1]!.user).toContain(key);

    const dir = path.join(tmp, 'project_1_run_7');
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['0001-provisional-widget_pool.json', '0002-provisional-frame_loop.json', '0003-provisional-frame_loop.json']);
    const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
    for (const text of texts) expect(text).not.toContain(key);
    const second = JSON.parse(texts[1]!);
    expect(second).toMatchObject({ client: 'openai:gpt-4o-mini', step: 'provisional', label: 'frame loop', attempt: 1, response: 'not json' });
    expect(second.messages[1].content).toContain('[REDACTED]');
    expect(JSON.parse(texts[2]!).attempt).toBe(2);
  });
});

describe('listModels', () => {
  it('lists what each provider offers; offline offers none', async () => {
    const llm = llmConfig({}, 'http://127.0.0.1:9');
    await expect(listModels('offline', llm)).resolves.toEqual([]);
    await expect(listModels('ollama', llm, stub.url)).resolves.toEqual(['llama3.2:latest', 'qwen2.5:7b']);
    await expect(listModels('openai', llmConfig({}, stub.url))).resolves.toEqual(['llama3.2:latest', 'qwen2.5:7b']);
  });

  it('turns a refused key into LLM_UNAVAILABLE without echoing it', async () => {
    const llm = llmConfig({}, stub.url);
    llm.openai.apiKey = 'wrong-key';
    const error = await listModels('openai', llm).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.message).not.toContain('wrong-key');
  });
});

describe('the API key stays out of sight', () => {
  it('is not reachable by serialising or inspecting an engine', async () => {
    const { inspect } = await import('node:util');
    const llm = llmConfig({}, stub.url);
    const engine = createEngine({ engine: 'openai' }, llm);
    expect(JSON.stringify(engine)).not.toContain(llm.openai.apiKey);
    expect(inspect(engine, { depth: 10, showHidden: true })).not.toContain(llm.openai.apiKey);
  });
});
