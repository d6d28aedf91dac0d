// The server's own log (stderr), filtered by LOG_LEVEL. Run logs are something else: they are
// stored per run in the database and streamed to clients.
import { GraphQLError } from 'graphql';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const ORDER: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// A GraphQLError printed as is hides what went wrong inside the resolver; print the cause's stack.
function expand(arg: unknown): unknown {
  if (arg instanceof GraphQLError && arg.originalError) {
    const path = arg.path ? ` at ${arg.path.join('.')}` : '';
    return `${arg.message}${path}\n${arg.originalError.stack ?? String(arg.originalError)}`;
  }
  return arg;
}

/** A logger writing lines at or above `level` to stderr with an ISO time and the level. */
export function createLogger(level: LogLevelName): Logger {
  const at = (name: Exclude<LogLevelName, 'silent'>) =>
    ORDER[name] < ORDER[level]
      ? () => undefined
      : (...args: unknown[]) => console.error(new Date().toISOString(), name.toUpperCase(), ...args.map(expand));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
