// Yoga plugins of the HTTP boundary, written as yoga's own `use*` factories (graphql-yoga's
// src/plugins/ is the model): each one a refusal with a coded JSON body or a tag on one.
import type { GraphQLError } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
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

/**
 * GraphQL over HTTP only as a JSON POST (or a GET): a form or text/plain POST is what any web page
 * can send without a preflight, so it is refused before yoga parses it (415), whatever else it carries.
 */
export function useJsonPostOnly(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/json' || type === 'application/graphql-response+json') return;
      throw createGraphQLError(`POST /graphql takes Content-Type application/json, not "${type || 'none'}"`, {
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' satisfies ServerErrorCode, http: { status: 415 } },
      });
    },
  };
}

/**
 * yoga's CSRF prevention (a GET, or a POST of a simple content type, must carry a header no page can
 * set without a preflight), its refusal given our code: its own error has none.
 */
export function useCsrfPrevention(): Plugin {
  const plugin = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin;
  const onRequestParse = plugin.onRequestParse!;
  return {
    onRequestParse(payload) {
      try {
        return onRequestParse(payload);
      } catch {
        // A fresh error: maskError would follow an originalError to the plugin's code-less one.
        throw createGraphQLError(`A GET needs the header ${CSRF_HEADER} (or a non-simple Content-Type such as application/json)`, {
          extensions: { code: 'CSRF_HEADER_MISSING' satisfies ServerErrorCode, http: { status: 403 } },
        });
      }
    },
  };
}
/** The header a GET must carry (yoga's default name, documented in docs/api.md). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** The media types yoga can answer in (text/html: GraphiQL). */
const ANSWERABLE = new Set(['application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed', 'application/*', '*/*']);

/** Refuses (406) an Accept yoga cannot answer, with a coded body: yoga's own 406 has none. */
export function useAcceptableOnly(graphiql: boolean): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const accept = request.headers.get('accept');
      if (!accept) return;
      const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
      if (types.some((t) => ANSWERABLE.has(t) || (graphiql && t === 'text/html'))) return;
      const body = { errors: [{ message: `Cannot answer in ${accept}; accept application/json, application/graphql-response+json or text/event-stream`, extensions: { code: 'NOT_ACCEPTABLE' satisfies ServerErrorCode } }] };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 406, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
  };
}

/** What yoga's own refusals are called in our API (docs/api.md lists every code). */
const YOGA_CODES: Record<string, ServerErrorCode> = {
  REQUEST_ENTITY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  OPERATION_RESOLUTION_FAILURE: 'METHOD_NOT_ALLOWED',
};
const CODE_OF_STATUS: Record<number, ServerErrorCode> = {
  400: 'BAD_REQUEST',
  403: 'CSRF_HEADER_MISSING',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Every refusal yoga makes before execution gets a documented code: the CSRF plugin and some
 * request checks set none, others set codes of their own (mapped by YOGA_CODES); a 405 is a 405
 * whatever yoga called it.
 */
export function useCodedRefusals(): Plugin {
  const recode = (error: { extensions?: Record<string, unknown> }) => {
    const extensions = error.extensions as { code?: string; http?: { status?: number } } | undefined;
    if (!extensions) return;
    const status = extensions.http?.status;
    const byYoga = extensions.code ? YOGA_CODES[extensions.code] : undefined;
    if (byYoga) extensions.code = byYoga;
    else if (status === 405) extensions.code = 'METHOD_NOT_ALLOWED';
    else if (!extensions.code && status !== undefined && CODE_OF_STATUS[status]) extensions.code = CODE_OF_STATUS[status];
  };
  return {
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result]) {
        const errors = (r as { errors?: unknown }).errors;
        if (Array.isArray(errors)) for (const e of errors) recode(e as { extensions?: Record<string, unknown> });
      }
    },
  };
}
