// Fan-out benchmark: one run emitting 20,000 log lines to 500 graphql-ws subscribers on a real
// server (127.0.0.1, port 0, temp SQLite file, the worker log store as in production), against the
// floor: the same broadcast (same messages, same size, same batching) over raw `ws` from this
// process. Two modes: `batches` follows the run with runLogBatches (one message per stored batch,
// what a GUI tailing a run uses) and `lines` with runLogs (one message per line). In both the 500
// clients live in one child process (bench/fanout-clients.ts), one socket each, so the server side
// has its own core.
// Prints delivered events/s (log lines received by all clients ÷ wall time from the first emit to
// the last receipt), p50/p99 latency from emit to receipt (the emit time travels in the line's
// fields; both processes read performance.timeOrigin + now() on one machine), and whether every
// client got every line in order. Then a paced run (half the per-client rate the burst reached)
// for latency when the server keeps up: in the burst, every line is emitted within a second or
// two, so its latency is mostly the time spent queued behind the others.
// Figures only; each phase stops itself after `timeoutSec` and reports what was delivered.
// Run: `tsx bench/runs-fanout.ts [clients=500] [lines=20000] [timeoutSec=40] [raw] [graphql] [paced]
//       [batches|lines] [rate=<lines/s>] [flush=<ms>]` (default: all three phases, both modes).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../src/config';
import { DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_MAX_BATCH } from '../src/runs/log-writer';
import { RunManager, type ExecuteRun } from '../src/runs/run-manager';
import { startServer, WS_WRITE_BEHIND_BYTES } from '../src/server';
import type { ClientCommand, ClientResult, FanoutMode } from './fanout-clients';
import { decodeGlobalID } from '@pothos/plugin-relay';

const FLUSH_MS = Number(process.argv.find((a) => a.startsWith('flush='))?.slice(6)) || undefined;
const CLIENTS_SCRIPT = fileURLToPath(new URL('./fanout-clients.ts', import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const quiet = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FanoutFigures {
  complete: boolean;
  received: number;
  expected: number;
  lines: number;
  wallMs: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  clientsInOrder: number;
  clientsFailed: number;
  serverPeakRssMB: number;
  errors: string[];
}

/** The clients' process; resolves their result, or a partial one when the phase times out. */
class ClientProcess {
  private readonly child: ChildProcess;
  private listeners: ((m: { type: string }) => void)[] = [];

  constructor() {
    this.child = fork(CLIENTS_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { type: string }) => {
      for (const l of [...this.listeners]) l(m);
    });
  }

  send(command: ClientCommand | { cmd: 'report' }): void {
    this.child.send(command);
  }

  waitFor<T extends { type: string }>(type: string, timeoutMs: number): Promise<T | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const listener = (m: { type: string }) => m.type === type && done(m as T);
      const done = (m: T | null) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }

  /** The result, or after `timeoutMs` what the clients have so far. */
  async result(timeoutMs: number): Promise<ClientResult> {
    const result = await this.waitFor<ClientResult>('result', timeoutMs);
    if (result) return result;
    this.send({ cmd: 'report' });
    const partial = await this.waitFor<ClientResult>('result', 30_000);
    if (!partial) throw new Error('the client process did not report after the timeout');
    return partial;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

function percentile(histogram: [number, number][], total: number, p: number): number {
  const rank = Math.ceil(total * p);
  let seen = 0;
  for (const [bucket, count] of histogram) {
    seen += count;
    if (seen >= rank) return bucket / 10;
  }
  return histogram.at(-1)?.[0] ?? 0;
}

function figures(r: ClientResult, firstEmit: number, clients: number, expected: number, peakRss: number): FanoutFigures {
  const wallMs = r.lastReceipt - firstEmit;
  return {
    complete: r.complete,
    received: r.received,
    expected,
    lines: expected / clients,
    wallMs: Math.round(wallMs),
    eventsPerSecond: Math.round(r.received / (wallMs / 1000)),
    p50Ms: percentile(r.histogram, r.received, 0.5),
    p99Ms: percentile(r.histogram, r.received, 0.99),
    maxMs: r.histogram.at(-1)?.[0] ? r.histogram.at(-1)![0] / 10 : 0,
    clientsInOrder: r.clientsInOrder,
    clientsFailed: r.clientsFailed,
    serverPeakRssMB: Math.round(peakRss / 1024 / 1024),
    errors: r.errors,
  };
}

/** Samples this process's RSS (the server side of both phases) while a phase runs. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

async function graphqlPhase(mode: FanoutMode, clients: number, lines: number, timeoutMs: number, rate?: number): Promise<FanoutFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gg-bench-fanout-'));
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let firstEmit = 0;
  // The stand-in pipeline: waits until every client is subscribed, then logs either as fast as a
  // pipeline step that yields every 100 items (burst), or `rate` lines per second (paced); each
  // line carries its emit time.
  const executeRun: ExecuteRun = async ({ reporter, signal }) => {
    await gate;
    firstEmit = now();
    const emit = (i: number) => reporter.log({ level: 'INFO', step: 'EXTRACT', message: `line ${i}`, fields: { i, t: now() } });
    if (rate === undefined) {
      for (let i = 1; i <= lines && !signal.aborted; i++) {
        emit(i);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      return;
    }
    for (let i = 1; i <= lines && !signal.aborted; ) {
      const due = Math.min(lines, Math.floor(((now() - firstEmit) * rate) / 1000) + 1);
      for (; i <= due; i++) emit(i);
      await sleep(5);
    }
  };
  let manager!: RunManager;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // The default (1,000) would do for 500, but the bench must never be limited by it.
    MAX_WS_CONNECTIONS: String(Math.max(2_000, clients * 2)),
    SHUTDOWN_TIMEOUT_MS: '5000',
  });
  const server = await startServer(config, {
    createRuns: ({ db }) =>
      (manager = new RunManager({ db, maxConcurrentRuns: 1, executeRun, databaseUrl: config.databaseUrl, logger: quiet, logFlushIntervalMs: FLUSH_MS })),
  });
  const children = new ClientProcess();
  try {
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const { createProject } = await gql(`mutation ($n: String!) { createProject(input: { name: $n }) { id } }`, { n: 'fanout' });
    await gql(`mutation ($id: ID!) { addDocuments(projectId: $id, documents: [{ fileName: "a.md", content: "# A" }]) { id } }`, {
      id: createProject.id,
    });
    const { startRun } = await gql(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id } }`, {
      p: createProject.id,
    });
    const runId = Number(decodeGlobalID(startRun.id as string).id);
    children.send({ cmd: 'gql', mode, url: server.wsUrl, runId: startRun.id, clients, lines });
    if (!(await children.waitFor('connected', 60_000))) throw new Error('clients did not connect within 60 s');
    // graphql-ws acknowledges a subscription implicitly: wait until each follower is on the bus.
    const deadline = Date.now() + 60_000;
    while (manager.bus.subscribers('run', runId) < clients) {
      if (Date.now() > deadline) throw new Error(`only ${manager.bus.subscribers('run', runId)} of ${clients} subscribed`);
      await sleep(20);
    }
    const rss = rssSampler();
    release();
    const result = await children.result(timeoutMs);
    return figures(result, firstEmit, clients, clients * lines, rss.stop());
  } finally {
    children.kill();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface RawLine {
  seq: number;
  time: string;
  level: string;
  step: string;
  message: string;
  fields: { i: number; t: number };
}

const rawLine = (i: number): RawLine => ({ seq: i, time: new Date().toISOString(), level: 'INFO', step: 'EXTRACT', message: `line ${i}`, fields: { i, t: now() } });

/** The message graphql-ws sends for a line (runLogs) or a batch (runLogBatches), so both sides move the same bytes. */
function rawMessage(lines: RawLine[], mode: FanoutMode): string {
  const data = mode === 'lines' ? { runLogs: lines[0] } : { runLogBatches: { lastSeq: lines.at(-1)!.seq, lines } };
  return JSON.stringify({ id: '5f4c1b0e-7f4a-4a8e-9c55-1d2b3c4d5e6f', type: 'next', payload: { data } });
}

/** As the run's log writer batches: a full batch at once, a partial one after the flush interval. */
const RAW_BATCH_LINES = DEFAULT_MAX_BATCH;
const RAW_BATCH_MS = FLUSH_MS ?? DEFAULT_FLUSH_INTERVAL_MS;

async function rawPhase(mode: FanoutMode, clients: number, lines: number, timeoutMs: number): Promise<FanoutFigures> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets: WebSocket[] = [];
  const tcps: Duplex[] = [];
  wss.on('connection', (ws, request) => {
    sockets.push(ws);
    tcps.push(request.socket);
  });
  const children = new ClientProcess();
  try {
    const port = (wss.address() as AddressInfo).port;
    children.send({ cmd: 'raw', mode, url: `ws://127.0.0.1:${port}`, clients, lines });
    if (!(await children.waitFor('connected', 60_000))) throw new Error('raw clients did not connect within 60 s');
    while (sockets.length < clients) await sleep(10);
    const rss = rssSampler();
    const firstEmit = now();
    let stopped = false;
    const broadcast = (async () => {
      let pending: RawLine[] = [];
      let pendingSince = 0;
      let limit = WS_WRITE_BEHIND_BYTES;
      for (const tcp of tcps) tcp.cork();
      try {
        for (let i = 1; i <= lines && !stopped; i++) {
          if (pending.length === 0) pendingSince = now();
          pending.push(rawLine(i));
          const due = mode === 'lines' || pending.length >= RAW_BATCH_LINES || i === lines || now() - pendingSince >= RAW_BATCH_MS;
          if (due) {
            // Serialized once and sent to every socket: the cheapest broadcast there is.
            const message = rawMessage(pending, mode);
            pending = [];
            limit = Math.max(WS_WRITE_BEHIND_BYTES, 2 * message.length);
            for (const ws of sockets) ws.send(message);
          }
          // A turn ends every 10 lines, as a chatty step's would. The frames of the turn leave in
          // one write per socket, as the server's do (coalesceWrites); then hold back while a
          // client is behind, as the server does past the same mark: otherwise 10 M lines would
          // pile up in this process's memory.
          if (i % 10 === 0 || i === lines) {
            for (const tcp of tcps) tcp.uncork();
            while (sockets.some((ws) => ws.bufferedAmount > limit)) await sleep(1);
            await new Promise((r) => setImmediate(r));
            for (const tcp of tcps) tcp.cork();
          }
        }
      } finally {
        for (const tcp of tcps) tcp.uncork();
      }
    })();
    const result = await children.result(timeoutMs);
    stopped = true;
    await broadcast.catch(() => undefined);
    return figures(result, firstEmit, clients, clients * lines, rss.stop());
  } finally {
    children.kill();
    for (const ws of sockets) ws.terminate();
    await new Promise((r) => wss.close(() => r(undefined)));
  }
}

function print(label: string, f: FanoutFigures): void {
  const n = (x: number) => x.toLocaleString('en-US');
  // The histogram's last bucket holds everything from 120 s up.
  const ms = (x: number) => (x >= 120_000 ? '≥ 120,000' : String(x));
  console.log(
    `  ${label.padEnd(19)} ${n(f.eventsPerSecond)} events/s  p50 ${ms(f.p50Ms)} ms  p99 ${ms(f.p99Ms)} ms  max ${ms(f.maxMs)} ms` +
      `  (${n(f.received)} of ${n(f.expected)} in ${(f.wallMs / 1000).toFixed(1)} s${f.complete ? '' : ', STOPPED at the timeout'};` +
      ` server-side peak RSS ${f.serverPeakRssMB} MB)`,
  );
  const clients = Math.round(f.expected / f.lines);
  const what = f.complete ? `lines 1…${n(f.lines)} once each, in order` : 'their lines so far as 1…k, in order, none twice';
  console.log(
    `    check: ${f.clientsInOrder} of ${clients} clients got ${what}: ${f.clientsInOrder === clients ? 'OK' : 'FAILED'}` +
      (f.clientsFailed ? ` (${f.clientsFailed} ended with an error)` : ''),
  );
  if (f.errors.length) console.log(`    errors: ${f.errors.slice(0, 3).join(' | ')}`);
}

export interface FanoutResult {
  mode: FanoutMode;
  clients: number;
  lines: number;
  raw: FanoutFigures | null;
  graphql: FanoutFigures | null;
  /** Lines per second of the paced run: half of what the burst delivered per client. */
  pacedRate: number | null;
  paced: FanoutFigures | null;
  ratio: number | null;
}

export type FanoutPhase = 'raw' | 'graphql' | 'paced';

export interface FanoutOptions {
  clients?: number;
  lines?: number;
  /** Each phase stops after this long and reports what was delivered. */
  timeoutSec?: number;
  phases?: FanoutPhase[];
  /** How long the paced run lasts, at most (it logs at most `lines` lines). */
  pacedSec?: number;
  /** Lines per second per subscriber for the paced run, instead of half the burst's. */
  rate?: number;
  mode?: FanoutMode;
}

/**
 * raw: the floor, as fast as the clients take it. graphql: the same over the server, the run
 * logging as fast as it can (throughput; under overload, latency is the backlog). paced: the
 * run logging at half the per-client rate the burst achieved, for ~`pacedSec` s (latency when
 * the server keeps up). Each phase stops at `timeoutSec` and reports what was delivered.
 */
export async function main({
  clients = 500,
  lines = 20_000,
  timeoutSec = 40,
  phases = ['raw', 'graphql', 'paced'],
  pacedSec = 15,
  rate,
  mode = 'batches',
}: FanoutOptions = {}): Promise<FanoutResult> {
  const how = mode === 'lines' ? 'runLogs, one message per line' : 'runLogBatches, one message per stored batch';
  console.log(
    `runs fan-out (${how}): ${lines.toLocaleString('en-US')} log lines to ${clients} subscribers, one socket each (clients in a child process); each phase stops after ${timeoutSec} s`,
  );
  const raw = phases.includes('raw') ? await rawPhase(mode, clients, lines, timeoutSec * 1000) : null;
  if (raw) print('raw ws (floor)', raw);
  const graphql = phases.includes('graphql') ? await graphqlPhase(mode, clients, lines, timeoutSec * 1000) : null;
  if (graphql) print('graphql-ws, burst', graphql);
  const ratio = raw && graphql ? Math.round((graphql.eventsPerSecond / raw.eventsPerSecond) * 100) / 100 : null;
  if (ratio !== null) console.log(`  throughput graphql-ws / raw: ${ratio}× ${ratio >= 0.5 ? '(≥ 0.5× OK)' : '(< 0.5× UNDER)'}`);
  let pacedRate: number | null = null;
  let paced: FanoutFigures | null = null;
  if (phases.includes('paced')) {
    // Without a burst figure, a rate a GUI-watched pipeline might well log at.
    pacedRate = rate ?? Math.max(1, graphql ? Math.floor((0.5 * graphql.eventsPerSecond) / clients) : 20);
    const pacedLines = Math.min(lines, pacedRate * pacedSec);
    console.log(`  paced: ${pacedLines.toLocaleString('en-US')} lines at ${pacedRate} lines/s (${(pacedRate * clients).toLocaleString('en-US')} deliveries/s)`);
    paced = await graphqlPhase(mode, clients, pacedLines, timeoutSec * 1000, pacedRate);
    print('graphql-ws, paced', paced);
    console.log(`  p99 latency when paced: ${paced.p99Ms} ms ${paced.p99Ms <= 100 ? '(≤ 100 ms OK)' : '(> 100 ms OVER)'}`);
  }
  return { mode, clients, lines, raw, graphql, pacedRate, paced, ratio };
}

/** Both modes, batches (the GUI's subscription) first. */
export async function both(options: Omit<FanoutOptions, 'mode'> = {}): Promise<FanoutResult[]> {
  const batches = await main({ ...options, mode: 'batches' });
  console.log('');
  return [batches, await main({ ...options, mode: 'lines' })];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const [clients, lines, timeoutSec] = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const phases = args.filter((a): a is FanoutPhase => a === 'raw' || a === 'graphql' || a === 'paced');
  const rate = Number(args.find((a) => a.startsWith('rate='))?.slice(5)) || undefined;
  const modes = args.filter((a): a is FanoutMode => a === 'batches' || a === 'lines');
  const options: FanoutOptions = { clients: clients || undefined, lines: lines || undefined, timeoutSec: timeoutSec || undefined, phases: phases.length ? phases : undefined, rate };
  (modes.length === 1 ? main({ ...options, mode: modes[0] }) : both(options)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
