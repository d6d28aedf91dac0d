// Each flag and each message of issue 13, run in-process through run(argv, io) with fake streams
// and signals (the pseudo-terminal tests in terminal.test.ts cover the real terminal).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { autoAnswer, startStubLlmServer } from '../llm/stub-llm-server';
import { ExitCalled, fakeIo, type FakeIo } from './fake-io';
import { FIXTURES } from './run-cli';

const gen = (io: FakeIo, ...args: string[]) => run(['node', 'genglossary', 'generate', ...args], io);

let work: string;
let docs: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'gg-flags-'));
  docs = path.join(work, 'docs');
  await mkdir(docs);
  for (const f of await readdir(FIXTURES)) await writeFile(path.join(docs, f), await readFile(path.join(FIXTURES, f)));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const outputs = async () => (await readdir(work)).filter((f) => f !== 'docs');

describe('invalid input files: listed with their reason; exit 2 before any work, or skipped with --skip-invalid', () => {
  const BAD: [string, string | Buffer, RegExp][] = [
    ['empty.md', '', /empty\.md: empty file/],
    ['whitespace.md', ' \n\n\t', /whitespace\.md: empty file/],
    ['nul.md', Buffer.alloc(64), /nul\.md: not text \(binary content: NUL bytes\)/],
    ['image.md', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), /image\.md: not text \(binary content: NUL bytes\)/],
    ['latin1.md', Buffer.from('caf\xe9 cr\xe8me', 'latin1'), /latin1\.md: not valid UTF-8/],
    ['control.txt', 'bell \u0007 here', /control\.txt: not text/],
    ['evil\u202egnp.md', 'fine text', /"evil\\u202egnp\.md": file name contains bidirectional control characters/],
    ['big.md', 'x'.repeat(3000), /big\.md: 3000 bytes, over the limit of 2000 bytes/],
  ];

  it.each(BAD)('%j stops the run with exit 2 and writes nothing', async (name, content, reason) => {
    await writeFile(path.join(docs, name), content);
    const io = fakeIo({ MAX_DOCUMENT_BYTES: '2000' });
    // The fixtures are under 2000 bytes? Not all: use a folder with only one good file.
    await rm(docs, { recursive: true });
    await mkdir(docs);
    await writeFile(path.join(docs, 'good.md'), '# Good\n\nA glossary is a list of terms.\n');
    await writeFile(path.join(docs, name), content);
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'))).toBe(2);
    expect(io.err.text).toContain('genglossary: 1 input file cannot be used:\n');
    expect(io.err.text).toMatch(reason);
    expect(io.err.text).toContain('Nothing was done. Fix or remove them, or pass --skip-invalid to go on without them.');
    expect(io.err.text).not.toContain('Read '); // no work started
    expect(await outputs()).toEqual([]);
  });

  it.each(BAD)('%j is skipped with --skip-invalid, which says so', async (name, content, reason) => {
    await rm(docs, { recursive: true });
    await mkdir(docs);
    await writeFile(path.join(docs, 'good.md'), '# Good\n\nA glossary is a list of terms.\n');
    await writeFile(path.join(docs, name), content);
    const io = fakeIo({ MAX_DOCUMENT_BYTES: '2000' });
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--skip-invalid')).toBe(0);
    expect(io.err.text).toContain('warning: Skipped 1 invalid file:\n');
    expect(io.err.text).toMatch(reason);
    expect(io.err.text).toContain('Read 1 document(s)');
    expect(await outputs()).toEqual(['g.md']);
  });

  it('lists every bad file, not just the first', async () => {
    await writeFile(path.join(docs, 'a-empty.md'), '');
    await writeFile(path.join(docs, 'b-nul.md'), Buffer.alloc(8));
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'))).toBe(2);
    expect(io.err.text).toContain('2 input files cannot be used:\n  - a-empty.md: empty file\n  - b-nul.md: not text');
  });

  it('with --skip-invalid and nothing good left: no documents (exit 1)', async () => {
    await rm(docs, { recursive: true });
    await mkdir(docs);
    await writeFile(path.join(docs, 'empty.md'), '');
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--skip-invalid')).toBe(1);
    expect(io.err.text).toContain('No usable documents are left to read');
  });
});

describe('--input', () => {
  it('takes a single file (not "Input folder not found")', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', path.join(docs, 'guide-en.md'), '-o', path.join(work, 'g.json'))).toBe(0);
    expect(io.err.text).not.toContain('not found');
    const json = JSON.parse(await readFile(path.join(work, 'g.json'), 'utf8'));
    expect(json.documentCount).toBe(1);
  });

  it('takes several files', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', path.join(docs, 'guide-en.md'), path.join(docs, 'ssr.md'), '-o', path.join(work, 'g.json'))).toBe(0);
    expect(JSON.parse(await readFile(path.join(work, 'g.json'), 'utf8')).documentCount).toBe(2);
  });

  it('takes files and a folder together, reading a file reached twice once', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', path.join(docs, 'guide-en.md'), docs, '-o', path.join(work, 'g.json'))).toBe(0);
    expect(JSON.parse(await readFile(path.join(work, 'g.json'), 'utf8')).documentCount).toBe(4);
  });

  it('refuses two different files that would get the same name', async () => {
    await mkdir(path.join(work, 'other'));
    await writeFile(path.join(work, 'other', 'ssr.md'), '# Another SSR\n\nDifferent text.\n');
    const io = fakeIo();
    expect(await gen(io, '-i', docs, path.join(work, 'other'), '-o', path.join(work, 'g.json'))).toBe(2);
    expect(io.err.text).toContain('  - ssr.md: same name as another input file');
  });

  it('takes a glob, matching only document files', async () => {
    await writeFile(path.join(docs, 'picture.png'), Buffer.alloc(10));
    const io = fakeIo();
    expect(await gen(io, '-i', path.join(docs, '*-ja.md'), '-o', path.join(work, 'g.json'))).toBe(0);
    const json = JSON.parse(await readFile(path.join(work, 'g.json'), 'utf8'));
    expect(json.documentCount).toBe(2);
  });

  it('names a path that does not exist', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', path.join(work, 'nope'), '-o', path.join(work, 'g.md'))).toBe(2);
    expect(io.err.text).toContain(`Input not found: ${path.join(work, 'nope')} (give a folder, a file or a glob such as "docs/**/*.md")`);
  });
});

describe('--output and --format', () => {
  it('--output - writes the glossary to stdout and messages to stderr only', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', '-', '--format', 'json')).toBe(0);
    expect(JSON.parse(io.out.text).entries.length).toBeGreaterThan(0);
    expect(io.err.text).toContain('Wrote ');
    expect(io.err.text).toContain(' to stdout (json)');
    expect(await outputs()).toEqual([]);
  });

  it('--output - defaults to Markdown', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', '-', '-q')).toBe(0);
    expect(io.out.text.startsWith('# Glossary\n')).toBe(true);
  });

  it('an output path that is a folder gets a clear message (not "Cannot tell the format")', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', docs)).toBe(2);
    expect(io.err.text).toBe(`genglossary: The output ${docs} is a folder: give a file name, e.g. ${path.join(docs, 'glossary.md')}\n`);
  });

  it.each([
    ['g.csv', undefined, (t: string) => t.startsWith('\ufeffterm,language,definition,')],
    ['g.tbx', undefined, (t: string) => t.includes('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core"')],
    ['g.md', 'csv', (t: string) => t.startsWith('\ufeffterm,')],
    ['g.out', 'tbx', (t: string) => t.startsWith('<?xml')],
  ])('%s with --format %s', async (file, format, check) => {
    const io = fakeIo();
    const args = ['-i', docs, '-o', path.join(work, file), ...(format ? ['--format', format] : [])];
    expect(await gen(io, ...args)).toBe(0);
    expect(check(await readFile(path.join(work, file), 'utf8'))).toBe(true);
  });
});

describe('--version, --help, --quiet, --progress json', () => {
  it('--version prints the package version', async () => {
    const io = fakeIo();
    expect(await run(['node', 'genglossary', '--version'], io)).toBe(0);
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(io.out.text).toBe(`${version}\n`);
  });

  it('--help and generate --help show examples', async () => {
    const top = fakeIo();
    expect(await run(['node', 'genglossary', '--help'], top)).toBe(0);
    expect(top.out.text).toContain('Examples:\n  $ genglossary generate --input ./docs --output glossary.md');
    const sub = fakeIo();
    expect(await run(['node', 'genglossary', 'generate', '--help'], sub)).toBe(0);
    expect(sub.out.text).toContain('Examples:');
    expect(sub.out.text).toContain('--skip-invalid');
    expect(sub.out.text).toContain('genglossary generate -i ./docs -o - --format json --quiet');
  });

  it('--quiet prints nothing on success, and still prints errors', async () => {
    const ok = fakeIo();
    expect(await gen(ok, '-i', docs, '-o', path.join(work, 'g.md'), '--quiet')).toBe(0);
    expect(ok.err.text).toBe('');
    const bad = fakeIo();
    expect(await gen(bad, '-i', path.join(work, 'nope'), '-o', path.join(work, 'g.md'), '-q')).toBe(2);
    expect(bad.err.text).toMatch(/^genglossary: Input not found/);
  });

  it('--progress json writes only JSON lines: logs, progress, done', async () => {
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--progress', 'json')).toBe(0);
    const events = io.err.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['log', 'progress', 'done']));
    expect(events.filter((e) => e.event === 'progress').map((e) => e.step)).toEqual(
      expect.arrayContaining(['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED']),
    );
    expect(events.at(-1)).toMatchObject({ event: 'done', format: 'md', documents: 4, skipped: 0 });
  });

  it('--progress json reports errors as JSON too, with the invalid files', async () => {
    await writeFile(path.join(docs, 'empty.md'), '');
    const io = fakeIo();
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--progress', 'json')).toBe(2);
    const events = io.err.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({ event: 'error', exitCode: 2, problems: [{ fileName: 'empty.md', rule: 'EMPTY', problem: 'empty file' }] }),
    ]);
  });

  it('--progress plain prints step lines', async () => {
    const io = fakeIo({}, true);
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--progress', 'plain')).toBe(0);
    expect(io.err.text).toContain('[refine] ');
    expect(io.err.text).not.toContain('\x1b[?25l');
  });

  it('NO_COLOR turns colour off on a terminal', async () => {
    const coloured = fakeIo({}, true);
    await gen(coloured, '-i', path.join(work, 'nope'), '-o', path.join(work, 'g.md'));
    expect(coloured.err.text).toContain('\x1b[31mgenglossary:\x1b[39m');
    const plain = fakeIo({ NO_COLOR: '1' }, true);
    await gen(plain, '-i', path.join(work, 'nope'), '-o', path.join(work, 'g.md'));
    expect(plain.err.text).toMatch(/^genglossary: /);
    expect(plain.err.text).not.toContain('\x1b[3');
  });
});

describe('signals (in-process: deterministic order)', () => {
  it('two SIGINTs in a row quit at once with 130, restoring the terminal and leaving no file', async () => {
    const model = await startStubLlmServer({ handler: () => ({ hang: true }) });
    try {
      const io = fakeIo({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest' }, true);
      const result = gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama');
      await model.waitFor(() => model.inFlight >= 1 && io.err.text.includes('\x1b[?25l'), 30_000);
      io.signalEmitter.emit('SIGINT');
      expect(() => io.signalEmitter.emit('SIGINT')).toThrow(ExitCalled);
      expect(io.exitCodes).toEqual([130]);
      const text = io.err.text;
      expect(text.lastIndexOf('\x1b[?25h')).toBeGreaterThan(text.lastIndexOf('\x1b[?25l'));
      expect(text.lastIndexOf('\x1b[?7h')).toBeGreaterThan(text.lastIndexOf('\x1b[?7l'));
      expect(text.split('Interrupted: ').length - 1).toBe(1);
      expect(text).toContain('Quit at once; no output was written.');
      await result;
      expect(await outputs()).toEqual([]);
    } finally {
      await model.close();
    }
  });

  it('an exit for any other reason (an uncaught error) restores the terminal too, with a bar on screen', async () => {
    // The first model answer moves a bar; the others never come, so the bar stays on screen.
    const model = await startStubLlmServer({ handler: (call) => (call.index === 0 ? autoAnswer(call) : { hang: true }) });
    const barOnScreen = (t: string) => t.lastIndexOf('\x1b[?25l') > t.lastIndexOf('\x1b[?25h');
    try {
      const io = fakeIo({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest', LLM_CONCURRENCY: '1' }, true);
      const result = gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama');
      await model.waitFor(() => model.calls.length >= 2 && barOnScreen(io.err.text), 30_000);
      const before = io.err.text.length;
      for (const listener of io.exitListeners) listener(); // what process.on('exit') does on a crash
      const written = io.err.text.slice(before);
      expect(written).toContain('\x1b[?25h');
      expect(written).toContain('\x1b[?7h');
      io.signalEmitter.emit('SIGINT');
      expect(await result).toBe(130);
    } finally {
      await model.close();
    }
  });
});

describe('engine errors name the cause once, with a fix', () => {
  const freePort = async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  };

  it('refused: "is Ollama running? `ollama serve`"', async () => {
    const io = fakeIo({ OLLAMA_BASE_URL: `http://127.0.0.1:${await freePort()}` });
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama')).toBe(1);
    expect(io.err.text).toMatch(/^genglossary: Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+: connection refused\. Is Ollama running\? Start it with `ollama serve`/);
  });

  it('unreachable host: says so and names the variable', async () => {
    const io = fakeIo({ OLLAMA_BASE_URL: 'http://no-such-host.invalid:11434' });
    expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama')).toBe(1);
    expect(io.err.text).toBe('genglossary: Cannot reach Ollama at http://no-such-host.invalid:11434: host unreachable or unknown. Check OLLAMA_BASE_URL and the network.\n');
  });

  it('a model that is not pulled: `ollama pull <model>`', async () => {
    const model = await startStubLlmServer({ models: ['qwen2.5:7b'] });
    try {
      const io = fakeIo({ OLLAMA_BASE_URL: model.url });
      expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama', '--model', 'llama3.2')).toBe(1);
      expect(io.err.text).toContain('is the model "llama3.2" pulled? Run `ollama pull llama3.2`, or pick one with --model.');
    } finally {
      await model.close();
    }
  });

  it('an HTTP status: named once', async () => {
    const model = await startStubLlmServer({ handler: () => ({ status: 503, body: { error: 'overloaded' } }) });
    try {
      const io = fakeIo({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest', LLM_MAX_RETRIES: '0' });
      // -q: the per-item warnings before the engine gives up are logs; the error itself is one line.
      expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama', '-q')).toBe(1);
      expect(io.err.text).toContain(`genglossary: Ollama at ${model.url} answered HTTP 503. Try again later, or check the server's log.`);
      expect(io.err.text.split(model.url).length - 1).toBe(1);
    } finally {
      await model.close();
    }
  });

  it('a timeout: names the limit and the variable', async () => {
    const model = await startStubLlmServer({ handler: () => ({ hang: true }) });
    try {
      const io = fakeIo({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest', LLM_MAX_RETRIES: '0', OLLAMA_TIMEOUT: '1' });
      expect(await gen(io, '-i', docs, '-o', path.join(work, 'g.md'), '--engine', 'ollama', '-q')).toBe(1);
      expect(io.err.text).toBe(
        `genglossary: Ollama at ${model.url} did not answer within 1 s. Is the model loaded and the machine not overloaded? Raise OLLAMA_TIMEOUT for slow models.\n`,
      );
    } finally {
      await model.close();
    }
  });
});
