// One browser test file's world: a real server (127.0.0.1, port 0, temp database) serving the
// built console, one Chromium, and pages that fail the test on any uncaught page error.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from '../../support/graphql-server';
import { launchChromium } from './chromium';
import { ensureConsoleBuilt } from './console-build';

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors in the page (checked empty after each test). */
  errors: Error[];
}

export interface OpenOptions {
  /** Browser language, e.g. 'ja-JP' (the console's default language follows it). */
  locale?: string;
  viewport?: { width: number; height: number };
}

export interface ConsoleWorld {
  readonly server: TestServer;
  readonly browser: Browser;
  /** http://127.0.0.1:port */
  readonly origin: string;
  /** A fresh browser context (own storage) with a page at `path`. */
  open(path?: string, options?: OpenOptions): Promise<ConsolePage>;
}

/**
 * Registers the hooks of a browser test file and returns its world (usable inside tests).
 * `env` goes to the server's config (e.g. OLLAMA_BASE_URL of a stub model).
 */
export function useConsole(env: Record<string, string> | (() => Record<string, string>) = {}): ConsoleWorld {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let pages: ConsolePage[] = [];

  beforeAll(async () => {
    const [, launched] = await Promise.all([ensureConsoleBuilt(), launchChromium()]);
    browser = launched;
    server = await startTestServer(typeof env === 'function' ? env() : env);
  }, 240_000);

  afterEach(async () => {
    const opened = pages;
    pages = [];
    await Promise.all(opened.map((p) => p.context.close()));
    const errors = opened.flatMap((p) => p.errors.map((e) => e.stack ?? e.message));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const world: ConsoleWorld = {
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    get origin() {
      return new URL(world.server.url).origin;
    },
    async open(path = '/', options = {}) {
      const context = await world.browser.newContext({
        locale: options.locale ?? 'en-US',
        viewport: options.viewport ?? { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      // Clicks and waits may take long on a busy machine; the test's own timeout bounds them.
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      const opened: ConsolePage = { page, context, errors: [] };
      page.on('pageerror', (error) => opened.errors.push(error));
      pages.push(opened);
      await page.goto(new URL(path, world.origin).href);
      return opened;
    },
  };
  return world;
}
