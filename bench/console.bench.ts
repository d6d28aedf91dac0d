// Console benchmark (figures, not a test): a real server (127.0.0.1, port 0, temp database) and
// the built console in the Chromium the browser tests use.
// 1. Initial JS of the first page: the entry script and its modulepreloads, gzip (goal ≤ 300 KB).
// 2. Opening a finished run with 100,000 log lines: time from navigation start to its last line
//    on screen (goal ≤ 1.5 s), median of 3, on the run's page.
// 3. A run logging 2,000 lines/s for 10 s, tailed by the project page's log dock: lag from a line's
//    emit on the server to the newest line the panel shows, sampled every frame (goal p99 ≤ 500 ms),
//    and the longest main-thread task (PerformanceObserver 'longtask'; goal ≤ 200 ms).
// Run: `npm run bench:console` (CHROMIUM_PATH overrides the npm Chromium).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { RunManager, type ExecuteRun } from '../src/runs/run-manager';
import { launchChromium } from '../tests/browser/support/chromium';
import { ensureConsoleBuilt } from '../tests/browser/support/console-build';
import { addDocuments, appendLogLines, createProject, newestRunRowId, runState, startRun } from '../tests/browser/support/seed';
import { startTestServer } from '../tests/support/graphql-server';

const root = path.resolve(import.meta.dirname, '..');
const LINES = 100_000;
const RATE = 2_000;
const LIVE_SECONDS = 10;
const now = () => performance.timeOrigin + performance.now();
const quiet = { info() {}, warn() {}, error() {} };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function initialJs(): Promise<{ files: number; rawKB: number; gzipKB: number; cssGzipKB: number }> {
  const dist = path.join(root, 'console', 'dist');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const src of new Set(scripts)) {
    const bytes = await readFile(path.join(dist, src.replace(/^\//, '')));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  let cssGzip = 0;
  for (const href of new Set(styles)) cssGzip += gzipSync(await readFile(path.join(dist, href.replace(/^\//, ''))), { level: 9 }).length;
  return { files: new Set(scripts).size, rawKB: raw / 1024, gzipKB: gzip / 1024, cssGzipKB: cssGzip / 1024 };
}

async function main() {
  await ensureConsoleBuilt();
  const js = await initialJs();
  console.log(`initial JS (first page): ${js.files} file(s), ${js.rawKB.toFixed(1)} KB raw, ${js.gzipKB.toFixed(1)} KB gzip (goal ≤ 300 KB); CSS ${js.cssGzipKB.toFixed(1)} KB gzip`);

  // Runs are stand-ins: 'instant' ends at once (then lines are stored straight into the database);
  // 'paced' waits for the bench to release it, then logs RATE lines/s, each with its emit time.
  let mode: 'instant' | 'paced' = 'instant';
  let release = () => {};
  const executeRun: ExecuteRun = async ({ reporter, signal }) => {
    if (mode === 'instant') return;
    await new Promise<void>((r) => (release = r));
    const total = RATE * LIVE_SECONDS;
    const start = now();
    for (let i = 1; i <= total && !signal.aborted; ) {
      const due = Math.min(total, Math.floor(((now() - start) * RATE) / 1000) + 1);
      for (; i <= due; i++) reporter.log({ level: i % 10 === 0 ? 'WARN' : 'INFO', step: 'EXTRACT', message: `paced line ${i} t=${now().toFixed(1)}` });
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const server = await startTestServer({ LOG_LEVEL: 'warn' }, {
    createRuns: ({ db, config }) => new RunManager({ db, maxConcurrentRuns: 1, executeRun, databaseUrl: config.databaseUrl, logger: quiet }),
  });
  const browser = await launchChromium();
  try {
    const origin = new URL(server.url).origin;

    // 2. A finished run with 100,000 lines.
    const big = await createProject(server, 'bench big log');
    await addDocuments(server, big, [{ fileName: 'a.md', content: '# A\n\nbench\n' }]);
    const bigRun = await startRun(server, big, 'EXTRACT');
    await until('the instant run to end', async () => ((await runState(server, bigRun)).status === 'COMPLETED' ? true : undefined));
    const { lastSeq } = appendLogLines(server, newestRunRowId(server), LINES);
    const openTimes: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // Plain JS text: tsx would wrap named functions in a helper the page does not have.
      await page.addInitScript({
        content: `(() => {
          const needle = ${JSON.stringify(`generated line ${LINES} of ${LINES}`)};
          // Every frame: the row counts once it is rendered and scrolled into the log's view.
          const loop = () => {
            for (const el of document.querySelectorAll('[role="log"] [data-seq]')) {
              if (!el.textContent.includes(needle)) continue;
              const box = el.getBoundingClientRect();
              const log = el.closest('[role="log"]').getBoundingClientRect();
              if (box.bottom <= log.bottom + 1 && box.top >= log.top - 1) {
                window.__lastLineAt = performance.now();
                return;
              }
            }
            requestAnimationFrame(loop);
          };
          requestAnimationFrame(loop);
        })();`,
      });
      await page.goto(`${origin}/projects/${encodeURIComponent(big)}/runs/${encodeURIComponent(bigRun)}`);
      const at = await until('the last line on screen', () => page.evaluate(() => (window as unknown as { __lastLineAt?: number }).__lastLineAt), 60_000);
      openTimes.push(at);
      await context.close();
    }
    console.log(
      `open a finished run with ${lastSeq.toLocaleString('en')} lines → last line on screen: median ${percentile(openTimes, 50).toFixed(0)} ms (goal ≤ 1500 ms; runs: ${openTimes.map((t) => t.toFixed(0)).join(', ')} ms, from navigation start)`,
    );

    // 3. A live run at RATE lines/s.
    mode = 'paced';
    const live = await createProject(server, 'bench live log');
    await addDocuments(server, live, [{ fileName: 'a.md', content: '# A\n\nbench\n' }]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    await page.addInitScript({
      content: `(() => {
        window.__lags = [];
        window.__longest = 0;
        window.__longTasks = 0;
        window.__newest = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            window.__longTasks++;
            window.__longest = Math.max(window.__longest, entry.duration);
          }
        }).observe({ type: 'longtask', buffered: true });
        // Every frame: the newest line the panel shows, and how long ago the server emitted it.
        const sample = () => {
          let newest = 0;
          let emitted = 0;
          for (const el of document.querySelectorAll('[role="log"] [data-seq]')) {
            const seq = Number(el.dataset.seq);
            if (seq <= newest) continue;
            const m = / t=([0-9.]+)/.exec(el.textContent);
            if (m) {
              newest = seq;
              emitted = Number(m[1]);
            }
          }
          if (newest > window.__newest) {
            window.__newest = newest;
            window.__lags.push(performance.timeOrigin + performance.now() - emitted);
          }
          requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      })();`,
    });
    await page.goto(`${origin}/projects/${encodeURIComponent(live)}/files`);
    const liveRun = await startRun(server, live, 'EXTRACT');
    await until('the panel to follow the run', async () => ((await page.getByRole('status', { name: 'Connection' }).first().textContent()) === 'Live' ? true : undefined));
    await until('the run to start', async () => ((await runState(server, liveRun)).status === 'RUNNING' ? true : undefined));
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __longTasks: number };
      w.__longest = 0;
      w.__longTasks = 0;
    });
    release();
    await until('the live run to end', async () => ((await runState(server, liveRun)).status === 'COMPLETED' ? true : undefined), 120_000);
    const total = RATE * LIVE_SECONDS;
    await until('the panel to show the last line', async () => ((await page.evaluate(() => (window as unknown as { __newest: number }).__newest)) >= total ? true : undefined), 60_000);
    const result = await page.evaluate(() => {
      const w = window as unknown as { __lags: number[]; __longest: number; __longTasks: number };
      return { lags: w.__lags, longest: w.__longest, longTasks: w.__longTasks };
    });
    console.log(
      `live run at ${RATE} lines/s for ${LIVE_SECONDS} s: panel lag p50 ${percentile(result.lags, 50).toFixed(0)} ms, p99 ${percentile(result.lags, 99).toFixed(0)} ms, max ${Math.max(...result.lags).toFixed(0)} ms (goal p99 ≤ 500 ms; ${result.lags.length} samples)`,
    );
    console.log(`longest main-thread task while tailing: ${result.longest.toFixed(0)} ms (goal ≤ 200 ms; ${result.longTasks} tasks over 50 ms)`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
