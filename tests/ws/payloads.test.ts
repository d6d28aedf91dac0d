// sharedPayloads: graphql-ws messages whose payload JSON is known leave with that JSON spliced in,
// byte for byte what graphql-ws would have sent; every other message leaves untouched.
// graphql-ws' part is played as it does it: onNext, then JSON.stringify of { id, type, payload },
// then the socket's send.
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { sharedPayloads, type SharedPayloads } from '../../src/ws/payloads';

const known = { data: { runLogBatches: { lastSeq: 2, lines: [{ seq: 1, message: 'a "quoted" \u0000 line }}' }, { seq: 2, message: 'b' }] } } };
const knownJson = JSON.stringify(known);
const jsonOf = (value: unknown) => (value === known ? knownJson : undefined);

/** A socket whose send records what would go on the wire. */
function recordingSocket(payloads: SharedPayloads): { socket: WebSocket; sent: string[] } {
  const sent: string[] = [];
  const socket = { send: (data: string) => void sent.push(data) } as unknown as WebSocket;
  payloads.attach(socket);
  return { socket, sent };
}

/** graphql-ws' emit.next up to the send: the payload onNext returns, else the result. */
function encodeNext(payloads: SharedPayloads, socket: WebSocket, id: string, result: object): string {
  const replaced = payloads.onNext({ extra: { socket } } as never, id, {} as never, {} as never, result);
  return JSON.stringify({ id, type: 'next', payload: (replaced as object | undefined) ?? result });
}

describe('sharedPayloads', () => {
  it('sends a next message with a known payload as graphql-ws would have encoded it', () => {
    const payloads = sharedPayloads(jsonOf);
    const { socket, sent } = recordingSocket(payloads);
    const encoded = encodeNext(payloads, socket, 'sub-1', known);
    // graphql-ws encoded a stand-in, not the payload.
    expect(encoded.length).toBeLessThan(80);
    socket.send(encoded);
    const expected = { id: 'sub-1', type: 'next', payload: known };
    expect(sent).toEqual([JSON.stringify(expected)]);
    expect(JSON.parse(sent[0]!)).toEqual(expected);
  });

  it('leaves every other message alone: unknown payloads, other types, fields named payload', () => {
    const payloads = sharedPayloads(jsonOf);
    const { socket, sent } = recordingSocket(payloads);
    const results = [{ data: { other: 1 } }, { data: { payload: { x: 1 } } }];
    for (const result of results) socket.send(encodeNext(payloads, socket, 'q', result));
    const others = [{ id: '2', type: 'complete' }, { id: '3', type: 'error', payload: [{ message: 'no' }] }];
    for (const m of others) socket.send(JSON.stringify(m));
    expect(sent).toEqual([...results.map((payload) => JSON.stringify({ id: 'q', type: 'next', payload })), ...others.map((m) => JSON.stringify(m))]);
  });

  it('keeps each subscription’s payload apart when their sends interleave', () => {
    const payloads = sharedPayloads(jsonOf);
    const { socket, sent } = recordingSocket(payloads);
    const a = encodeNext(payloads, socket, 'a', known);
    const b = encodeNext(payloads, socket, 'b', known);
    socket.send(b);
    socket.send(a);
    expect(sent.map((m) => JSON.parse(m))).toEqual([
      { id: 'b', type: 'next', payload: known },
      { id: 'a', type: 'next', payload: known },
    ]);
  });

  it('a socket that closed before its message was sent leaves no trace; a stand-in on the wrong socket is an error, not garbage', () => {
    const payloads = sharedPayloads(jsonOf);
    const closing = recordingSocket(payloads);
    const open = recordingSocket(payloads);
    const neverSent = encodeNext(payloads, closing.socket, 'x', known);
    open.socket.send(encodeNext(payloads, open.socket, 'y', known));
    expect(JSON.parse(open.sent[0]!)).toEqual({ id: 'y', type: 'next', payload: known });
    expect(() => open.socket.send(neverSent)).toThrow(/does not hold/);
    // Without attach (a socket the server did not set up), graphql-ws encodes the payload itself.
    const bare = { send: () => {} } as unknown as WebSocket;
    expect(payloads.onNext({ extra: { socket: bare } } as never, 'z', {} as never, {} as never, known as never)).toBeUndefined();
  });
});
