// The public face of http/: the HTTP boundary (yoga, graphql-ws, routes, checks) and the server's lifecycle.
export { attachGraphqlWs, WS_MAX_PAYLOAD_BYTES, WS_WRITE_BEHIND_BYTES } from './graphql-ws';
export { gracefulClose, listen, releaseAfterFailedListen } from './lifecycle';
export { graphqlRoute, routeRequests, type Route } from './routes';
export { createYogaApp, maxRequestBytes, QUERY_LIMITS } from './yoga';
