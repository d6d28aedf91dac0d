// Errors users may see, each with a stable code (GraphQL `extensions.code`, CLI exit paths).
// Anything that is not an AppError is unexpected: masked in the API, logged in full on the server.

export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RUN_ALREADY_ACTIVE'
  | 'RUN_NOT_ACTIVE'
  | 'NO_DOCUMENTS'
  | 'NO_TERMS'
  | 'DOCUMENT_INVALID'
  | 'LLM_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  /** A synonym group names a term that is already in another group. */
  | 'SYNONYM_CONFLICT'
  /** A synonym group would have fewer than two distinct terms. */
  | 'GROUP_TOO_SMALL'
  /** A text that is neither an extracted term nor one of their aliases. */
  | 'UNKNOWN_TERM'
  /** No API token, or one that is unknown or revoked, where AUTH=required needs one. */
  | 'UNAUTHENTICATED'
  /** The token's role is too low for the operation (viewer < operator < admin). */
  | 'FORBIDDEN';

/** Codes set by the server layer on operations refused before (or failing outside) a resolver. */
export type ServerErrorCode =
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'PAYLOAD_TOO_LARGE'
  | 'HOST_NOT_ALLOWED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'CSRF_HEADER_MISSING'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_ACCEPTABLE'
  | 'BAD_REQUEST'
  | 'RESPONSE_TOO_LARGE'
  | 'INTERNAL_SERVER_ERROR';

/** Every code an error of ours can carry: the API's are listed in docs/api.md ("Errors"); DOCUMENT_INVALID is the CLI's. */
export type ApiErrorCode = ErrorCode | ServerErrorCode;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Thrown by steps when the run's AbortSignal fired; the run layer maps it to CANCELLED. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super(message);
  }
}

/** Throws CancelledError if the signal has fired. Call between items. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}
