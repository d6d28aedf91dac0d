import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer } from '../llm/stub-llm-server';
import { runInProcess } from './fake-io';
import { cli, FIXTURES } from './run-cli';

// The binary itself (bin/genglossary.mjs on pipes) is spawned where what is tested is the process:
// its exit code with no command, a full offline run with progress on a pipe, a real SIGINT. The
// other cases run in-process (runInProcess: the same run(argv, io) the binary calls).
let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'gg-cli-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('genglossary usage errors (exit 2)', () => {
  it('prints usage and exits 2 with no command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: genglossary');
  });

  it.each([
    [['generate', '--input', FIXTURES], /required option '-o, --output <file>'/],
    [['generate', '--output', 'x.md'], /required option '-i, --input <paths\.\.\.>'/],
    [['generate', '--input', FIXTURES, '--output', 'x.txt'], /Cannot tell the format from "x\.txt": use a \.md, \.json, \.csv or \.tbx name/],
    [['generate', '--input', FIXTURES, '--output', 'x.md', '--format', 'pdf'], /Allowed choices are md, json, csv, tbx/],
    [['generate', '--input', FIXTURES, '--output', 'x.md', '--engine', 'gpt'], /Allowed choices are offline, ollama, openai/],
    [['generate', '--input', FIXTURES, '--output', 'x.md', '--max-terms', '0'], /positive whole number/],
    [['generate', '--input', FIXTURES, '--output', 'x.md', '--exclude', 'no-such-list.txt'], /Cannot read the excluded-terms list/],
    [['generate', '--input', 'no-such-folder', '--output', 'x.md'], /Input not found: no-such-folder/],
    [['generate', '--input', 'no-such/*.md', '--output', 'x.md'], /No \.md, \.markdown or \.txt files match no-such\/\*\.md/],
    [['generate', '--input', FIXTURES, '--output', 'x.md', '--progress', 'fancy'], /Allowed choices are auto, bar, plain, json/],
    [['generate', '--input', FIXTURES, '--output', 'no-such-dir/x.md'], /output folder no-such-dir does not exist/],
  ])('%j', async (args, message) => {
    const r = await runInProcess(args.map((a) => (a === 'x.md' || a === 'x.txt' ? path.join(work, a) : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await readdir(work)).toEqual([]);
  });

  it('reports a bad environment variable as a usage error', async () => {
    const r = await runInProcess(['generate', '--input', FIXTURES, '--output', path.join(work, 'g.md')], { MAX_DOCUMENT_BYTES: 'lots' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MAX_DOCUMENT_BYTES');
  });
});

describe('genglossary failures (exit 1)', () => {
  it('fails on a folder without documents', async () => {
    await mkdir(path.join(work, 'empty'));
    const r = await runInProcess(['generate', '--input', path.join(work, 'empty'), '--output', path.join(work, 'g.md')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No \.md, \.markdown or \.txt files/);
  });

  it('stops on a file over MAX_DOCUMENT_BYTES (exit 2), naming every one', async () => {
    const r = await runInProcess(['generate', '--input', FIXTURES, '--output', path.join(work, 'g.md')], { MAX_DOCUMENT_BYTES: '200' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/- guide-en\.md: \d+ bytes, over the limit of 200 bytes/);
    expect(r.stderr).toMatch(/- guide-ja\.md: \d+ bytes, over the limit of 200 bytes/);
    expect(await readdir(work)).toEqual([]);
  });
});

describe('genglossary generate (LLM engines)', () => {
  it('fails with exit 1 and no output when the Ollama server does not answer', async () => {
    // A port that was just free: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const out = path.join(work, 'g.md');
    const r = await runInProcess(['generate', '--input', FIXTURES, '--output', out, '--engine', 'ollama'], {
      OLLAMA_BASE_URL: `http://127.0.0.1:${port}`,
      LLM_MAX_RETRIES: '0',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^genglossary: Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+: connection refused\. Is Ollama running\? Start it with `ollama serve` \(or set OLLAMA_BASE_URL\)\.\n$/,
    );
    // The cause once, the URL once.
    expect(r.stderr.match(/127\.0\.0\.1/g)).toHaveLength(1);
    expect(await readdir(work)).toEqual([]);
  });
});

describe('genglossary generate (offline)', () => {
  it('writes a Markdown glossary with sections, definitions and file:line occurrences', async () => {
    const out = path.join(work, 'glossary.md');
    const r = await cli(['generate', '--input', FIXTURES, '--output', out, '--title', 'Vue terms']);
    expect(r.stderr).toContain('Wrote');
    expect(r.code).toBe(0);
    const md = await readFile(out, 'utf8');
    expect(md.startsWith('# Vue terms\n\nGenerated on ')).toBe(true);
    expect(md).toContain('from 4 documents with the offline engine');
    expect(md.match(/^## /gm)!.length).toBeGreaterThanOrEqual(5);
    expect(md).toMatch(/^- `(guide-en|guide-ja|ssr|variants-ja)\.md:\d+` — \S/m);
    // Plain progress lines on a pipe, one per step at least.
    for (const step of ['extract', 'define', 'review', 'refine']) expect(r.stderr).toContain(`[${step}]`);
    expect((await readdir(work)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes JSON with --max-terms, --exclude and --require applied', async () => {
    const out = path.join(work, 'glossary.json');
    await writeFile(path.join(work, 'exclude.txt'), '# never these\nサーバー\n');
    await writeFile(path.join(work, 'require.txt'), 'ナビゲーション\n');
    const r = await runInProcess([
      'generate', '--input', FIXTURES, '--output', out, '--max-terms', '5',
      '--exclude', path.join(work, 'exclude.txt'), '--require', path.join(work, 'require.txt'),
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(out, 'utf8'));
    expect(json.engine).toBe('offline');
    expect(json.terms.length).toBeLessThanOrEqual(6);
    expect(json.terms.map((t: { text: string }) => t.text)).toContain('ナビゲーション');
    expect(json.terms.map((t: { text: string }) => t.text)).not.toContain('サーバー');
    expect(json.entries.length).toBe(json.terms.length);
    expect(json.terms[0].rank).toBe(1);
    expect(Array.isArray(json.issues)).toBe(true);
  });

  it('on SIGINT exits 130 and leaves no output and no temp file', async () => {
    // The Ollama engine on a model server that never answers keeps the run busy until the signal.
    const model = await startStubLlmServer({ handler: () => ({ hang: true }) });
    try {
      const out = path.join(work, 'glossary.md');
      let kill: ((s: NodeJS.Signals) => void) | undefined;
      const result = cli(['generate', '--input', FIXTURES, '--output', out, '--engine', 'ollama'], {
        env: { OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest' },
        onStderr: (_all, k) => (kill = k),
      });
      await model.waitFor(() => model.inFlight >= 1 && kill !== undefined, 30_000);
      kill!('SIGINT');
      const r = await result;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('Term extraction started');
      expect(r.stderr).toContain('no output was written');
      expect(await readdir(work)).toEqual([]);
      await model.waitFor(() => model.inFlight === 0, 5000);
    } finally {
      await model.close();
    }
  });
});
