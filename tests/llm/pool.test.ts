import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors';
import { mapPool } from '../../src/llm/pool';

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new CancelledError());
    });
  });

describe('mapPool', () => {
  it('keeps at most N in flight and returns results in input order', async () => {
    let inFlight = 0;
    let max = 0;
    const finished: number[] = [];
    const delays = [30, 5, 20, 1, 15, 2, 25, 3, 10, 4];
    const results = await mapPool(
      delays,
      { concurrency: 3, signal: new AbortController().signal, onItemDone: (i) => finished.push(i) },
      async (ms, i) => {
        inFlight++;
        max = Math.max(max, inFlight);
        await wait(ms);
        inFlight--;
        return i * 10;
      },
    );
    expect(results).toEqual(delays.map((_, i) => i * 10));
    expect(max).toBe(3);
    expect(finished).toHaveLength(10);
    expect(finished).not.toEqual([...finished].sort((a, b) => a - b));
  });

  it('stops scheduling once the signal fires and throws CancelledError', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = mapPool(Array.from({ length: 20 }, (_, i) => i), { concurrency: 2, signal: controller.signal }, async (i, _n, signal) => {
      started.push(i);
      if (i === 3) controller.abort();
      await wait(10, signal);
      return i;
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(started.length).toBeLessThanOrEqual(5);
  });

  it('aborts the siblings of a failing item and rethrows its error', async () => {
    const siblingsAborted: boolean[] = [];
    const run = mapPool([0, 1, 2, 3, 4, 5], { concurrency: 3, signal: new AbortController().signal }, async (i, _n, signal) => {
      if (i === 1) {
        await wait(5);
        throw new Error('fatal');
      }
      try {
        await wait(1000, signal);
      } catch (e) {
        siblingsAborted.push(signal.aborted);
        throw e;
      }
      return i;
    });
    await expect(run).rejects.toThrow('fatal');
    expect(siblingsAborted).toEqual([true, true]);
  });
});
