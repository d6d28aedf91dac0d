// coalesceWrites: what graphql-ws's awaited sends become on the server's sockets. Below the mark a
// send completes at once and the frames of one turn leave in one write; past it, sends wait for
// the client again, so a client that stops reading never has more than the mark queued for it.
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { coalesceWrites } from '../../src/ws/writes';

const HIGH_WATER = 64 * 1024;
const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers.splice(0)) {
    for (const client of wss.clients) client.terminate();
    await new Promise((r) => wss.close(r));
  }
});

/** A server socket with coalesceWrites, its TCP socket's write calls counted, and a client for it. */
async function connected(): Promise<{ server: WebSocket; tcp: Socket; writes: () => number; client: WebSocket; received: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(wss);
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const accepted = new Promise<{ server: WebSocket; tcp: Socket }>((resolve) =>
    wss.once('connection', (server, request) => {
      coalesceWrites(server, request.socket, HIGH_WATER);
      resolve({ server, tcp: request.socket as Socket });
    }),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await new Promise((r) => client.once('open', r));
  const { server, tcp } = await accepted;
  // Writable calls _write/_writev on the instance: one call is one system call's worth of data.
  let writes = 0;
  const stream = tcp as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  const write = stream._write.bind(tcp);
  const writev = stream._writev.bind(tcp);
  stream._write = (...a) => (writes++, write(...a));
  stream._writev = (...a) => (writes++, writev(...a));
  return { server, tcp, writes: () => writes, client, received };
}

/** A send as graphql-ws makes it: a promise of the frame's callback. */
const send = (socket: WebSocket, data: string) => new Promise<void>((resolve, reject) => socket.send(data, (err) => (err ? reject(err) : resolve())));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('coalesceWrites', () => {
  it('below the mark, sends complete at once and the frames of one turn leave in one write', async () => {
    const { server, writes, received } = await connected();
    let completed = 0;
    for (let i = 1; i <= 100; i++) server.send(`frame ${i}`, () => completed++);
    // Completed before the turn ends, nothing written yet: the socket is corked until the next tick.
    expect(completed).toBe(100);
    expect(writes()).toBe(0);
    await until(() => received.length === 100, '100 frames');
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => `frame ${i + 1}`));
    expect(writes()).toBe(1);
  });

  it('past the mark, sends wait: a client that stops reading has at most the mark plus a frame queued, then gets every frame in order', async () => {
    const { server, client, received } = await connected();
    const frame = (i: number) => `${i} `.padEnd(16 * 1024, 'x');
    const total = 4_000; // 64 MB: far more than loopback buffers hold
    (client as unknown as { _socket: Socket })._socket.pause();
    let sent = 0;
    let maxQueued = 0;
    const sending = (async () => {
      for (let i = 1; i <= total; i++) {
        await send(server, frame(i));
        sent = i;
        maxQueued = Math.max(maxQueued, server.bufferedAmount);
      }
    })();
    // Stalled: no send completes any more while the client does not read.
    let last = -1;
    await until(() => {
      const stalled = sent === last && sent > 0;
      last = sent;
      return stalled;
    }, 'the sender to stall');
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toBe(last);
    expect(sent).toBeLessThan(total);
    expect(maxQueued).toBeLessThanOrEqual(HIGH_WATER + frame(1).length + 64);

    (client as unknown as { _socket: Socket })._socket.resume();
    await sending;
    await until(() => received.length === total, 'every frame');
    expect(received.map((m) => Number(m.slice(0, m.indexOf(' '))))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });
});
