import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors';
import { abortableSleep, backoffDelay, parseRetryAfter } from '../../src/llm/retry';

describe('retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const timing = { baseDelayMs: 500, maxDelayMs: 4000 };
    expect(backoffDelay(0, { ...timing, random: () => 0.999 })).toBe(499);
    expect(backoffDelay(2, { ...timing, random: () => 0.5 })).toBe(1000);
    expect(backoffDelay(10, { ...timing, random: () => 0.5 })).toBe(2000);
    expect(backoffDelay(3, { ...timing, random: () => 0 })).toBe(0);
  });

  it('abortableSleep stops at once when the signal fires', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(sleeping).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
