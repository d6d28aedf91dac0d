// What every CLI command gets: its streams, environment and signals (the process's, or a test's),
// the exit codes, and the error that means "the command line or its paths are wrong".

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130, TERMINATED: 143 } as const;

/** Thrown for a bad command line or unusable input path (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** Extra JSON fields for --progress json (e.g. the list of invalid files). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** Where SIGINT and SIGTERM are heard (the process, or a test's emitter). */
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** Ends the process at once (the second Ctrl-C); a test's io records the code instead. */
  exit: (code: number) => void;
  /** Called (synchronously) when the process exits for any reason, uncaught errors included. */
  onProcessExit: (listener: () => void) => () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signals: process,
    exit: (code) => process.exit(code),
    onProcessExit: (listener) => {
      process.on('exit', listener);
      return () => process.off('exit', listener);
    },
  };
}

/** A command's registration: adds itself to the program and reports its exit code through `done`. */
export type RegisterCommand = (program: import('commander').Command, io: CliIo, done: (code: number) => void) => void;
