// The public face of ws/: what src/server.ts does to graphql-ws' sockets so that many subscribers
// of one run cost little (docs/performance.md).
export { coalesceWrites } from './writes';
export { sharedPayloads, type SharedPayloads } from './payloads';
