// The `genglossary` command line: the program, its global flags, and one registration per command
// (each command lives in its own file and adds itself). Runs with process-style argv and returns
// the exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerGenerateCommand } from './generate';
import { type CliIo, EXIT, processIo, type RegisterCommand } from './io';
import { registerTokenCommand } from './token';

export { EXIT, UsageError, type CliIo } from './io';
export { outputFormat, readTermList } from './generate';

/** The commands, in the order `--help` lists them. */
const COMMANDS: RegisterCommand[] = [registerGenerateCommand, registerTokenCommand];

const EXAMPLES = `
Examples:
  $ genglossary generate --input ./docs --output glossary.md
  $ genglossary generate -i guide.md "notes/**/*.txt" -o glossary.tbx --engine ollama
  $ genglossary generate -i ./docs -o - --format json --quiet > glossary.json
  $ genglossary help generate

Environment: LLM_PROVIDER, OLLAMA_BASE_URL, OLLAMA_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY,
MAX_DOCUMENT_BYTES … (see .env.example); NO_COLOR turns colour off.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI with process-style argv and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command()
    .name('genglossary')
    .description('Turn Japanese/English documents into a grounded glossary (Markdown, JSON, CSV or TBX).')
    .version(version(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeErr: (s) => io.stderr.write(s), writeOut: (s) => io.stdout.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES);
  for (const register of COMMANDS) register(program, io, (c) => (code = c));

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
