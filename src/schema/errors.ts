// How errors leave the API. AppErrors become GraphQL errors with a stable `extensions.code` and
// their details; Pothos' own argument checks (cursors, page sizes) and variable coercion are the
// caller's mistake (BAD_USER_INPUT); anything else is unexpected: masked here, logged in full.
import { PothosValidationError } from '@pothos/core';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { type ApiErrorCode, type AppError, isAppError } from '../errors';
import { globalId, ID_DETAIL_TYPES, type IdType, isIdType } from './ids';

/** The error a resolver threw, through graphql-js' wrapping. */
export function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) {
    current = current.originalError;
  }
  return current;
}

/** True for errors the caller caused and already gets a clear message for: not server faults. */
export function isExpectedError(error: unknown): boolean {
  const original = originalOf(error);
  return isAppError(original) || original instanceof PothosValidationError || (original instanceof GraphQLError && !isUnexpected(original));
}

function isUnexpected(error: GraphQLError): boolean {
  return error.extensions?.code === 'INTERNAL_SERVER_ERROR';
}

// Services speak database ids; the API speaks global ids. Details such as activeRunId or
// documentIds read the same as the `id` fields of the objects they name.
function detailsForApi(details: Record<string, unknown>): Record<string, unknown> {
  const toGlobal = (type: IdType | undefined, v: unknown): unknown => {
    if (!type) return v;
    if (typeof v === 'number' || (typeof v === 'string' && /^[0-9]+$/.test(v))) return globalId(type, v);
    if (Array.isArray(v)) return v.map((item) => toGlobal(type, item));
    return v;
  };
  const ownType = typeof details.type === 'string' && isIdType(details.type) ? details.type : undefined;
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, toGlobal(k === 'id' ? ownType : ID_DETAIL_TYPES[k], v)]));
}

function located(source: unknown, message: string, extensions: { code: ApiErrorCode } & Record<string, unknown>): GraphQLError {
  const at = source instanceof GraphQLError ? source : undefined;
  return new GraphQLError(message, {
    nodes: at?.nodes,
    source: at?.source,
    positions: at?.positions,
    path: at?.path,
    extensions: { ...at?.extensions, ...extensions },
  });
}

/** GraphQL error for an AppError, keeping the location of `at` when given. */
export function appErrorToGraphQL(error: AppError, at?: unknown): GraphQLError {
  return located(at, error.message, { ...detailsForApi(error.details), code: error.code });
}

/** yoga's maskedErrors.maskError: keeps expected errors (with codes), hides the rest. */
export function maskError(error: unknown, message: string): Error {
  const original = originalOf(error);
  if (isAppError(original)) return appErrorToGraphQL(original, error);
  if (original instanceof PothosValidationError) return located(error, original.message, { code: 'BAD_USER_INPUT' });
  if (original instanceof GraphQLError) {
    // A GraphQL error without an underlying cause: variable coercion, scalar parsing, or one we built.
    if (original.extensions?.code) return original;
    return located(original, original.message, { code: 'BAD_USER_INPUT' });
  }
  return located(error, message, { code: 'INTERNAL_SERVER_ERROR' });
}

/**
 * Gives syntax errors (and graphql-armor's token limit, which fails in parse) a stable code;
 * validation errors already carry GRAPHQL_VALIDATION_FAILED from yoga.
 */
export function useParseErrorCode(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError && !result.extensions?.code) {
          replaceParseResult(located(result, result.message, { code: 'GRAPHQL_PARSE_FAILED' }));
        }
      };
    },
  };
}
