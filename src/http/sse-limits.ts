// The graphql-ws caps, applied to SSE too (issue 10 §8: 3,000 SSE subscriptions from one client
// were all accepted). Each SSE response is one open connection carrying one operation, so the caps
// are counted in open streams: per client (remote address) at most MAX_SUBSCRIPTIONS_PER_SOCKET,
// in total at most MAX_WS_CONNECTIONS. A stream counts from its request until its connection closes.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import { pathOf, type Route, sendError } from './routes';

const isSseRequest = (req: IncomingMessage) => (req.headers.accept ?? '').toLowerCase().includes('text/event-stream');

export interface SseStreams {
  /** The route that counts SSE requests to `endpoint` and refuses those over a cap (429). */
  route: Route;
  /** Open streams in total (tests and benches). */
  open(): number;
}

export function sseLimits(config: Pick<Config, 'maxWsConnections' | 'maxSubscriptionsPerSocket'>, endpoint: string): SseStreams {
  const perClient = new Map<string, number>();
  let total = 0;
  const route: Route = (req, res) => {
    if (pathOf(req) !== endpoint || !isSseRequest(req)) return false;
    const client = req.socket.remoteAddress ?? 'unknown';
    const mine = perClient.get(client) ?? 0;
    if (mine >= config.maxSubscriptionsPerSocket || total >= config.maxWsConnections) {
      const limit = mine >= config.maxSubscriptionsPerSocket ? config.maxSubscriptionsPerSocket : config.maxWsConnections;
      const scope = mine >= config.maxSubscriptionsPerSocket ? 'client' : 'server';
      sendError(res, 429, 'TOO_MANY_SUBSCRIPTIONS', `Too many SSE streams open for this ${scope} (limit ${limit}); close one or use graphql-ws`, { limit, scope });
      return true;
    }
    perClient.set(client, mine + 1);
    total++;
    res.once('close', () => {
      total--;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
    });
    return false;
  };
  return { route, open: () => total };
}
