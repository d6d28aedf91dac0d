// followUntilReturn: the wrapper every subscription field returns. It must hand on every value in
// order and release the follower on return(), and a follower with many values ready must not
// keep the event loop from serving timers and I/O meanwhile.
import { describe, expect, it } from 'vitest';
import { followUntilReturn, VALUES_PER_TURN } from '../../src/schema/streams';

/** A follower whose values are all ready at once, like a batch of log lines already on the bus. */
async function* ready(count: number, signal: AbortSignal): AsyncGenerator<number> {
  for (let i = 1; i <= count && !signal.aborted; i++) yield i;
}

describe('followUntilReturn', () => {
  it('hands on every value in order, then completes', async () => {
    const seen: number[] = [];
    for await (const v of followUntilReturn((signal) => ready(1_000, signal))) seen.push(v);
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
  });

  it('lets timers run while a follower has many values ready', async () => {
    let consumedWhenTimerFired = -1;
    let consumed = 0;
    setTimeout(() => (consumedWhenTimerFired = consumed), 0);
    for await (const _ of followUntilReturn((signal) => ready(20_000, signal))) consumed++;
    expect(consumed).toBe(20_000);
    // Without the pause the timer fired only after the last value.
    expect(consumedWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(consumedWhenTimerFired).toBeLessThan(20_000);
  });

  it('return() aborts the follower’s signal and ends the stream, also past a pause', async () => {
    let signal: AbortSignal | undefined;
    const stream = followUntilReturn((s) => {
      signal = s;
      return ready(1_000, s);
    });
    for (let i = 0; i < VALUES_PER_TURN + 3; i++) expect((await stream.next()).done).toBe(false);
    await stream.return!();
    expect(signal!.aborted).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
