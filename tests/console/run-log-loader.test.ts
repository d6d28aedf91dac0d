import { describe, expect, it } from 'vitest';
import type { LogLineInput } from '../../console/src/logs/log-buffer';
import { startRunLogLoader } from '../../console/src/logs/run-log-loader';
import type { LogSink, LogTransport } from '../../console/src/logs/run-log-stream';

/** A fake server log of `stored` lines; each subscription is fed by the test. */
function fakeTransport() {
  const subs: { afterSeq: number; sink: LogSink; active: boolean }[] = [];
  const transport: LogTransport = {
    subscribe(variables, sink) {
      const sub = { afterSeq: variables.afterSeq, sink, active: true };
      subs.push(sub);
      return () => {
        sub.active = false;
      };
    },
    onClosed: () => () => {},
    onConnected: () => () => {},
    isConnected: () => true,
  };
  return { transport, subs };
}

const lines = (from: number, to: number): LogLineInput[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, time: 't', level: 'INFO' as const, step: 'EXTRACT' as const, message: `m${from + i}` }));
const batch = (from: number, to: number) => ({ firstSeq: from, lastSeq: to, lines: lines(from, to) });

describe('startRunLogLoader', () => {
  it('streams a short log from the start with one subscription', () => {
    const fake = fakeTransport();
    const loader = startRunLogLoader({ runId: 'r', transport: fake.transport, knownLastSeq: 300, onChange() {}, onState() {} });
    expect(fake.subs.map((s) => s.afterSeq)).toEqual([0]);
    fake.subs[0]!.sink.next(batch(1, 300));
    expect(loader.buffer.length).toBe(300);
    expect(loader.backfilling).toBe(false);
  });

  it('loads a long log tail first, then joins the beginning once it reaches the tail', () => {
    const fake = fakeTransport();
    let changes = 0;
    const loader = startRunLogLoader({ runId: 'r', transport: fake.transport, knownLastSeq: 100_000, tailLines: 2000, tailFirstAbove: 5000, onChange: () => changes++, onState() {} });
    // The tail (live) stream starts 2,000 lines before the end; once it shows lines, the head
    // stream starts from the beginning.
    expect(fake.subs.map((s) => s.afterSeq)).toEqual([98_000]);
    const tail = fake.subs[0]!;
    tail.sink.next(batch(98_001, 99_000));
    expect(fake.subs.map((s) => s.afterSeq)).toEqual([98_000, 0]);
    const head = fake.subs[1]!;
    tail.sink.next(batch(99_001, 100_000));
    expect(loader.buffer.seqs[0]).toBe(98_001);
    expect(loader.buffer.lastSeq).toBe(100_000);
    expect(loader.backfilling).toBe(true);

    for (let from = 1; from <= 96_001; from += 1000) head.sink.next(batch(from, from + 999));
    expect(loader.backfilling).toBe(true);
    // The head stream overshoots into the tail (it would go on to the live end): cut at the tail.
    head.sink.next(batch(97_001, 98_500));
    expect(loader.backfilling).toBe(false);
    expect(head.active).toBe(false);
    const buffer = loader.buffer;
    expect(buffer.length).toBe(100_000);
    expect(buffer.seqs.every((seq, i) => seq === i + 1)).toBe(true);

    // Live lines keep arriving on the tail stream, into the joined buffer.
    tail.sink.next(batch(100_001, 100_010));
    expect(loader.buffer).toBe(buffer);
    expect(buffer.lastSeq).toBe(100_010);
    expect(changes).toBeGreaterThan(3);
  });
});
