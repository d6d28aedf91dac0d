import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { allowedHostsOf } from '../src/llm/index';

describe('loadConfig', () => {
  it('has embedded defaults that need no environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: 'file:./data/genglossary.db', maxConcurrentRuns: 2 });
    expect(c.llm.provider).toBe('offline');
    expect(c.llm.openai.apiKey).toBeUndefined();
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '5001', MAX_CONCURRENT_RUNS: '4', HOST: '', OLLAMA_TIMEOUT: '3' });
    expect(c.port).toBe(5001);
    expect(c.maxConcurrentRuns).toBe(4);
    expect(c.host).toBe('127.0.0.1');
    expect(c.llm.ollama.timeoutMs).toBe(3000);
  });

  it('names every bad variable in one clear error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MAX_CONCURRENT_RUNS: '0', DATABASE_URL: 'mysql://x', LLM_PROVIDER: 'gpt' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'MAX_CONCURRENT_RUNS', 'DATABASE_URL', 'LLM_PROVIDER']) expect(message).toContain(name);
  });

  it('reads LLM_ALLOWED_HOSTS as a list; unset means loopback plus the configured hosts', () => {
    expect(loadConfig({ LLM_ALLOWED_HOSTS: 'ollama.lan:11434, *.corp.example ,10.0.0.5' }).llm.allowedHosts).toEqual([
      'ollama.lan:11434',
      '*.corp.example',
      '10.0.0.5',
    ]);
    const defaults = loadConfig({ OLLAMA_BASE_URL: 'http://gpu.lan:11434' }).llm;
    expect(defaults.allowedHosts).toBeUndefined();
    expect(allowedHostsOf(defaults)).toEqual(['localhost', '127.0.0.1', '[::1]', 'gpu.lan', 'api.openai.com']);
    expect(() => loadConfig({ LLM_ALLOWED_HOSTS: 'http://x.example/path' })).toThrow(/LLM_ALLOWED_HOSTS/);
  });
});

describe('DATABASE_URL', () => {
  it('takes a SQLite file URL (the default) or a PostgreSQL URL', () => {
    expect(loadConfig({}).databaseUrl).toBe('file:./data/genglossary.db');
    expect(loadConfig({ DATABASE_URL: 'postgresql://gg:pw@db.internal:5432/genglossary' }).databaseUrl).toBe('postgresql://gg:pw@db.internal:5432/genglossary');
    expect(loadConfig({ DATABASE_URL: 'postgres://gg@db/genglossary' }).databaseUrl).toBe('postgres://gg@db/genglossary');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://gg@db/genglossary' })).toThrow(/DATABASE_URL/);
  });
});
