// Screenshots of the web console for docs/console.md, from a real run: starts a server on a temp
// database with the demo project, runs FULL, and photographs each page in a real Chromium.
//   npm run console:screenshots            → docs/images/console-*.png
//   CHROMIUM_PATH=/usr/bin/chromium npm run console:screenshots
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'docs', 'images');

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-console.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-shots-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'shots.db')}`, SEED_DEMO: 'true', LOG_LEVEL: 'warn' });
  const server = await startServer(config);
  const base = server.url.replace(/\/graphql$/, '');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? (await sparticuz.executablePath()), args: ['--no-sandbox'], headless: true });
  try {
    const { projects } = await gql<{ projects: { id: string }[] }>(server.url, `{ projects { id } }`);
    const projectId = projects[0]!.id;
    // A script, not a test: poll until the run has ended.
    const fullRun = async () => {
      const { startRun } = await gql<{ startRun: { id: string } }>(server.url, `mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`, { p: projectId });
      for (;;) {
        const { run } = await gql<{ run: { status: string } }>(server.url, `query ($id: ID!) { run(id: $id) { status } }`, { id: startRun.id });
        if (!['PENDING', 'RUNNING'].includes(run.status)) return startRun;
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    await fullRun();
    // A synonym group for the Terms page: the first of the engine's suggestions, accepted (the
    // others stay listed as suggestions), then a second full run so the glossary is up to date.
    const { project: suggested } = await gql<{ project: { suggestedSynonymGroups: { primary: string }[] } }>(
      server.url,
      `query ($id: ID!) { project(id: $id) { suggestedSynonymGroups { primary } } }`,
      { id: projectId },
    );
    const firstSuggestion = suggested.suggestedSynonymGroups[0];
    if (firstSuggestion) {
      await gql(server.url, `mutation ($p: ID!, $primary: String!) { acceptSuggestedSynonymGroup(projectId: $p, primary: $primary) { id } }`, { p: projectId, primary: firstSuggestion.primary });
    }
    const startRun = await fullRun();
    await mkdir(outDir, { recursive: true });
    const p = encodeURIComponent(projectId);
    const { project } = await gql<{ project: { documents: { id: string; fileName: string }[] } }>(server.url, `query ($id: ID!) { project(id: $id) { documents { id fileName } } }`, { id: projectId });
    const document = project.documents.find((d) => d.fileName.startsWith('roasting')) ?? project.documents[0]!;
    const shots: { name: string; path: string; lang?: 'en' | 'ja'; scheme?: 'light' | 'dark'; logs?: false; then?: (page: Page) => Promise<void> }[] = [
      { name: 'projects', path: '/' },
      { name: 'files', path: `/projects/${p}/files` },
      // The Terms page with the log dock folded, so the table shows under the group panels, and
      // searched for "roast" (the demo's suggestion is about roasters), so a group's row shows.
      { name: 'terms', path: `/projects/${p}/terms?q=roast`, logs: false },
      {
        name: 'terms-merge',
        path: `/projects/${p}/terms`,
        logs: false,
        then: async (page) => {
          // A Japanese and an English name of one thing, ticked: the dialog asking for the primary.
          // (Any two ungrouped terms when the demo has no such pair.)
          const pair = ['Roasting', '焙煎'];
          const named = await Promise.all(pair.map((term) => page.getByRole('checkbox', { name: `Select ${term}`, exact: true }).count()));
          if (named.every((n) => n === 1)) {
            for (const term of pair) await page.getByRole('checkbox', { name: `Select ${term}`, exact: true }).check();
          } else {
            const boxes = page.getByRole('checkbox', { name: /^Select / });
            let ticked = 0;
            for (let i = 0; ticked < 2 && i < (await boxes.count()); i++) {
              const row = page.getByRole('row').filter({ has: boxes.nth(i) });
              if ((await row.getByText(/^(synonym of |group primary)/).count()) > 0) continue;
              await boxes.nth(i).check();
              ticked++;
            }
          }
          await page.getByRole('button', { name: 'Merge as synonyms' }).click();
          await page.getByRole('dialog').waitFor();
        },
      },
      { name: 'provisional', path: `/projects/${p}/provisional` },
      { name: 'issues', path: `/projects/${p}/issues` },
      { name: 'refined', path: `/projects/${p}/refined` },
      {
        name: 'refined-entry',
        path: `/projects/${p}/refined`,
        then: async (page) => {
          await page.getByRole('button', { name: /^Open / }).first().click();
          await page.getByRole('dialog').waitFor();
        },
      },
      {
        name: 'document',
        path: `/projects/${p}/documents/${encodeURIComponent(document.id)}?line=5`,
        then: async (page) => {
          await page.getByRole('article').getByRole('button').first().click();
          await page.getByRole('complementary').waitFor();
        },
      },
      { name: 'runs', path: `/projects/${p}/runs` },
      { name: 'run', path: `/projects/${p}/runs/${encodeURIComponent(startRun.id)}` },
      { name: 'settings', path: `/projects/${p}/settings` },
      { name: 'export', path: `/projects/${p}/export` },
      { name: 'refined-ja', path: `/projects/${p}/refined`, lang: 'ja' },
      { name: 'terms-dark', path: `/projects/${p}/terms`, scheme: 'dark' },
    ];
    for (const shot of shots) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: shot.scheme ?? 'light', locale: shot.lang === 'ja' ? 'ja-JP' : 'en-US' });
      const page = await context.newPage();
      if (shot.logs === false) await page.addInitScript({ content: `localStorage.setItem('genglossary.logPanelOpen', 'false')` });
      page.on('pageerror', (e) => console.error(`${shot.name}: page error: ${e.message}`));
      await page.goto(base + shot.path);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.locator('[role="status"]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
      await shot.then?.(page);
      await page.waitForTimeout(400); // let transitions settle: a picture, not a test
      await page.screenshot({ path: path.join(outDir, `console-${shot.name}.png`) });
      console.log(`docs/images/console-${shot.name}.png`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
