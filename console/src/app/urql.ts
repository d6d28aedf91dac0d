// The one GraphQL client of the console (module scope, provided at the root): queries and
// mutations over HTTP POST /graphql, subscriptions over one graphql-ws socket on the same path.
// urql rather than Apollo: small (the first page must stay under 300 KB gzip), a document cache that
// refetches by typename after mutations (enough here), and graphql-ws wired in a few lines.
import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { authorizationHeader, requireToken } from './auth';
import { graphqlWsUrl } from './ws-url';


/** Why the socket is (dis)connected, for anything that shows connection state. */
export type SocketState = 'connecting' | 'connected' | 'closed';
const socketListeners = new Set<(s: SocketState) => void>();
let socketState: SocketState = 'closed';
function setSocketState(s: SocketState) {
  socketState = s;
  for (const l of socketListeners) l(s);
}
export function onSocketState(listener: (s: SocketState) => void): () => void {
  socketListeners.add(listener);
  listener(socketState);
  return () => socketListeners.delete(listener);
}

export const wsClient = createWsClient({
  url: graphqlWsUrl(window.location),
  lazy: true,
  // Read at every (re)connect, so a token entered later is used by the next socket.
  connectionParams: () => authorizationHeader(),
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
  on: {
    connecting: () => setSocketState('connecting'),
    connected: () => setSocketState('connected'),
    closed: (event) => {
      setSocketState('closed');
      const code = (event as { code?: number } | undefined)?.code;
      if (code === 4401 || code === 4403) requireToken();
    },
  },
});

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') || error?.response?.status === 401;
}

export const client = new Client({
  url: '/graphql',
  // Queries go as JSON POSTs like mutations: the server refuses GETs without a CSRF header
  // (docs/security.md), and urql would otherwise send short queries as GETs.
  preferGetMethod: false,
  fetchOptions: () => ({ headers: authorizationHeader() }),
  exchanges: [
    cacheExchange,
    mapExchange({
      onResult(result) {
        if (isUnauthenticated(result.error)) requireToken();
        return result;
      },
    }),
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            const unsubscribe = wsClient.subscribe(input, sink);
            return { unsubscribe };
          },
        };
      },
    }),
  ],
});
