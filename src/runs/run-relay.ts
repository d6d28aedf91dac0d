// Live run events across server instances on one PostgreSQL database (DESIGN §8: the store is the
// truth, the bus announces). Every event this instance publishes on its bus is folded into a small
// per-run announcement — run id, project, last stored seq, status, cancel requested, progress —
// and an instance's announcements are coalesced per flush into NOTIFYs under 8,000 bytes. Never a
// log line: a receiving instance reads the lines it needs from the store, once for all of its
// followers of that run, and delivers them on its own bus as if they were local.
//
// While the listening connection is down, followers fall back to polling the store (busWaiter);
// when it is back, every followed run and project is re-read by seq ('resync'), so nothing
// announced meanwhile is missed.
import { NOTIFY_PAYLOAD_LIMIT, PostgresChannel } from '../db/postgres-channel';
import type { RunResources } from './resources';
import type { RunEvent } from './run-events';
import { isTerminal, type ProgressSnapshot, type RunStatus } from './types';

/** The channel every instance of one database listens on. */
export const RUN_CHANNEL = 'genglossary_runs';

/** One run's news since the last flush. Short keys: many fit in one NOTIFY. */
export interface RunAnnouncement {
  /** run id */
  r: number;
  /** project id */
  p?: number;
  /** highest stored log seq */
  q?: number;
  /** status */
  s?: RunStatus;
  /** a cancel was requested */
  c?: 1;
  /** progress: step, current, total, percent, current item (cut short) */
  g?: [string | null, number, number, number, string | null];
}

interface Envelope {
  /** sender */
  i: string;
  a: RunAnnouncement[];
  /** projects whose glossary inputs changed (documents, term rules, groups, settings) */
  p?: number[];
}

/** What the relay does with announcements from other instances (the RunManager's side). */
export interface RelayHandlers {
  /** A cancel of a run that may execute here. */
  cancelRequested(runId: number): void;
  /** A run was queued somewhere: claim it if there is a free slot. */
  runQueued(): void;
  /**
   * Another instance announced that a run ended (e.g. its sweep failed the run of an instance
   * whose lease expired): if it executes here, this instance was paused past its lease; stop it.
   */
  runEnded(runId: number): void;
  /** Announcements may have been missed (listening lost or back): re-check the runs executing here. */
  announcementsMissed(): void;
}

export interface RunRelayStats {
  notifies: number;
  announcements: number;
  received: number;
}

const CURRENT_ITEM_MAX = 120;

export class RunRelay {
  private readonly channel: PostgresChannel;
  private readonly pending = new Map<number, RunAnnouncement>();
  /** Projects whose glossary inputs changed since the last flush: glossaryStatus followers elsewhere re-derive. */
  private readonly pendingProjects = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** The last seq announced for runs not yet seen to end: where reading the next lines starts. */
  private readonly knownSeq = new Map<number, number>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  readonly stats: RunRelayStats = { notifies: 0, announcements: 0, received: 0 };

  constructor(
    private readonly $: RunResources,
    url: string,
    private readonly handlers: RelayHandlers,
    private readonly flushIntervalMs = 15,
  ) {
    this.channel = new PostgresChannel(url, RUN_CHANNEL, $.db, {
      message: (payload) => this.onMessage(payload),
      connected: (reconnected) => {
        if (reconnected) {
          $.logger.info('Run relay: listening again; re-reading followed runs');
          this.resync();
        }
      },
      disconnected: (err) => {
        $.logger.warn('Run relay: lost the listening connection; following runs of other instances by polling until it is back', { err });
        // Followers waiting for an announcement switch to polling now.
        this.resync();
      },
    });
    $.bus.setTap((family, key, event) => {
      if (family === 'run') this.collect(event as RunEvent);
      else if (family === 'glossary') this.collectProject(Number(key));
    });
  }

  /** Whether announcements from other instances arrive (else followers poll the store). */
  get connected(): boolean {
    return this.channel.connected;
  }

  whenListening(): Promise<void> {
    return this.channel.whenListening();
  }

  /** Tests: drop the listening connection as a network fault would. */
  simulateLoss(): void {
    this.channel.simulateLoss();
  }

  /** Sends what is pending now, then stops. */
  async close(): Promise<void> {
    this.$.bus.setTap(null);
    await this.flush();
    this.closed = true;
    await this.channel.close();
  }

  // ------------------------------------------------------------------ sending

  private collect(event: RunEvent): void {
    if (this.closed) return;
    let runId: number;
    let update: Partial<RunAnnouncement>;
    if (event.kind === 'logs') {
      const last = event.lines[event.lines.length - 1];
      if (!last) return;
      runId = event.runId;
      update = { q: last.seq };
    } else if (event.kind === 'progress') {
      const p = event.progress;
      runId = p.runId;
      update = { s: p.status, g: [p.step, p.current, p.total, p.percent, p.currentItem?.slice(0, CURRENT_ITEM_MAX) ?? null] };
    } else if (event.kind === 'status') {
      runId = event.run.id;
      update = { p: event.run.projectId, s: event.run.status as RunStatus, q: event.run.lastSeq, ...(event.run.cancelRequestedAt ? { c: 1 as const } : {}) };
    } else {
      return;
    }
    const item = this.pending.get(runId) ?? { r: runId };
    if (update.q !== undefined && item.q !== undefined) update.q = Math.max(update.q, item.q);
    this.pending.set(runId, Object.assign(item, update));
    this.flushTimer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
  }
  private collectProject(projectId: number): void {
    if (this.closed || !Number.isSafeInteger(projectId)) return;
    this.pendingProjects.add(projectId);
    this.flushTimer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.size === 0 && this.pendingProjects.size === 0) return;
    const items = [...this.pending.values()];
    this.pending.clear();
    // Project ids are few and short: they ride in the first NOTIFY's head (capped, the rest next flush).
    const projects = [...this.pendingProjects].slice(0, 200);
    for (const p of projects) this.pendingProjects.delete(p);
    if (this.pendingProjects.size > 0) this.flushTimer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
    let head = `{"i":${JSON.stringify(this.$.ownerId)},${projects.length > 0 ? `"p":${JSON.stringify(projects)},` : ''}"a":[`;
    let body: string[] = [];
    let size = head.length + 2;
    let headPending = projects.length > 0;
    const send = async () => {
      if (body.length === 0 && !headPending) return;
      const payload = `${head}${body.join(',')}]}`;
      body = [];
      if (headPending) {
        headPending = false;
        head = `{"i":${JSON.stringify(this.$.ownerId)},"a":[`;
      }
      size = head.length + 2;
      this.stats.notifies++;
      await this.channel.notify(payload);
    };
    try {
      for (const item of items) {
        const json = JSON.stringify(item);
        if (size + json.length + 1 > NOTIFY_PAYLOAD_LIMIT) await send();
        body.push(json);
        size += json.length + 1;
        this.stats.announcements++;
      }
      await send();
    } catch (err) {
      // Hints only: followers elsewhere read the store when they see a gap or the end.
      this.$.logger.warn('Run relay: could not announce run events to other instances', { err });
    }
  }

  // ---------------------------------------------------------------- receiving

  private onMessage(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.i === this.$.ownerId || !Array.isArray(envelope.a)) return;
    this.stats.received += envelope.a.length;
    for (const projectId of Array.isArray(envelope.p) ? envelope.p : []) {
      if (Number.isSafeInteger(projectId)) this.$.bus.deliver('glossary', projectId, { kind: 'inputs-changed', cause: 'ELSEWHERE' });
    }
    // One at a time, in arrival order: lines of one run are read and delivered in seq order.
    this.chain = this.chain.then(() => this.dispatch(envelope.a)).catch((err) => this.$.logger.warn('Run relay: could not deliver an announcement', { err }));
  }

  private async dispatch(items: RunAnnouncement[]): Promise<void> {
    for (const item of items) {
      if (item.c) this.handlers.cancelRequested(item.r);
      if (item.s === 'PENDING') this.handlers.runQueued();
      else if (item.s !== undefined && isTerminal(item.s)) this.handlers.runEnded(item.r);
      await this.deliverLines(item);
      if (item.g && item.s) {
        const [step, current, total, percent, currentItem] = item.g;
        const progress: ProgressSnapshot = { runId: item.r, status: item.s, step: step as ProgressSnapshot['step'], current, total, percent, currentItem };
        this.$.bus.deliver('run', item.r, { kind: 'progress', progress });
      }
      if (item.p !== undefined && item.s) {
        const followed = this.$.bus.subscribers('run', item.r) > 0 || this.$.bus.subscribers('project', item.p) > 0;
        if (followed) {
          const run = await this.$.repo.findById(item.r);
          if (run) {
            this.$.bus.deliver('run', run.id, { kind: 'status', run });
            this.$.statusFeed.announce(run);
          }
        }
        if (isTerminal(item.s)) this.knownSeq.delete(item.r);
      }
    }
  }

  /** Reads the lines an announcement says were stored and delivers them, if anyone here follows the run. */
  private async deliverLines(item: RunAnnouncement): Promise<void> {
    if (item.q === undefined) return;
    const from = this.knownSeq.get(item.r);
    if (item.s === undefined || !isTerminal(item.s)) this.knownSeq.set(item.r, Math.max(from ?? 0, item.q));
    if (from === undefined || item.q <= from || this.$.bus.subscribers('run', item.r) === 0) return;
    const lines = await this.$.repo.logsAfter(item.r, from, item.q - from);
    if (lines.length > 0) this.$.bus.deliver('run', item.r, { kind: 'logs', runId: item.r, lines });
  }

  /** Every followed run and every run executing here re-reads the store; every followed project is polled once. */
  private resync(): void {
    this.handlers.announcementsMissed();
    for (const key of this.$.bus.keysOf('run')) this.$.bus.deliver('run', Number(key), { kind: 'resync' });
    // A change announced while nobody listened: glossaryStatus followers re-derive from the store.
    for (const key of this.$.bus.keysOf('glossary')) this.$.bus.deliver('glossary', Number(key), { kind: 'inputs-changed', cause: 'RESYNC' });
    this.$.statusFeed.pollAll();
  }
}
