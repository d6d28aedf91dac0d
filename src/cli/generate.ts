// `genglossary generate`: documents in, glossary out, through the same pipeline the server runs.
// Exit codes: 0 done, 1 failed, 2 usage error or invalid input files, 130 interrupted (Ctrl-C),
// 143 terminated (SIGTERM).
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config';
import { AppError, CancelledError } from '../errors';
import { foldSynonymGroups, normalizeKey, renderCsv, renderJson, renderMarkdown, renderTbx, type SynonymGroupSpec } from '../pipeline/index';
import { visibleName } from '../pipeline/documents';
import { MemoryGlossaryStore } from '../pipeline/memory-store';
import { createOfflineEngine } from '../pipeline/offline';
import { runPipeline } from '../pipeline/run-pipeline';
import type { GlossaryEngine } from '../pipeline/types';
import { explainEngineError } from './engine-errors';
import { readInputs, resolveInputs, type InputProblem } from './inputs';
import { type CliIo, EXIT, type RegisterCommand, UsageError } from './io';
import { type CliReport, createCliReport, type ProgressMode } from './progress';
import { terminalGuard } from './terminal';

export const OUTPUT_FORMATS = ['md', 'json', 'csv', 'tbx'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
const EXTENSION_FORMAT: Record<string, OutputFormat> = { '.md': 'md', '.markdown': 'md', '.json': 'json', '.csv': 'csv', '.tbx': 'tbx' };

interface GenerateOptions {
  input: string[];
  output: string;
  format?: OutputFormat;
  engine?: 'offline' | 'ollama' | 'openai';
  model?: string;
  maxTerms?: number;
  exclude?: string;
  require?: string;
  synonyms?: string;
  title?: string;
  skipInvalid?: boolean;
  quiet?: boolean;
  progress?: 'auto' | 'bar' | 'plain' | 'json';
}

const EXAMPLES = `
Examples:
  $ genglossary generate -i ./docs -o glossary.md                 # a folder, offline engine
  $ genglossary generate -i guide.md faq.md -o glossary.json      # several files
  $ genglossary generate -i "docs/**/*.md" -o terms.csv           # a glob (quoted), CSV for spreadsheets
  $ genglossary generate -i ./docs -o terms.tbx --engine ollama   # TBX for CAT tools, with Ollama
  $ genglossary generate -i ./docs -o - --format json --quiet | jq '.entries[].term'
  $ genglossary generate -i ./docs -o glossary.md --skip-invalid --progress json   # for CI

Formats: md, json, csv (UTF-8 with BOM, for Excel), tbx (TBX-Core, ISO 30042); taken from the
output file's extension unless --format is given (--output - writes Markdown unless told otherwise).
Invalid input files (empty, binary, not UTF-8, too large, bad names) are all listed and nothing is
done (exit 2), unless --skip-invalid. Ctrl-C stops after the current item and writes nothing; press
it again to quit at once. Exit codes: 0 done, 1 failed, 2 usage or invalid input, 130 interrupted,
143 terminated.`;

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

export const registerGenerateCommand: RegisterCommand = (program: Command, io: CliIo, done: (code: number) => void) => {
  program
    .command('generate')
    .description('extract terms, define them from the documents, review and refine, then write the glossary')
    .requiredOption('-i, --input <paths...>', 'folders (read recursively for .md, .markdown, .txt), files or quoted globs')
    .requiredOption('-o, --output <file>', 'glossary file to write (.md, .json, .csv or .tbx), or - for stdout')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the output file extension)').choices(OUTPUT_FORMATS))
    .addOption(new Option('-e, --engine <engine>', 'engine (default: LLM_PROVIDER, else offline)').choices(['offline', 'ollama', 'openai']))
    .option('-m, --model <name>', 'model for the ollama/openai engines (default: OLLAMA_MODEL / OPENAI_MODEL)')
    .option('-n, --max-terms <n>', 'at most this many terms (required terms always included)', positiveInt)
    .option('--exclude <file>', 'terms never to include, one per line')
    .option('--require <file>', 'terms always to include, one per line')
    .option('--synonyms <file>', 'synonym groups, one per line: the primary, then its members, separated by commas (e.g. "virtual DOM, 仮想 DOM")')
    .option('-t, --title <title>', 'title of the glossary')
    .option('--skip-invalid', 'go on without invalid input files (they are listed) instead of stopping')
    .option('-q, --quiet', 'print nothing but errors')
    .addOption(
      new Option('--progress <mode>', 'progress display: bar on a terminal, plain lines, or JSON lines for scripts')
        .choices(['auto', 'bar', 'plain', 'json'])
        .default('auto'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (opts: GenerateOptions) => {
      done(await generate(opts, io));
    });
};

/** The format asked for, or the one the output file's extension names. */
export function outputFormat(output: string, format: OutputFormat | undefined): OutputFormat {
  if (format) return format;
  if (output === '-') return 'md';
  const found = EXTENSION_FORMAT[path.extname(output).toLowerCase()];
  if (found) return found;
  throw new UsageError(
    `Cannot tell the format from "${path.basename(output)}": use a .md, .json, .csv or .tbx name, or --format md|json|csv|tbx`,
  );
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

/**
 * Synonym groups from a file: one group per line, the primary first, members after it, separated
 * by commas (ASCII or full-width). Groups of one term and a term in two groups are usage errors;
 * a group none of whose terms the documents yield changes nothing.
 */
export async function readSynonymGroups(file: string): Promise<SynonymGroupSpec[]> {
  const seen = new Map<string, number>();
  const groups: SynonymGroupSpec[] = [];
  for (const [i, line] of (await readTermList(file, 'synonym-groups')).entries()) {
    const terms: { key: string; text: string }[] = [];
    for (const raw of line.split(/[,，]/u)) {
      const text = raw.trim();
      const key = normalizeKey(text);
      if (key === '' || terms.some((t) => t.key === key)) continue;
      const other = seen.get(key);
      if (other !== undefined && other !== i) throw new UsageError(`${file}: "${text}" is in two synonym groups (lines ${other + 1} and ${i + 1} without comments and blank lines)`);
      seen.set(key, i);
      terms.push({ key, text });
    }
    if (terms.length < 2) throw new UsageError(`${file}: "${line}" names fewer than two different terms; a synonym group is a primary and at least one member`);
    groups.push({ primary: terms[0]!, members: terms.slice(1) });
  }
  return groups;
}

async function checkOutputPath(output: string): Promise<void> {
  if (output === '-') return;
  const target = await stat(output).catch(() => null);
  if (target?.isDirectory()) {
    throw new UsageError(`The output ${output} is a folder: give a file name, e.g. ${path.join(output, 'glossary.md')}`);
  }
  const dir = await stat(path.dirname(path.resolve(output))).catch(() => null);
  if (!dir?.isDirectory()) throw new UsageError(`The output folder ${path.dirname(output)} does not exist`);
}

type LlmKind = 'ollama' | 'openai';

async function engineFor(kind: NonNullable<GenerateOptions['engine']>, model: string | undefined, config: Config): Promise<GlossaryEngine> {
  if (kind === 'offline') return createOfflineEngine();
  // Loaded only when asked for, so the offline path never pulls in the HTTP clients.
  const { createEngine } = await import('../llm');
  return createEngine({ engine: kind, model: model ?? null }, config.llm);
}

/**
 * Asks Ollama for its models before any work: a server that is not there, or a model that is not
 * pulled, is told at once with the fix instead of after the first step's retries.
 */
async function checkOllama(config: Config, model: string, signal: AbortSignal): Promise<void> {
  const { listModels } = await import('../llm');
  const models = await listModels('ollama', { ...config.llm, maxRetries: 0 }, null, AbortSignal.any([signal, AbortSignal.timeout(config.llm.ollama.timeoutMs)]));
  const wanted = model.includes(':') ? model : `${model}:latest`;
  if (!models.includes(model) && !models.includes(wanted)) {
    throw new AppError('LLM_UNAVAILABLE', `Ollama has no model "${model}"`, { failure: 'http', status: 404 });
  }
}

function render(format: OutputFormat, input: Parameters<typeof renderMarkdown>[0], store: MemoryGlossaryStore): string {
  switch (format) {
    case 'json':
      return renderJson({ ...input, issues: store.issues });
    case 'csv':
      return renderCsv(input);
    case 'tbx':
      return renderTbx(input);
    default:
      return renderMarkdown(input);
  }
}

function progressMode(opts: GenerateOptions, io: CliIo): ProgressMode {
  if (opts.progress === 'json') return 'json';
  if (opts.quiet) return 'quiet';
  if (opts.progress === 'plain') return 'plain';
  if (opts.progress === 'bar') return 'bar';
  return io.stderr.isTTY ? 'bar' : 'plain';
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
const colorWanted = (io: CliIo) => Boolean(io.stderr.isTTY) && !io.env.NO_COLOR;

async function generate(opts: GenerateOptions, io: CliIo): Promise<number> {
  const guard = terminalGuard(io.stderr);
  const report = createCliReport({ mode: progressMode(opts, io), stream: io.stderr, color: colorWanted(io), guard });
  const controller = new AbortController();
  // The temporary file, while there is one: removed on every way out, the quick quit included.
  let tempFile: string | null = null;
  const removeTempNow = () => {
    if (tempFile) {
      try {
        unlinkSync(tempFile);
      } catch {
        // Already gone.
      }
      tempFile = null;
    }
  };
  const stopListening = io.onProcessExit(() => {
    report.stop();
    guard.restore();
    removeTempNow();
  });
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled === null) {
      signalled = signal;
      report.interrupt();
      report.info(
        signal === 'SIGINT'
          ? 'Interrupted: stopping after the current item (Ctrl-C again to quit at once)…'
          : 'Terminated: stopping after the current item…',
        { signal },
      );
      controller.abort();
      return;
    }
    // The second signal: quit now, still leaving the terminal and the output folder as they were.
    report.stop();
    guard.restore();
    removeTempNow();
    report.error('Quit at once; no output was written.', { exitCode: exitFor(signalled) });
    io.exit(exitFor(signalled));
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  io.signals.on('SIGINT', onSigint);
  io.signals.on('SIGTERM', onSigterm);

  let llm: { kind: LlmKind; config: Config['llm']; model: string } | null = null;
  try {
    let config: Config;
    try {
      config = loadConfig(io.env);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    await checkOutputPath(opts.output);
    const format = outputFormat(opts.output, opts.format);
    const excluded = opts.exclude ? await readTermList(opts.exclude, 'excluded-terms') : [];
    const required = opts.require ? await readTermList(opts.require, 'required-terms') : [];
    const synonymGroups = opts.synonyms ? await readSynonymGroups(opts.synonyms) : [];

    const files = await resolveInputs(opts.input);
    if (files.length === 0) throw new AppError('NO_DOCUMENTS', `No .md, .markdown or .txt files in ${opts.input.join(', ')}`);
    const { documents, problems } = await readInputs(files, config.maxDocumentBytes);
    if (problems.length > 0) {
      if (!opts.skipInvalid) throw invalidInputs(problems);
      report.warn(`Skipped ${problems.length} invalid file${problems.length === 1 ? '' : 's'}:\n${problemList(problems)}`, {
        skipped: problems,
      });
    }
    if (documents.length === 0) throw new AppError('NO_DOCUMENTS', 'No usable documents are left to read');

    const kind = opts.engine ?? config.llm.provider;
    if (kind !== 'offline') {
      const model = opts.model ?? (kind === 'ollama' ? config.llm.ollama.model : config.llm.openai.model);
      llm = { kind, config: config.llm, model };
      if (kind === 'ollama') await checkOllama(config, model, controller.signal);
    }
    const engine = await engineFor(kind, opts.model, config);
    report.info(`Read ${documents.length} document(s); engine: ${engine.name}`, { documents: documents.length, engine: engine.name });
    const store = new MemoryGlossaryStore({ documents, excluded, required, synonymGroups });
    await runPipeline('FULL', {
      engine,
      store,
      signal: controller.signal,
      reporter: report.reporter,
      options: opts.maxTerms ? { maxTerms: opts.maxTerms } : {},
    });
    if (controller.signal.aborted) throw new CancelledError();
    report.stop();

    const text = render(
      format,
      {
        title: opts.title,
        refined: store.refined,
        // As the pipeline saw them: a group's members are aliases of its primary.
        terms: foldSynonymGroups(store.terms, synonymGroups),
        documentCount: documents.length,
        engineName: engine.name,
        generatedAt: new Date(),
      },
      store,
    );
    if (opts.output === '-') {
      io.stdout.write(text);
    } else {
      // Written beside the target and renamed at the end: an interrupted run never leaves half a file.
      const output = path.resolve(opts.output);
      tempFile = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(tempFile, text, 'utf8');
      if (controller.signal.aborted) throw new CancelledError();
      await rename(tempFile, output);
      tempFile = null;
    }
    const where = opts.output === '-' ? 'stdout' : opts.output;
    report.done(`Wrote ${store.refined.length} terms to ${where} (${format})`, {
      output: where,
      format,
      terms: store.refined.length,
      documents: documents.length,
      skipped: problems.length,
    });
    return EXIT.OK;
  } catch (e) {
    report.stop();
    return reportFailure(e, report, signalled, llm);
  } finally {
    io.signals.off('SIGINT', onSigint);
    io.signals.off('SIGTERM', onSigterm);
    if (tempFile) await unlink(tempFile).catch(() => {});
    tempFile = null;
    guard.restore();
    stopListening();
  }
}

const exitFor = (signal: NodeJS.Signals | null) => (signal === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED);

/** One line per bad file: name, then what is wrong with it. */
function problemList(problems: readonly InputProblem[]): string {
  return problems.map((p) => `  - ${p.rule === 'BAD_NAME' ? visibleName(p.fileName) : p.fileName}: ${p.problem}`).join('\n');
}

function invalidInputs(problems: readonly InputProblem[]): UsageError {
  const n = problems.length;
  return new UsageError(
    `${n} input file${n === 1 ? '' : 's'} cannot be used:\n${problemList(problems)}\n` +
      'Nothing was done. Fix or remove them, or pass --skip-invalid to go on without them.',
    { problems },
  );
}

function reportFailure(
  e: unknown,
  report: CliReport,
  signalled: NodeJS.Signals | null,
  llm: { kind: LlmKind; config: Config['llm']; model: string } | null,
): number {
  if (e instanceof CancelledError || (signalled && !(e instanceof UsageError))) {
    const exitCode = exitFor(signalled);
    report.error('Cancelled; no output was written.', { exitCode, cancelled: true });
    return exitCode;
  }
  if (e instanceof UsageError) {
    report.error(e.message, { exitCode: EXIT.USAGE, ...e.details });
    return EXIT.USAGE;
  }
  if (e instanceof AppError) {
    const message = e.code === 'LLM_UNAVAILABLE' && llm ? explainEngineError(e, llm.kind, llm.config, llm.model) : e.message;
    const exitCode = e.code === 'BAD_USER_INPUT' ? EXIT.USAGE : EXIT.FAILED;
    report.error(message, { exitCode, code: e.code });
    return exitCode;
  }
  report.error(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, { exitCode: EXIT.FAILED });
  return EXIT.FAILED;
}
