// The project topic merges two sources of status changes: this process's own announcements and
// a poll of the store for changes made by another process. Each change must come out once, in
// order, whichever source sees it first, and a stale read must never move a run backwards.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRunEventBus, type RunEventBus } from '../../src/runs/run-events';
import { ProjectStatusFeed, runStage } from '../../src/runs/project-status-feed';
import type { RunRow } from '../../src/runs/types';
import { deferred } from '../support/run-helpers';

const PROJECT = 7;
const INTERVAL = 1_000;

function row(id: number, status: string, cancelRequested = false): RunRow {
  return { id, projectId: PROJECT, status, cancelRequestedAt: cancelRequested ? new Date(0) : null } as RunRow;
}

/** The store as another process leaves it; reads can be held to model a slow (stale) read. */
class FakeStore {
  runs = new Map<number, RunRow>();
  reads = 0;
  hold: Promise<void> | null = null;
  put(run: RunRow) {
    this.runs.set(run.id, run);
  }
  /** Holds the baseline read (a slow first read) until the returned function is called. */
  holdBaseline(): () => void {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const baseline = this.source.baseline;
    this.source.baseline = async () => {
      await held;
      return baseline();
    };
    return release;
  }
  source = {
    baseline: async () => {
      const all = [...this.runs.values()];
      return { maxId: Math.max(0, ...all.map((r) => r.id)), active: all.filter((r) => runStage(r) < 3) };
    },
    changedRuns: async (_projectId: number, afterId: number, ids: number[]) => {
      this.reads++;
      const snapshot = [...this.runs.values()].filter((r) => r.id > afterId || ids.includes(r.id)).sort((a, b) => a.id - b.id);
      if (this.hold) await this.hold;
      return snapshot;
    },
  };
}

let bus: RunEventBus;
let store: FakeStore;
let feed: ProjectStatusFeed;
let errors: unknown[];
beforeEach(() => {
  vi.useFakeTimers();
  bus = createRunEventBus();
  store = new FakeStore();
  errors = [];
  feed = new ProjectStatusFeed(bus, store.source, INTERVAL, (err) => errors.push(err));
});
afterEach(() => {
  feed.close();
  vi.useRealTimers();
});

/** Subscribes like followProjectStatus does; `seen()` lists what arrived as "id:status". */
async function follower() {
  const sub = bus.subscribe('project', PROJECT);
  const { stop } = feed.follow(PROJECT);
  await vi.advanceTimersByTimeAsync(0); // the baseline read
  const seen: string[] = [];
  return {
    async seen() {
      while (sub.buffered > 0) {
        const { value } = await sub.next();
        seen.push(`${value!.run.id}:${value!.run.status}${value!.run.cancelRequestedAt ? '+cancel' : ''}`);
      }
      return seen;
    },
    stop() {
      stop();
      sub.close();
    },
  };
}

const tick = () => vi.advanceTimersByTimeAsync(INTERVAL);

describe('ProjectStatusFeed', () => {
  it('announces local changes at once when nobody follows the project, and polls nothing', async () => {
    const sub = bus.subscribe('project', PROJECT);
    feed.announce(row(1, 'PENDING'));
    feed.announce(row(1, 'RUNNING'));
    await tick();
    expect(sub.buffered).toBe(2);
    expect(store.reads).toBe(0);
    expect(feed.watchedProjects).toBe(0);
  });

  it("finds another process's changes by polling: a new run, its stages, its end; what existed before is not news", async () => {
    store.put(row(1, 'COMPLETED'));
    store.put(row(2, 'FAILED'));
    const f = await follower();
    await tick();
    expect(await f.seen()).toEqual([]);

    store.put(row(3, 'PENDING'));
    await tick();
    store.put(row(3, 'RUNNING'));
    await tick();
    store.put(row(3, 'RUNNING', true));
    await tick();
    store.put(row(3, 'CANCELLED', true));
    await tick();
    await tick();
    expect(await f.seen()).toEqual(['3:PENDING', '3:RUNNING', '3:RUNNING+cancel', '3:CANCELLED+cancel']);
    f.stop();
  });

  it('a stage held shorter than the poll interval may be skipped; the last one always arrives', async () => {
    const f = await follower();
    store.put(row(4, 'RUNNING'));
    store.put(row(4, 'COMPLETED'));
    await tick();
    await tick();
    expect(await f.seen()).toEqual(['4:COMPLETED']);
    f.stop();
  });

  it('a change seen by both the poll and this process comes out once, whichever is first', async () => {
    const f = await follower();
    // The poll first, then this process's own announcement of the same change.
    store.put(row(5, 'PENDING'));
    await tick();
    feed.announce(row(5, 'PENDING'));
    // This process first, then the poll.
    feed.announce(row(5, 'RUNNING'));
    store.put(row(5, 'RUNNING'));
    await tick();
    expect(await f.seen()).toEqual(['5:PENDING', '5:RUNNING']);
    f.stop();
  });

  it('a stale read after a newer announcement never moves a run backwards', async () => {
    store.put(row(6, 'RUNNING'));
    const f = await follower();
    const gate = deferred();
    store.hold = gate.promise;
    await tick(); // reads RUNNING, held
    store.put(row(6, 'COMPLETED'));
    feed.announce(row(6, 'COMPLETED'));
    gate.resolve();
    store.hold = null;
    await vi.advanceTimersByTimeAsync(0);
    await tick();
    expect(await f.seen()).toEqual(['6:COMPLETED']);
    f.stop();
  });

  it('followers share one poll per project; the last one to leave stops it', async () => {
    const a = await follower();
    const b = await follower();
    expect(feed.watchedProjects).toBe(1);
    store.reads = 0;
    await tick();
    expect(store.reads).toBe(1);
    a.stop();
    await tick();
    expect(store.reads).toBe(2);
    b.stop();
    expect(feed.watchedProjects).toBe(0);
    await tick();
    expect(store.reads).toBe(2);
  });

  /** The statuses a subscriber has been sent so far. */
  async function statuses(sub: ReturnType<RunEventBus['subscribe']>): Promise<string[]> {
    const seen: string[] = [];
    while (sub.buffered > 0) seen.push(`${(await sub.next()).value!.run.status}`);
    return seen;
  }

  it('a baseline read that returns after this process announced a run does not swallow its next stage', async () => {
    // The first follower's baseline read is slow; meanwhile this process starts a run. The read
    // then sees the run RUNNING, before this process announces RUNNING (PostgreSQL, CI under load).
    const release = store.holdBaseline();
    const sub = bus.subscribe('project', PROJECT);
    const { stop } = feed.follow(PROJECT);
    store.put(row(8, 'PENDING'));
    feed.announce(row(8, 'PENDING'));
    store.put(row(8, 'RUNNING'));
    release();
    await vi.advanceTimersByTimeAsync(0);
    feed.announce(row(8, 'RUNNING'));
    store.put(row(8, 'COMPLETED'));
    feed.announce(row(8, 'COMPLETED'));
    expect(await statuses(sub)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    stop();
    sub.close();
  });

  it.each(['PENDING', 'COMPLETED'])('a baseline read that saw a new run %s before this process announced it swallows none of its announcements', async (seenByRead) => {
    const release = store.holdBaseline();
    const sub = bus.subscribe('project', PROJECT);
    const { stop } = feed.follow(PROJECT);
    store.put(row(8, seenByRead));
    release();
    await vi.advanceTimersByTimeAsync(0);
    for (const status of ['PENDING', 'RUNNING', 'COMPLETED']) feed.announce(row(8, status));
    // The poll after them adds nothing.
    await tick();
    expect(await statuses(sub)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    stop();
    sub.close();
  });

  it('a failed read is reported and the next poll carries on', async () => {
    const f = await follower();
    const read = store.source.changedRuns;
    store.source.changedRuns = async () => {
      throw new Error('database is locked');
    };
    await tick();
    expect(errors).toHaveLength(1);
    store.source.changedRuns = read;
    store.put(row(8, 'PENDING'));
    await tick();
    expect(await f.seen()).toEqual(['8:PENDING']);
    f.stop();
  });
});
