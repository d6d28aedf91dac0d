// Every string a client sends must be well-formed UTF-16 (no lone surrogate): a lone surrogate is
// stored as invalid UTF-8, so "dup\ud800x" and "dup\udfffx" read back as the same name, defeating
// the unique rule, and a document's stored size and hash stop matching its content (issue 10 §4).
// One check at the request level, on every transport (yoga's envelope drives graphql-ws too):
// variables before execute/subscribe, literals at parse (graphql-js refuses them there already;
// this gives that refusal the same code).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../errors';

const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** The path of the first string in `value` that is not well-formed (a lone surrogate), else undefined. */
export function malformedTextPath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = malformedTextPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!isWellFormed(key)) return [...path, key];
      const found = malformedTextPath(v, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function malformedError(where: string, path: (string | number)[]): GraphQLError {
  return new GraphQLError(`${where} is not well-formed Unicode text (a lone UTF-16 surrogate)`, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, reason: 'MALFORMED_UNICODE', variable: path.length > 0 ? path.join('.') : undefined },
  });
}

const PARSER_SURROGATE = /Invalid Unicode escape sequence|Invalid character within String: U\+D[89A-F]/i;

/** Refuses strings with lone surrogates in variables and literals with BAD_USER_INPUT, before any resolver runs. */
export function useWellFormedText(): Plugin {
  const check = (variables: unknown) => {
    const path = malformedTextPath(variables ?? {});
    return path ? { errors: [malformedError(`Variable $${path.join('.')}`, path)] } : undefined;
  };
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error && PARSER_SURROGATE.test(result.message)) {
          const located = result instanceof GraphQLError ? result : undefined;
          replaceParseResult(
            new GraphQLError(`A string literal is not well-formed Unicode text (a lone UTF-16 surrogate): ${result.message}`, {
              source: located?.source,
              positions: located?.positions,
              extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, reason: 'MALFORMED_UNICODE' },
            }),
          );
        }
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
