// HTTP requests go through a short list of routes in front of yoga: each answers the request and
// returns true, or returns false to pass it to the next. Whatever no route takes is a coded 404.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApiErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { SameOriginPolicy } from './same-origin';
import type { YogaApp } from './yoga';

/** One route: answers and returns true, or returns false (having written nothing) to pass the request on. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** The path of a request, without its query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Every refusal at the HTTP boundary has the body of a GraphQL error: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendError(res: ServerResponse, status: number, code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Refuses (403) requests from a foreign Origin or to a foreign Host, before any other route. */
export function sameOriginRoute(policy: SameOriginPolicy): Route {
  return (req, res) => {
    const refusal = policy.check(req.headers);
    if (!refusal) return false;
    sendError(res, refusal.status, refusal.code, refusal.message);
    return true;
  };
}

/** GraphQL over HTTP and SSE at yoga's endpoint. */
export function graphqlRoute(yoga: YogaApp): Route {
  return async (req, res) => {
    // /health is yoga's liveness check (200, empty), for load balancers and proxies.
    const path = pathOf(req);
    if (path !== yoga.graphqlEndpoint && path !== '/health') return false;
    await yoga(req, res);
    return true;
  };
}

/** The node request listener: the routes in order, then 404. */
export function routeRequests(routes: Route[], logger: Logger): RequestListener {
  return (req, res) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
      sendError(res, 404, 'NOT_FOUND', `Nothing at ${pathOf(req)}; GraphQL is at /graphql`);
    })().catch((e: unknown) => {
      logger.error('HTTP request failed', e);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
      else res.destroy();
    });
  };
}
