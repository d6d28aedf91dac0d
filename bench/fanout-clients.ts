// The client side of the fan-out benchmark, in its own process (forked by bench/runs-fanout.ts):
// with clients and server in one process, the two would share one event loop and the figures
// would measure their sum. One socket per client, as 500 GUIs would have.
// Protocol (IPC): the parent sends { cmd: 'gql' | 'raw', … }; this process answers
// { type: 'connected' } once every socket is open, then { type: 'result', … } when every client
// has seen every line, or at once on { cmd: 'report' } (the parent's timeout).
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** lines: runLogs, one message per line; batches: runLogBatches, one message per stored batch. */
export type FanoutMode = 'lines' | 'batches';

export interface ClientCommand {
  cmd: 'gql' | 'raw';
  mode: FanoutMode;
  url: string;
  runId?: string;
  clients: number;
  lines: number;
}

/** Latency histogram: 0.1 ms buckets up to 120 s, then one overflow bucket. */
const BUCKET_MS = 0.1;
const BUCKETS = 1_200_000;

export interface ClientResult {
  type: 'result';
  complete: boolean;
  /** Log lines (fields.i present) received by all clients. */
  received: number;
  /**
   * Clients that saw lines 1…lines, each once, in order (and, over graphql-ws, consecutive seqs);
   * for a partial result (timeout), clients whose lines so far were 1…k in order.
   */
  clientsInOrder: number;
  /** Clients whose subscription ended with an error or whose socket closed early. */
  clientsFailed: number;
  firstReceipt: number;
  lastReceipt: number;
  /** Sparse histogram: [bucket, count] pairs; bucket × 0.1 ms is the latency. */
  histogram: [number, number][];
  errors: string[];
}

const now = () => performance.timeOrigin + performance.now();

class Tally {
  readonly histogram = new Uint32Array(BUCKETS + 1);
  received = 0;
  firstReceipt = 0;
  lastReceipt = 0;
  errors: string[] = [];

  record(sentAt: number, receivedAt: number): void {
    if (this.received === 0) this.firstReceipt = receivedAt;
    this.received++;
    this.lastReceipt = receivedAt;
    const bucket = Math.max(0, Math.min(BUCKETS, Math.round((receivedAt - sentAt) / BUCKET_MS)));
    this.histogram[bucket]!++;
  }

  error(message: string): void {
    if (this.errors.length < 10) this.errors.push(message);
  }

  result(complete: boolean, clientsInOrder: number, clientsFailed: number): ClientResult {
    const histogram: [number, number][] = [];
    for (let i = 0; i <= BUCKETS; i++) if (this.histogram[i]) histogram.push([i, this.histogram[i]!]);
    return {
      type: 'result',
      complete,
      received: this.received,
      clientsInOrder,
      clientsFailed,
      firstReceipt: this.firstReceipt,
      lastReceipt: this.lastReceipt,
      histogram,
      errors: this.errors,
    };
  }
}

/** One client's order check: lines 1…n once each, in order; seqs consecutive when given. */
class OrderCheck {
  nextLine = 1;
  lastSeq = 0;
  ok = true;
  done = false;
  failed = false;

  see(line: number, seq: number | null): void {
    if (line !== this.nextLine) this.ok = false;
    this.nextLine = line + 1;
    if (seq !== null) {
      if (this.lastSeq !== 0 && seq !== this.lastSeq + 1) this.ok = false;
      this.lastSeq = seq;
    }
  }

  /** All lines in order; or, when the run was cut short, the lines so far were 1…k in order. */
  inOrder(lines: number, complete: boolean): boolean {
    return this.ok && !this.failed && (!complete || this.nextLine === lines + 1);
  }
}

const LINE_FIELDS = 'seq time level step message fields';
const QUERIES: Record<FanoutMode, string> = {
  lines: `subscription ($runId: ID!) { runLogs(runId: $runId) { ${LINE_FIELDS} } }`,
  batches: `subscription ($runId: ID!) { runLogBatches(runId: $runId) { lastSeq lines { ${LINE_FIELDS} } } }`,
};

interface Line {
  seq: number;
  fields: { i?: number; t?: number } | null;
}

interface LogsPayload {
  runLogs?: Line;
  runLogBatches?: { lines: Line[] };
}

/** The lines of one message, either mode. */
function linesOf(data: LogsPayload | null | undefined): Line[] | null {
  if (data?.runLogs) return [data.runLogs];
  return data?.runLogBatches?.lines ?? null;
}

function runGraphql(command: ClientCommand, send: (m: unknown) => void): () => ClientResult {
  const tally = new Tally();
  const checks = Array.from({ length: command.clients }, () => new OrderCheck());
  const clients: Client[] = [];
  let connected = 0;
  let finished = 0;
  const report = (complete: boolean) =>
    tally.result(
      complete,
      checks.filter((c) => c.inOrder(command.lines, complete)).length,
      checks.filter((c) => c.failed).length,
    );
  const finish = () => {
    if (++finished < command.clients) return;
    send(report(true));
    for (const c of clients) void c.dispose();
  };
  for (const check of checks) {
    const client = createClient({
      url: command.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => {
          if (++connected === command.clients) send({ type: 'connected' });
        },
      },
    });
    clients.push(client);
    client.subscribe<LogsPayload>(
      { query: QUERIES[command.mode], variables: { runId: command.runId } },
      {
        next: (result) => {
          const receivedAt = now();
          const lines = linesOf(result.data);
          if (!lines) {
            tally.error(JSON.stringify(result.errors ?? result));
            return;
          }
          for (const line of lines) {
            // "Run … started" and "Run completed" carry no fields; they still count towards seq order.
            const i = line.fields?.i;
            if (typeof i === 'number' && typeof line.fields?.t === 'number') {
              tally.record(line.fields.t, receivedAt);
              check.see(i, line.seq);
            } else if (check.lastSeq !== 0 && line.seq !== check.lastSeq + 1) {
              check.ok = false;
            } else {
              check.lastSeq = line.seq;
            }
          }
        },
        error: (err) => {
          tally.error(err instanceof Error ? err.message : JSON.stringify(err));
          check.failed = true;
          finish();
        },
        complete: () => {
          check.done = true;
          finish();
        },
      },
    );
  }
  return () => report(false);
}

interface RawMessage {
  payload: { data: LogsPayload };
}

function runRaw(command: ClientCommand, send: (m: unknown) => void): () => ClientResult {
  const tally = new Tally();
  const checks = Array.from({ length: command.clients }, () => new OrderCheck());
  const sockets: WebSocket[] = [];
  let open = 0;
  let finished = 0;
  const report = (complete: boolean) =>
    tally.result(
      complete,
      checks.filter((c) => c.inOrder(command.lines, complete)).length,
      checks.filter((c) => c.failed).length,
    );
  for (const check of checks) {
    const ws = new WebSocket(command.url);
    sockets.push(ws);
    ws.on('open', () => {
      if (++open === command.clients) send({ type: 'connected' });
    });
    ws.on('message', (data) => {
      const receivedAt = now();
      const lines = linesOf((JSON.parse(String(data)) as RawMessage).payload.data) ?? [];
      for (const line of lines) {
        tally.record(line.fields!.t!, receivedAt);
        check.see(line.fields!.i!, line.seq);
      }
      if (lines.at(-1)?.fields?.i === command.lines && !check.done) {
        check.done = true;
        if (++finished === command.clients) {
          send(report(true));
          for (const s of sockets) s.close();
        }
      }
    });
    ws.on('error', (err) => {
      tally.error(err.message);
      check.failed = true;
    });
  }
  return () => report(false);
}

let partial: (() => ClientResult) | null = null;
process.on('message', (message: ClientCommand | { cmd: 'report' }) => {
  const send = (m: unknown) => process.send?.(m);
  if (message.cmd === 'report') {
    if (partial) send(partial());
    return;
  }
  partial = message.cmd === 'gql' ? runGraphql(message, send) : runRaw(message, send);
});
process.on('disconnect', () => process.exit(0));
