// The `project` topic of the bus: status changes of a project's runs, for runStatus. Changes made
// by this process are announced as they happen. Changes made by another server process on the
// same database never reach this bus, so while a project has followers here, its runs are also
// polled. A run's stage only moves forward (below), so whichever of the two sees a change first
// announces it and the other is ignored: no change twice, none out of order.
import type { RunEventBus } from './run-events';
import { isTerminal, type RunRow } from './types';

/** PENDING → RUNNING → RUNNING with a cancel requested → terminal. Never moves back. */
export function runStage(run: Pick<RunRow, 'status' | 'cancelRequestedAt'>): number {
  if (isTerminal(run.status)) return 3;
  if (run.status === 'RUNNING') return run.cancelRequestedAt ? 2 : 1;
  return 0;
}

/** What the feed reads from the store. */
export interface ProjectRunsSource {
  /** The project's highest run id and its active (PENDING/RUNNING) runs. */
  baseline(projectId: number): Promise<{ maxId: number; active: RunRow[] }>;
  /** The project's runs with an id above `afterId` or in `ids`, oldest first. */
  changedRuns(projectId: number, afterId: number, ids: number[]): Promise<RunRow[]>;
}

interface Watch {
  followers: number;
  timer: NodeJS.Timeout;
  /** Runs at or below this id that are not in `stages` were announced to their end, or predate the watch. */
  maxId: number;
  /** The last announced stage of runs that may still change (and the last few that ended). */
  stages: Map<number, number>;
  /** Runs whose stage in `stages` is the baseline's, read when the first follower came, never announced. */
  baseline: Set<number>;
  ready: boolean;
  /** Settles once the baseline is read (or failed to be). */
  baselineRead: Promise<void>;
  polling: boolean;
}

/** Ended runs remembered per watch, so that a stale read of one is recognized as old. */
const ENDED_KEPT = 32;

export class ProjectStatusFeed {
  private readonly watches = new Map<number, Watch>();

  constructor(
    private readonly bus: RunEventBus,
    private readonly source: ProjectRunsSource,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
    /** False while changes made elsewhere are announced live (the PostgreSQL relay): no need to poll. */
    private readonly shouldPoll: () => boolean = () => true,
  ) {}

  /** Polls every followed project once now (the relay is back after missing announcements). */
  pollAll(): void {
    for (const projectId of this.watches.keys()) void this.poll(projectId);
  }

  /**
   * A change made by this process. Once a project is followed, every announcement is a change made
   * after its followers subscribed, so it is news unless this stage was already published (by the
   * poll, which may see it first) — whatever the baseline read, which may have seen the run at this
   * stage, or even ended, before the announcement came.
   */
  announce(run: RunRow): void {
    const watch = this.watches.get(run.projectId);
    if (watch && !this.advance(watch, run, true)) return;
    this.bus.publish('project', run.projectId, { kind: 'status', run });
  }

  /**
   * Polls the project's runs for changes made elsewhere until `stop()` is called. `ready` settles
   * once the poll knows where it starts: changes after that are announced.
   */
  follow(projectId: number): { stop: () => void; ready: Promise<void> } {
    let watch = this.watches.get(projectId);
    if (!watch) {
      const timer = setInterval(() => {
        if (this.shouldPoll()) void this.poll(projectId);
      }, this.intervalMs);
      timer.unref();
      const created: Watch = { followers: 0, timer, maxId: 0, stages: new Map(), baseline: new Set(), ready: false, baselineRead: Promise.resolve(), polling: false };
      this.watches.set(projectId, created);
      created.baselineRead = this.poll(projectId);
      watch = created;
    }
    const followed = watch;
    followed.followers++;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      if (--followed.followers === 0) {
        clearInterval(followed.timer);
        this.watches.delete(projectId);
      }
    };
    return { stop, ready: followed.baselineRead };
  }

  /** Projects being polled (tests). */
  get watchedProjects(): number {
    return this.watches.size;
  }

  close(): void {
    for (const watch of this.watches.values()) clearInterval(watch.timer);
    this.watches.clear();
  }

  /**
   * Records the run's stage; true when it is news: a run not seen before, or a later stage — for this
   * process's own announcement (`local`), a stage not published yet, the baseline's notwithstanding.
   */
  private advance(watch: Watch, run: RunRow, local = false): boolean {
    const known = watch.stages.get(run.id);
    const stage = runStage(run);
    if (local && (known === undefined || watch.baseline.has(run.id))) {
      // Announced stages arrive in order, so one below the baseline's was published before it.
      if (known !== undefined && stage < known) return false;
    } else {
      if (known === undefined && watch.ready && run.id <= watch.maxId) return false;
      if (known !== undefined && stage <= known) return false;
    }
    watch.baseline.delete(run.id);
    watch.stages.delete(run.id);
    watch.stages.set(run.id, stage);
    watch.maxId = Math.max(watch.maxId, run.id);
    this.forgetOldEnded(watch);
    return true;
  }

  private forgetOldEnded(watch: Watch): void {
    let ended = 0;
    for (const stage of watch.stages.values()) if (stage === 3) ended++;
    // Map order is insertion order: the oldest ends are dropped first. Their ids are <= maxId.
    for (const [id, stage] of watch.stages) {
      if (ended <= ENDED_KEPT) break;
      if (stage === 3) {
        watch.stages.delete(id);
        ended--;
      }
    }
  }

  private async poll(projectId: number): Promise<void> {
    const watch = this.watches.get(projectId);
    if (!watch || watch.polling) return;
    watch.polling = true;
    try {
      if (!watch.ready) {
        // What exists when the first follower arrives is the baseline, not news — for the poll. A run
        // this process announced while the read was under way keeps the stage it announced (the read
        // may have seen it a stage further, RUNNING, which is still news), and this process's next
        // announcements of a baseline run are news all the same (see announce).
        const { maxId, active } = await this.source.baseline(projectId);
        for (const run of active) {
          if (watch.stages.has(run.id)) continue;
          watch.stages.set(run.id, runStage(run));
          watch.baseline.add(run.id);
        }
        watch.maxId = Math.max(watch.maxId, maxId);
        watch.ready = true;
        return;
      }
      const open = [...watch.stages].filter(([, stage]) => stage < 3).map(([id]) => id);
      const runs = await this.source.changedRuns(projectId, watch.maxId, open);
      if (this.watches.get(projectId) !== watch) return;
      for (const run of runs) if (this.advance(watch, run)) this.bus.publish('project', projectId, { kind: 'status', run });
    } catch (err) {
      this.onError(err);
    } finally {
      watch.polling = false;
    }
  }
}
