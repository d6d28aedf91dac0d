// Sending graphql-ws frames cheaply to many sockets (used by src/server.ts).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

type Callback = (err?: Error) => void;

/**
 * graphql-ws awaits every send until the kernel has taken the frame, so a subscription never has
 * two frames in flight and every frame costs a system call of its own (on a fan-out to 500
 * sockets, most of the server's time). Here a send resolves at once while the socket has less
 * than `highWater` bytes queued, and the frames sent to one socket within one turn of the event
 * loop leave in one write (the TCP socket is corked until the next tick). Past `highWater` a send
 * waits for its frame as before: a slow client still holds back its own subscriptions, and never
 * more than `highWater` plus a frame is queued for it.
 */
export function coalesceWrites(socket: WebSocket, tcp: Duplex, highWater: number): void {
  const send = socket.send.bind(socket) as (data: unknown, options: object, cb?: Callback) => void;
  let corked = false;
  const uncork = () => {
    corked = false;
    tcp.uncork();
  };
  socket.send = ((data: unknown, optionsOrCb?: object | Callback, cb?: Callback) => {
    const options = typeof optionsOrCb === 'object' ? optionsOrCb : {};
    const callback = typeof optionsOrCb === 'function' ? (optionsOrCb as Callback) : cb;
    if (!corked && !tcp.destroyed) {
      corked = true;
      tcp.cork();
      process.nextTick(uncork);
    }
    if (!callback || socket.bufferedAmount >= highWater) return send(data, options, callback);
    // A failed write closes the socket, and graphql-ws ends the socket's subscriptions on close.
    send(data, options, () => undefined);
    callback();
  }) as WebSocket['send'];
}

