// Yoga plugins of the HTTP boundary, written as yoga's own `use*` factories (graphql-yoga's
// src/plugins/ is the model): each one a refusal with a coded JSON body or a tag on one.
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ServerErrorCode } from '../errors';

/** Refuses (413) a request whose declared body is over `limit` bytes, before reading it. */
export function useRequestSizeLimit(limit: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared <= limit) return;
      const body = {
        errors: [{ message: `Request body of ${declared} bytes is over the limit of ${limit} bytes; send documents in several addDocuments calls`, extensions: { code: 'PAYLOAD_TOO_LARGE' satisfies ServerErrorCode, limit } }],
      };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 413, headers: { 'content-type': 'application/json' } }));
    },
  };
}

/**
 * armor throws its rejections from parse/validate without a code; give them the code of every
 * other refused operation, plus which limit it was.
 */
export function tagLimit(limit: string) {
  return (_ctx: unknown, error: GraphQLError) => {
    const extensions = error.extensions as Record<string, unknown>;
    extensions.code ??= 'GRAPHQL_VALIDATION_FAILED' satisfies ServerErrorCode;
    extensions.limit ??= limit;
  };
}
