// The public face of http/: the HTTP boundary (yoga, graphql-ws, routes, checks) and the server's lifecycle.
export { createGraphqlWs, WS_MAX_PAYLOAD_BYTES, WS_WRITE_BEHIND_BYTES } from './graphql-ws';
export { type BoundServer, bindPort, gracefulClose, PortInUseError } from './lifecycle';
export { graphqlRoute, routeRequests, sameOriginRoute, sendError, type Route } from './routes';
export { sameOriginPolicy, type Refusal, type SameOriginPolicy } from './same-origin';
export { createYogaApp, maxRequestBytes, QUERY_LIMITS } from './yoga';
export { useResponseBudget } from './response-budget';
export { sseLimits } from './sse-limits';
export { useWellFormedText } from './well-formed-text';
