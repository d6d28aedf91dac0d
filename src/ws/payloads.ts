// graphql-ws encodes each `next` message whole, so a result shared by 500 subscribers was
// JSON-encoded 500 times: half the server's time when fanning a stored log batch out
// (docs/performance.md). graphql-ws has no way to take ready JSON, but its onNext hook may
// replace the payload it is about to encode, and the encoded message then goes to the socket's
// send. So onNext swaps a payload whose JSON is known for a small stand-in naming it, and the
// socket's send puts the JSON where the stand-in is.
import type { ExecutionResult } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket } from 'ws';

/** The stand-in's only key; JSON.stringify writes it as "\u0000shared payload". */
const STAND_IN_KEY = '\u0000shared payload';
/** How an encoded message ends before the stand-in's number. */
const STAND_IN_MARK = `"payload":{${JSON.stringify(STAND_IN_KEY)}:`;
/** Longest tail that can hold the mark, the number and the closing braces. */
const TAIL = STAND_IN_MARK.length + 24;

export interface SharedPayloads {
  /** For graphql-ws' onNext: a known payload's stand-in, or nothing (graphql-ws encodes it). */
  onNext: NonNullable<ServerOptions<Record<string, unknown>, Extra>['onNext']>;
  /** Makes the socket's send put each stand-in's JSON in its place. */
  attach(socket: WebSocket): void;
}

/** `jsonOf` gives a value's ready JSON, or undefined to let graphql-ws encode it. */
export function sharedPayloads(jsonOf: (value: unknown) => string | undefined): SharedPayloads {
  // Per socket, the JSON of each stand-in not yet sent. A socket that closes before a message
  // is sent takes its entries with it.
  const pendingBySocket = new WeakMap<WebSocket, Map<number, string>>();
  let counter = 0;

  return {
    onNext: (ctx, _id, _payload, _args, result: ExecutionResult) => {
      const json = jsonOf(result);
      const pending = json === undefined ? undefined : pendingBySocket.get(ctx.extra.socket);
      if (json === undefined || !pending) return undefined;
      const n = ++counter;
      pending.set(n, json);
      return { [STAND_IN_KEY]: n } as ExecutionResult;
    },
    attach(socket) {
      const pending = new Map<number, string>();
      pendingBySocket.set(socket, pending);
      const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
      const expand = (data: string): string => {
        const tailStart = Math.max(0, data.length - TAIL);
        const at = data.indexOf(STAND_IN_MARK, tailStart);
        if (at < 0 || !data.endsWith('}}')) return data;
        const n = Number(data.slice(at + STAND_IN_MARK.length, -2));
        const json = pending.get(n);
        if (json === undefined) throw new Error(`graphql-ws message names shared payload ${n}, which this socket does not hold`);
        pending.delete(n);
        return `${data.slice(0, at)}"payload":${json}}`;
      };
      socket.send = ((data: unknown, ...rest: unknown[]) => send(typeof data === 'string' ? expand(data) : data, ...rest)) as WebSocket['send'];
    },
  };
}
