// Memory per idle subscription. The server runs alone in a child process started with
// --expose-gc (this file with --server), so its heap holds nothing of the clients; the clients
// (graphql-ws over ws) live in this process. One project has a run held RUNNING until the end:
// half the subscriptions follow its logs (runLogs), half its project's status (runStatus).
// Measured after a forced GC: the server's V8 heap and RSS with no subscription (after a warm-up
// socket has been opened and closed, so lazily built caches are already there), and again with
// N idle subscriptions; the difference ÷ N is the cost of one. Twice: N subscriptions spread over
// sockets of 100 (several views per GUI), and N sockets of one subscription each (the worst case:
// every subscription pays for its own connection).
// Run: `tsx bench/runs-memory.ts [subscriptions=2000]`.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { RunManager } from '../src/runs/run-manager';
import { startServer } from '../src/server';

interface Ready {
  type: 'ready';
  wsUrl: string;
  runId: string;
  projectId: string;
}

interface Measure {
  type: 'measure';
  heapUsed: number;
  rss: number;
  external: number;
  subscriptions: number;
}

// ------------------------------------------------------------------------------ server process

async function serveInChild(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory server needs --expose-gc');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-bench-memory-'));
  let manager!: RunManager;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MAX_WS_CONNECTIONS: '10000',
    SHUTDOWN_TIMEOUT_MS: '3000',
  });
  const server = await startServer(config, {
    createRuns: ({ db }) =>
      (manager = new RunManager({
        db,
        maxConcurrentRuns: 1,
        databaseUrl: config.databaseUrl,
        logger: { info() {}, warn() {}, error() {} },
        // A long step: one line, then nothing until cancelled (shutdown).
        executeRun: async ({ reporter, signal }) => {
          reporter.log({ level: 'INFO', step: 'EXTRACT', message: 'waiting' });
          await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
        },
      })),
  });
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const { createProject } = await gql(`mutation ($n: String!) { createProject(input: { name: $n }) { id } }`, { n: 'memory' });
  await gql(`mutation ($id: ID!) { addDocuments(projectId: $id, documents: [{ fileName: "a.md", content: "# A" }]) { id } }`, { id: createProject.id });
  const { startRun } = await gql(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id } }`, { p: createProject.id });
  process.send!({ type: 'ready', wsUrl: server.wsUrl, runId: startRun.id, projectId: createProject.id } satisfies Ready);

  process.on('message', async (m: { cmd: string }) => {
    if (m.cmd === 'measure') {
      // Several rounds with pauses: finalizers and weak callbacks free more on the next one.
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      const u = process.memoryUsage();
      process.send!({ type: 'measure', heapUsed: u.heapUsed, rss: u.rss, external: u.external, subscriptions: manager.bus.subscriptionCount } satisfies Measure);
    } else if (m.cmd === 'close') {
      await server.close();
      await rm(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

// ------------------------------------------------------------------------------ clients (this process)

class ServerProcess {
  readonly child: ChildProcess;
  private queue: ((m: unknown) => void)[] = [];

  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), ['--server'], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m) => this.queue.shift()?.(m));
  }

  next<T>(): Promise<T> {
    return new Promise((resolve) => this.queue.push(resolve as (m: unknown) => void));
  }

  async measure(): Promise<Measure> {
    const answer = this.next<Measure>();
    this.child.send({ cmd: 'measure' });
    return answer;
  }
}

export interface MemoryFigures {
  sockets: number;
  subscriptions: number;
  heapBytesPerSubscription: number;
  rssBytesPerSubscription: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

export interface MemoryResult {
  shared: MemoryFigures;
  ownSocket: MemoryFigures;
}

const noop = { next() {}, error() {}, complete() {} };

/** Opens `subscriptions` idle subscriptions over `sockets` sockets; resolves once the server holds them all. */
async function open(ready: Ready, server: ServerProcess, sockets: number, subscriptions: number, baseline: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let s = 0; s < sockets; s++) {
    const client = createClient({ url: ready.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(client);
  }
  for (let i = 0; i < subscriptions; i++) {
    const client = clients[i % sockets]!;
    if (i % 2 === 0) client.subscribe({ query: `subscription ($r: ID!) { runLogs(runId: $r, afterSeq: 1) { seq message } }`, variables: { r: ready.runId } }, noop);
    else client.subscribe({ query: `subscription ($p: ID!) { runStatus(projectId: $p) { id status } }`, variables: { p: ready.projectId } }, noop);
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    const m = await server.measure();
    if (m.subscriptions >= baseline + subscriptions) return clients;
    if (Date.now() > deadline) throw new Error(`only ${m.subscriptions - baseline} of ${subscriptions} subscriptions reached the server`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function closeAll(clients: Client[], server: ServerProcess, baseline: number): Promise<void> {
  await Promise.all(clients.map((c) => c.dispose()));
  const deadline = Date.now() + 30_000;
  while ((await server.measure()).subscriptions > baseline && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

async function measureCase(ready: Ready, server: ServerProcess, sockets: number, subscriptions: number): Promise<MemoryFigures> {
  const before = await server.measure();
  const clients = await open(ready, server, sockets, subscriptions, before.subscriptions);
  const after = await server.measure();
  await closeAll(clients, server, before.subscriptions);
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  return {
    sockets,
    subscriptions,
    heapBytesPerSubscription: Math.round((after.heapUsed - before.heapUsed) / subscriptions),
    rssBytesPerSubscription: Math.round((after.rss - before.rss) / subscriptions),
    heapBeforeMB: mb(before.heapUsed),
    heapAfterMB: mb(after.heapUsed),
    rssBeforeMB: mb(before.rss),
    rssAfterMB: mb(after.rss),
  };
}

export async function main(subscriptions = 2_000): Promise<MemoryResult> {
  const server = new ServerProcess();
  const timeout = setTimeout(() => {
    console.error('runs memory: no result after 5 minutes; stopping');
    server.child.kill('SIGKILL');
    process.exit(1);
  }, 300_000);
  try {
    const ready = await server.next<Ready>();
    // Warm-up: the first operations build yoga's parse/validate caches and the schema's lazy parts.
    const warm = await open(ready, server, 2, 20, 0);
    await closeAll(warm, server, 0);
    const shared = await measureCase(ready, server, Math.ceil(subscriptions / 100), subscriptions);
    const ownSocket = await measureCase(ready, server, subscriptions, subscriptions);
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    console.log(`runs memory: ${subscriptions} idle subscriptions (half runLogs of a running run, half runStatus), server alone in a child process, after GC`);
    for (const f of [shared, ownSocket]) {
      const label = f.sockets === f.subscriptions ? `one socket each (${f.sockets} sockets)` : `${f.subscriptions / f.sockets} per socket (${f.sockets} sockets)`;
      console.log(
        `  ${label.padEnd(28)} heap ${kb(f.heapBytesPerSubscription)}/subscription ${f.heapBytesPerSubscription <= 50 * 1024 ? '(≤ 50 KB OK)' : '(> 50 KB OVER)'}` +
          `  RSS ${kb(f.rssBytesPerSubscription)}/subscription  (heap ${f.heapBeforeMB} → ${f.heapAfterMB} MB, RSS ${f.rssBeforeMB} → ${f.rssAfterMB} MB)`,
      );
    }
    return { shared, ownSocket };
  } finally {
    clearTimeout(timeout);
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.send({ cmd: 'close' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
}

if (process.argv.includes('--server')) {
  serveInChild().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [n] = process.argv.slice(2).map(Number);
  main(n || undefined).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
