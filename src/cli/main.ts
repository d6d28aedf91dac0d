// `genglossary generate`: documents folder in, glossary file out, through the same pipeline the
// server runs. Exit codes: 0 done, 1 failed, 2 usage error, 130 interrupted.
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config';
import { AppError, CancelledError } from '../errors';
import { loadDocumentsFromDir } from '../pipeline/documents';
import { renderJson, renderMarkdown } from '../pipeline/export';
import { MemoryGlossaryStore } from '../pipeline/memory-store';
import { createOfflineEngine } from '../pipeline/offline';
import { runPipeline } from '../pipeline/run-pipeline';
import type { GlossaryEngine } from '../pipeline/types';
import { createProgressReporter } from './progress';
import { registerTokenCommand } from './token';

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Thrown for a bad command line or unusable input path (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** Where SIGINT is heard (the process, or a test's emitter). */
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

interface GenerateOptions {
  input: string;
  output: string;
  format?: 'md' | 'json';
  engine?: 'offline' | 'ollama' | 'openai';
  model?: string;
  maxTerms?: number;
  exclude?: string;
  require?: string;
  title?: string;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** Runs the CLI with process-style argv and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command()
    .name('genglossary')
    .description('Turn a folder of Japanese/English documents into a grounded glossary.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => io.stderr.write(s), writeOut: (s) => io.stdout.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('generate')
    .description('extract terms, define them from the documents, review and refine, then write the glossary')
    .requiredOption('-i, --input <dir>', 'folder of .md, .markdown and .txt files (read recursively)')
    .requiredOption('-o, --output <file>', 'glossary file to write (.md or .json)')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the output file extension)').choices(['md', 'json']))
    .addOption(new Option('-e, --engine <engine>', 'engine (default: LLM_PROVIDER, else offline)').choices(['offline', 'ollama', 'openai']))
    .option('-m, --model <name>', 'model for the ollama/openai engines (default: OLLAMA_MODEL / OPENAI_MODEL)')
    .option('-n, --max-terms <n>', 'at most this many terms (required terms always included)', positiveInt)
    .option('--exclude <file>', 'terms never to include, one per line')
    .option('--require <file>', 'terms always to include, one per line')
    .option('-t, --title <title>', 'title of the glossary')
    .action(async (opts: GenerateOptions) => {
      code = await generate(opts, io);
    });

  registerTokenCommand(program, io, (c) => (code = c));

  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    }
    throw e;
  }
  return code;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signals: process };
}

/** The format asked for, or the one the output file's extension names. */
export function outputFormat(output: string, format: GenerateOptions['format']): 'md' | 'json' {
  if (format) return format;
  const ext = path.extname(output).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.json') return 'json';
  throw new UsageError(`Cannot tell the format from "${path.basename(output)}": use a .md or .json name, or --format md|json`);
}

/** Terms listed one per line; blank lines and lines starting with # are ignored. */
export async function readTermList(file: string, what: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the ${what} list ${file}`);
  }
  return text
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

async function checkOutputFolder(output: string): Promise<void> {
  const dir = path.dirname(path.resolve(output));
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`The output folder ${path.dirname(output)} does not exist`);
  const target = await stat(output).catch(() => null);
  if (target?.isDirectory()) throw new UsageError(`The output ${output} is a folder`);
}

async function engineFor(kind: NonNullable<GenerateOptions['engine']>, model: string | undefined, config: Config): Promise<GlossaryEngine> {
  if (kind === 'offline') return createOfflineEngine();
  // Loaded only when asked for, so the offline path never pulls in the HTTP clients.
  const { createEngine } = await import('../llm');
  return createEngine({ engine: kind, model: model ?? null }, config.llm);
}

async function generate(opts: GenerateOptions, io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      say('\nInterrupted: stopping after the current item (Ctrl-C again to quit at once)…');
      controller.abort();
    } else process.exit(EXIT.INTERRUPTED);
  };
  io.signals.on('SIGINT', onSigint);
  const progress = createProgressReporter(io.stderr);
  let tempFile: string | null = null;
  try {
    let config: Config;
    try {
      config = loadConfig(io.env);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    const format = outputFormat(opts.output, opts.format);
    await checkOutputFolder(opts.output);
    const excluded = opts.exclude ? await readTermList(opts.exclude, 'excluded-terms') : [];
    const required = opts.require ? await readTermList(opts.require, 'required-terms') : [];
    const engine = await engineFor(opts.engine ?? config.llm.provider, opts.model, config);

    const documents = await loadDocumentsFromDir(opts.input, { maxBytes: config.maxDocumentBytes });
    say(`Read ${documents.length} document(s) from ${opts.input}; engine: ${engine.name}`);
    const store = new MemoryGlossaryStore({ documents, excluded, required });
    await runPipeline('FULL', {
      engine,
      store,
      signal: controller.signal,
      reporter: progress.reporter,
      options: opts.maxTerms ? { maxTerms: opts.maxTerms } : {},
    });
    progress.stop();

    const input = {
      title: opts.title,
      refined: store.refined,
      terms: store.terms,
      documentCount: documents.length,
      engineName: engine.name,
      generatedAt: new Date(),
    };
    const text = format === 'json' ? renderJson({ ...input, issues: store.issues }) : renderMarkdown(input);
    // Written beside the target and renamed at the end: an interrupted run never leaves half a file.
    const output = path.resolve(opts.output);
    tempFile = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tempFile, text, 'utf8');
    if (controller.signal.aborted) throw new CancelledError();
    await rename(tempFile, output);
    tempFile = null;
    say(`Wrote ${store.refined.length} terms to ${opts.output}`);
    return EXIT.OK;
  } catch (e) {
    progress.stop();
    return reportFailure(e, say);
  } finally {
    io.signals.off('SIGINT', onSigint);
    if (tempFile) await unlink(tempFile).catch(() => {});
  }
}

function reportFailure(e: unknown, say: (line: string) => void): number {
  if (e instanceof CancelledError) {
    say('Cancelled; no output was written.');
    return EXIT.INTERRUPTED;
  }
  if (e instanceof UsageError) {
    say(`genglossary: ${e.message}`);
    return EXIT.USAGE;
  }
  if (e instanceof AppError) {
    say(`genglossary: ${e.message}`);
    return e.code === 'BAD_USER_INPUT' ? EXIT.USAGE : EXIT.FAILED;
  }
  say(`genglossary: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return EXIT.FAILED;
}
