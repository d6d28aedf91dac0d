// The CLI's public face: `run(argv)` for bin/genglossary.mjs and tests.
export { EXIT, run, UsageError, type CliIo } from './main';
