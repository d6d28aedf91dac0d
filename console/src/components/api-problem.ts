// What an API error says, in one shape: the first GraphQL error's message and extensions.code,
// the per-item problems of an all-or-nothing refusal, or the network error.
import type { CombinedError } from 'urql';

export interface ApiProblem {
  message: string;
  code?: string;
  /** BAD_USER_INPUT's problems: one line per refused item (e.g. per file of an upload). */
  problems: { fileName?: string; message: string }[];
  extensions?: Record<string, unknown>;
}

/** The first GraphQL error (or the network error) as something to show. */
export function apiProblem(error: CombinedError | Error | undefined | null): ApiProblem | null {
  if (!error) return null;
  const combined = error as CombinedError;
  const gqlError = combined.graphQLErrors?.[0];
  if (gqlError) {
    const extensions = (gqlError.extensions ?? {}) as Record<string, unknown>;
    // The server spreads an error's details into extensions (e.g. extensions.problems).
    const details = (extensions.details as { problems?: unknown } | undefined) ?? extensions;
    const problems = Array.isArray(details.problems)
      ? details.problems.map((p) => {
          const item = p as Record<string, unknown>;
          return {
            fileName: typeof item.fileName === 'string' ? item.fileName : undefined,
            message: typeof item.message === 'string' ? item.message : typeof item.problem === 'string' ? item.problem : JSON.stringify(p),
          };
        })
      : [];
    return { message: gqlError.message, code: typeof extensions.code === 'string' ? extensions.code : undefined, problems, extensions };
  }
  if (combined.networkError) return { message: combined.networkError.message, code: 'NETWORK_ERROR', problems: [] };
  return { message: error.message, problems: [] };
}
