// The CLI in a real terminal: a pseudo-terminal from util-linux `script`, with Ctrl-C typed as the
// user would (the ^C byte on the terminal's input, so the line discipline sends SIGINT) and
// SIGTERM sent as a process manager would. After every way out the captured output must end with
// the cursor shown and line wrap on, and no output (or temporary) file may exist.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autoAnswer, startStubLlmServer, type StubServer } from '../llm/stub-llm-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'genglossary.mjs');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'glossary');
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_OFF = '\x1b[?7l';
const WRAP_ON = '\x1b[?7h';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface PtyRun {
  output: () => string;
  /** Resolves once the output satisfies the predicate (checked on every chunk). */
  waitForOutput: (predicate: (out: string) => boolean) => Promise<void>;
  type: (text: string) => void;
  pid: () => Promise<number>;
  done: Promise<number | null>;
}

function ptyCli(args: string[], env: Record<string, string> = {}): PtyRun {
  // `exec` keeps the shell's pid for node, so PID=… is the CLI's own process.
  const command = `echo PID=$$; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, SHELL: '/bin/sh', TERM: 'xterm-256color', LLM_PROVIDER: 'offline', LLM_DEBUG_DIR: '', NO_COLOR: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { predicate: (o: string) => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.predicate(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitForOutput = (predicate: (o: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (predicate(out)) return resolve();
      waiters.push({ predicate, resolve });
      void done.then(() => (predicate(out) ? resolve() : reject(new Error(`CLI ended first; output:\n${out}`))));
    });
  return {
    output: () => out,
    waitForOutput,
    type: (text) => child.stdin.write(text),
    pid: async () => {
      await waitForOutput((o) => /PID=\d+/.test(o));
      return Number(/PID=(\d+)/.exec(out)![1]);
    },
    done,
  };
}

/** The terminal is as it was: the last cursor/wrap change shows the cursor and turns wrap on. */
function expectTerminalRestored(out: string) {
  if (out.includes(HIDE_CURSOR)) expect(out.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(out.lastIndexOf(HIDE_CURSOR));
  if (out.includes(WRAP_OFF)) expect(out.lastIndexOf(WRAP_ON)).toBeGreaterThan(out.lastIndexOf(WRAP_OFF));
}

/** What the terminal shows on the line before `marker`: text after the last line end or line erase, escapes removed. */
function visibleBefore(out: string, marker: string): string {
  const at = out.indexOf(marker);
  let line = out.slice(out.lastIndexOf('\n', at) + 1, at);
  const erased = line.lastIndexOf('\r\x1b[2K');
  if (erased >= 0) line = line.slice(erased + '\r\x1b[2K'.length);
  return line.replace(/\x1b(\[[?\d;]*[A-Za-z]|[78])/g, '');
}

const count = (text: string, part: string) => text.split(part).length - 1;

let work: string;
let model: StubServer;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'gg-pty-'));
  // The Ollama engine on a model server that answers once (a bar moves) and then never again keeps
  // the run busy, with the bar on screen, until the signal.
  model = await startStubLlmServer({ handler: (call) => (call.index === 0 ? autoAnswer(call) : { hang: true }) });
});
afterEach(async () => {
  await model.close();
  await rm(work, { recursive: true, force: true });
});

const barOnScreen = (out: string) => out.lastIndexOf(HIDE_CURSOR) > out.lastIndexOf(SHOW_CURSOR);

/** Starts a run that stays busy (a bar on screen, a model request in flight) until it is signalled. */
async function busyRun(format = 'md') {
  const run = ptyCli(['generate', '--input', FIXTURES, '--output', path.join(work, `glossary.${format}`), '--engine', 'ollama'], {
    OLLAMA_BASE_URL: model.url,
    OLLAMA_MODEL: 'llama3.2:latest',
    LLM_CONCURRENCY: '1',
  });
  await model.waitFor(() => model.calls.length >= 2 && model.inFlight >= 1, 60_000);
  await run.waitForOutput(barOnScreen);
  return run;
}

describe.skipIf(!HAS_SCRIPT)('the CLI in a terminal (pseudo-terminal)', () => {
  it('one Ctrl-C: message on a clean line once, no stale bar after it, exit 130, terminal restored, no file', async () => {
    const run = await busyRun();
    run.type('\x03');
    expect(await run.done).toBe(130);
    const out = run.output();
    expect(count(out, 'Interrupted: stopping after the current item (Ctrl-C again to quit at once)')).toBe(1);
    expect(count(out, 'Cancelled; no output was written.')).toBe(1);
    // A clean line: nothing visible before the message on its line (the echoed ^C is erased).
    expect(visibleBefore(out, 'Interrupted: ')).toBe('');
    expect(visibleBefore(out, 'Cancelled; no output')).toBe('genglossary: ');
    // Nothing draws the bar again after the message.
    const after = out.slice(out.indexOf('Interrupted: '));
    expect(after).not.toContain(HIDE_CURSOR);
    expect(after).not.toMatch(/extract\s+\[/);
    expectTerminalRestored(out);
    expect(await readdir(work)).toEqual([]);
  });

  it('two Ctrl-C: quits at once with exit 130, terminal restored, no file', async () => {
    const run = await busyRun();
    run.type('\x03\x03');
    expect(await run.done).toBe(130);
    const out = run.output();
    expect(count(out, 'Interrupted: ')).toBe(1);
    // Either the second Ctrl-C quit at once, or the run had already ended: one closing message.
    expect(count(out, 'Quit at once; no output was written.') + count(out, 'Cancelled; no output was written.')).toBe(1);
    expectTerminalRestored(out);
    expect(await readdir(work)).toEqual([]);
  });

  it('Ctrl-C, then Ctrl-C again after the message: still restored, no file', async () => {
    const run = await busyRun('tbx');
    run.type('\x03');
    await run.waitForOutput((o) => o.includes('Interrupted: '));
    run.type('\x03');
    expect(await run.done).toBe(130);
    expectTerminalRestored(run.output());
    expect(await readdir(work)).toEqual([]);
  });

  it('SIGTERM: stops, exit 143, terminal restored, no file', async () => {
    const run = await busyRun('csv');
    process.kill(await run.pid(), 'SIGTERM');
    expect(await run.done).toBe(143);
    const out = run.output();
    expect(count(out, 'Terminated: stopping after the current item')).toBe(1);
    expect(count(out, 'Cancelled; no output was written.')).toBe(1);
    expectTerminalRestored(out);
    expect(await readdir(work)).toEqual([]);
  });

  it('two SIGTERMs: quits, exit 143, terminal restored, no file', async () => {
    const run = await busyRun();
    const pid = await run.pid();
    process.kill(pid, 'SIGTERM');
    await run.waitForOutput((o) => o.includes('Terminated: '));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone: the first one was enough.
    }
    expect(await run.done).toBe(143);
    expectTerminalRestored(run.output());
    expect(await readdir(work)).toEqual([]);
  });

  it('a finished run leaves the terminal restored and writes the file', async () => {
    const out = path.join(work, 'glossary.md');
    const run = ptyCli(['generate', '--input', FIXTURES, '--output', out]);
    expect(await run.done).toBe(0);
    expect(run.output()).toContain(HIDE_CURSOR); // a bar was drawn…
    expectTerminalRestored(run.output()); // …and the terminal put back
    expect(await readdir(work)).toEqual(['glossary.md']);
  });

  it('a failed run (engine refused) leaves the terminal restored', async () => {
    await model.close();
    const run = ptyCli(['generate', '--input', FIXTURES, '--output', path.join(work, 'g.md'), '--engine', 'ollama'], {
      OLLAMA_BASE_URL: model.url,
      LLM_MAX_RETRIES: '0',
    });
    expect(await run.done).toBe(1);
    expectTerminalRestored(run.output());
    model = await startStubLlmServer();
  });

  it('an uncaught error with the bar on screen still leaves the terminal restored', async () => {
    const fixture = path.join(ROOT, 'tests', 'cli', 'fixtures', 'crash-with-bar.ts');
    const child = spawn('script', ['-q', '-e', '-c', `exec ${quote(process.execPath)} --import tsx ${quote(fixture)}`, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, SHELL: '/bin/sh', TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(out).toContain('an uncaught error with the bar on screen');
    expect(out).toContain(HIDE_CURSOR);
    expectTerminalRestored(out);
  });

  it('colours the error prefix on a terminal, and not with NO_COLOR', async () => {
    const args = ['generate', '--input', path.join(work, 'nothing-here'), '--output', path.join(work, 'g.md')];
    const coloured = ptyCli(args);
    expect(await coloured.done).toBe(2);
    expect(coloured.output()).toContain('\x1b[31mgenglossary:\x1b[39m Input not found');
    const plain = ptyCli(args, { NO_COLOR: '1' });
    expect(await plain.done).toBe(2);
    expect(plain.output()).toContain('genglossary: Input not found');
    expect(plain.output()).not.toMatch(/\x1b\[3\dm/);
  });
});
