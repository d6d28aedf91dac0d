// Small helpers over playwright-core pages (which has no web-first `expect` of its own): every
// wait is an expect.poll or a locator wait on something the page shows, never a fixed sleep.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits until the locator's text matches. */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 45_000): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : ''), { timeout, interval: 50 })
    .toMatch(expected instanceof RegExp ? expected : new RegExp(escapeRegExp(expected)));
}

export async function expectVisible(locator: Locator, timeout = 45_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function expectHidden(locator: Locator, timeout = 45_000): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Keeps every WebSocket the page opens in window.__sockets, so a test can drop them. */
export async function trackWebSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    } as typeof WebSocket;
  });
}

/** Closes the page's open sockets as a network drop would (a retryable close code). */
export async function dropWebSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets ?? [];
    let closed = 0;
    for (const s of sockets) {
      if (s.readyState === WebSocket.OPEN) {
        s.close(4999, 'dropped by the test');
        closed++;
      }
    }
    return closed;
  });
}

/** The log panel's "shown of total lines" figures. */
export async function logCounts(panel: Locator): Promise<{ shown: number; total: number } | null> {
  const text = (await panel.getByText(/\d[\d,]* of \d[\d,]* lines/).first().textContent().catch(() => null)) ?? '';
  const m = /([\d,]+) of ([\d,]+) lines/.exec(text);
  return m ? { shown: Number(m[1]!.replaceAll(',', '')), total: Number(m[2]!.replaceAll(',', '')) } : null;
}

/** Options for expect.poll in browser tests: generous, since the machine may be busy. */
export const POLL = { timeout: 60_000, interval: 50 } as const;
