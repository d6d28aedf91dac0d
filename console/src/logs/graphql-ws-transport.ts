// LogTransport over a graphql-ws client: the log stream bypasses urql entirely, so its lines never
// enter a cache and re-subscribing with new variables is in our hands (see run-log-stream.ts).
import type { Client } from 'graphql-ws';
import type { LogSink, LogTransport, RunLogBatch } from './run-log-stream';

const transports = new WeakMap<Client, LogTransport>();

/** One transport per client, listening to its socket from the first call on. */
export function graphqlWsLogTransport(client: Client, query: string): LogTransport {
  const known = transports.get(client);
  if (known) return known;
  let connected = false;
  client.on('connected', () => {
    connected = true;
  });
  client.on('closed', () => {
    connected = false;
  });
  const transport: LogTransport = {
    subscribe(variables, sink: LogSink) {
      return client.subscribe<{ runLogBatches: RunLogBatch }>(
        { query, variables },
        {
          next(result) {
            if (result.errors?.length) sink.error(result.errors);
            else if (result.data) sink.next(result.data.runLogBatches);
          },
          error: (error) => sink.error(error),
          complete: () => sink.complete(),
        },
      );
    },
    onClosed: (listener) => client.on('closed', () => listener()),
    onConnected: (listener) => client.on('connected', () => listener()),
    isConnected: () => connected,
  };
  transports.set(client, transport);
  return transport;
}
