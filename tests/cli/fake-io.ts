// A CliIo for running the CLI in-process (run(argv, io) of src/cli/main.ts): streams that record
// what is written, signals from an emitter the test fires, and exit() that records its code.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { run, type CliIo } from '../../src/cli/main';

export class Sink extends Writable {
  text = '';
  isTTY?: boolean;
  columns = 100;
  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Thrown by the fake exit(): the code is in exitCodes. */
export class ExitCalled extends Error {}

export interface FakeIo extends CliIo {
  out: Sink;
  err: Sink;
  signalEmitter: EventEmitter;
  exitCodes: number[];
  exitListeners: Set<() => void>;
}

/** The environment is `env` over the offline engine (the spawned CLI's tests set the same). */
export function fakeIo(env: Record<string, string> = {}, tty = false): FakeIo {
  const out = new Sink();
  const err = new Sink(tty);
  const signalEmitter = new EventEmitter();
  const exitCodes: number[] = [];
  const exitListeners = new Set<() => void>();
  return {
    out,
    err,
    signalEmitter,
    exitCodes,
    exitListeners,
    stdout: out,
    stderr: err,
    env: { LLM_PROVIDER: 'offline', ...env },
    signals: signalEmitter,
    exit: (code) => {
      exitCodes.push(code);
      throw new ExitCalled();
    },
    onProcessExit: (listener) => {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
  };
}

/**
 * Runs `genglossary <args>` in-process through run(argv, io), the function bin/genglossary.mjs
 * calls (`process.exit(await run(process.argv))`): the same code, exit codes and messages as the
 * spawned binary, without a Node start-up and tsx per case, and with the NLP models loaded once
 * per test worker instead of once per case (~2–3 s a case; ~7 s at load 20).
 */
export async function runInProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const io = fakeIo(env);
  const code = await run(['node', 'genglossary', ...args], io);
  return { code, stderr: io.err.text, stdout: io.out.text };
}
