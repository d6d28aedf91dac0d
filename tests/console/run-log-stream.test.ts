import { describe, expect, it } from 'vitest';
import type { LogLineInput } from '../../console/src/logs/log-buffer';
import { LogBuffer } from '../../console/src/logs/log-buffer';
import { type ConnectionState, type LogSink, type LogTransport, startRunLogStream } from '../../console/src/logs/run-log-stream';

/** A fake graphql-ws client: a "server" log, subscriptions we can feed, a socket we can drop. */
function fakeTransport() {
  const subs: { variables: { runId: string; afterSeq: number }; sink: LogSink; active: boolean }[] = [];
  const closed = new Set<() => void>();
  const connectedListeners = new Set<() => void>();
  let connected = false;
  const transport: LogTransport = {
    subscribe(variables, sink) {
      const sub = { variables, sink, active: true };
      subs.push(sub);
      return () => {
        sub.active = false;
        // graphql-ws completes the sink of a subscription that was disposed.
        sink.complete();
      };
    },
    onClosed(l) {
      closed.add(l);
      return () => closed.delete(l);
    },
    onConnected(l) {
      connectedListeners.add(l);
      return () => connectedListeners.delete(l);
    },
    isConnected: () => connected,
  };
  return {
    transport,
    subs,
    connect() {
      connected = true;
      for (const l of connectedListeners) l();
    },
    drop() {
      connected = false;
      for (const l of closed) l();
    },
    active: () => subs.filter((s) => s.active),
  };
}

const line = (seq: number): LogLineInput => ({ seq, time: 't', level: 'INFO', step: 'EXTRACT', message: `m${seq}` });
const batch = (from: number, to: number) => {
  const lines = Array.from({ length: to - from + 1 }, (_, i) => line(from + i));
  return { firstSeq: from, lastSeq: to, lines };
};

function follow(fake: ReturnType<typeof fakeTransport>, afterSeq = 0) {
  const buffer = new LogBuffer();
  const states: ConnectionState[] = [];
  const errors: string[] = [];
  const delivered: number[] = [];
  const stream = startRunLogStream({
    runId: 'UnVuOjE=',
    transport: fake.transport,
    afterSeq,
    onLines(lines) {
      delivered.push(...lines.map((l) => l.seq));
      buffer.append(lines);
    },
    onState(state, error) {
      states.push(state);
      if (error) errors.push(error);
    },
  });
  return { stream, buffer, states, errors, delivered };
}

describe('startRunLogStream', () => {
  it('subscribes from afterSeq, goes live on connect, ends when the subscription completes', () => {
    const fake = fakeTransport();
    const { stream, states, delivered } = follow(fake, 5);
    expect(fake.subs[0]!.variables).toEqual({ runId: 'UnVuOjE=', afterSeq: 5 });
    expect(states).toEqual(['connecting']);
    fake.connect();
    expect(stream.state).toBe('live');
    fake.subs[0]!.sink.next(batch(6, 8));
    expect(stream.cursor).toBe(8);
    // urql-style re-emission of the last batch on completion is ignored.
    fake.subs[0]!.sink.next(batch(6, 8));
    fake.subs[0]!.sink.complete();
    expect(delivered).toEqual([6, 7, 8]);
    expect(states).toEqual(['connecting', 'live', 'ended']);
  });

  it('after a dropped socket re-subscribes from the last seq it delivered: no gap, no duplicate', () => {
    const fake = fakeTransport();
    const { stream, buffer, states, delivered } = follow(fake);
    fake.connect();
    fake.subs[0]!.sink.next(batch(1, 100));
    fake.subs[0]!.sink.next(batch(101, 150));
    fake.drop();
    expect(stream.state).toBe('reconnecting');
    // The old subscription (which graphql-ws would retry with afterSeq 0) is gone; a new one resumes.
    expect(fake.subs[0]!.active).toBe(false);
    expect(fake.active().map((s) => s.variables.afterSeq)).toEqual([150]);
    // A late message on the superseded subscription changes nothing.
    fake.subs[0]!.sink.next(batch(151, 160));
    fake.connect();
    fake.subs[1]!.sink.next(batch(151, 200));
    fake.drop();
    fake.connect();
    // The server replays from afterSeq; an overlapping batch only adds what is new.
    expect(fake.subs[2]!.variables.afterSeq).toBe(200);
    fake.subs[2]!.sink.next({ firstSeq: 195, lastSeq: 210, lines: batch(195, 210).lines });
    fake.subs[2]!.sink.complete();
    expect(delivered).toEqual(Array.from({ length: 210 }, (_, i) => i + 1));
    expect(buffer.seqs).toEqual(delivered);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live', 'reconnecting', 'live', 'ended']);
  });

  it('reports a server error with its message and stays put until resumed', () => {
    const fake = fakeTransport();
    const { stream, errors } = follow(fake);
    fake.connect();
    fake.subs[0]!.sink.next(batch(1, 3));
    fake.subs[0]!.sink.error([{ message: 'Run not found', extensions: { code: 'NOT_FOUND' } }]);
    expect(stream.state).toBe('error');
    expect(errors).toEqual(['Run not found']);
    fake.drop(); // no resubscribe once in error
    expect(fake.subs).toHaveLength(1);
    stream.resume();
    expect(fake.subs[1]!.variables.afterSeq).toBe(3);
  });

  it('stop() ends the subscription and ignores the socket afterwards', () => {
    const fake = fakeTransport();
    const { stream, states } = follow(fake);
    fake.connect();
    stream.stop();
    expect(fake.active()).toHaveLength(0);
    fake.drop();
    expect(fake.subs).toHaveLength(1);
    expect(states).toEqual(['connecting', 'live']);
  });
});
