// This instance's lease on PostgreSQL, and the sweep that ends the runs of instances whose lease
// expired (DESIGN §8). Heartbeats every third of a lease, so two missed beats in a row still
// keep the lease; the sweep runs on the same beat, so a crashed owner's RUNNING runs are failed
// as interrupted (their logs kept, one last line saying why) within lease + lease/3 of its last
// beat — under two leases. Queued runs need no rescue: any instance claims them (run-queue.ts).
//
// Self-fencing (as graphile-worker and trigger.dev workers do): an instance that could not renew
// its lease for a whole lease — by its own monotonic clock, counted from when the last successful
// heartbeat was sent, so never later than the database's expiry — takes itself for dead, as the
// others do: it stops claiming and aborts its runs (`lost`), until a heartbeat succeeds again
// (`regained`). Its late writes are refused by the database anyway (RunRepository.finish with
// the owner, log batches only while RUNNING); this keeps it from working for nothing.
import { performance } from 'node:perf_hooks';
import { InstanceLeases } from '../db/instance-leases';
import { failOrphanWithLog } from './recovery';
import type { RunResources } from './resources';

/** Leases that expired this long ago are deleted (instances that never came back). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/** What the lease tells its instance (run-manager.ts). */
export interface LeaseEvents {
  /** No heartbeat succeeded for a whole lease: the others consider this instance dead. */
  lost(): void;
  /** A heartbeat succeeded again after `lost`. */
  regained(): void;
}

/** Seams for tests (RunManagerDeps.instances.lease): cut the database off, drive time by hand. */
export interface LeaseOptions {
  /** Monotonic milliseconds; performance.now() by default. */
  now?: () => number;
  /** Wraps every heartbeat write; throwing here is a heartbeat that did not reach the database. */
  heartbeat?: (write: () => Promise<void>) => Promise<void>;
  /** How often to beat and check the lease; a third of the lease by default. */
  beatIntervalMs?: number;
}

export class InstanceLease {
  private readonly leases: InstanceLeases;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private sweeping: Promise<void> | null = null;
  private held = false;
  private stopped = false;
  /** When (this.now()) the last heartbeat that succeeded was sent. */
  private lastBeatAt = 0;

  constructor(
    private readonly $: RunResources,
    private readonly leaseMs: number,
    private readonly events: LeaseEvents,
    private readonly options: LeaseOptions = {},
  ) {
    this.leases = new InstanceLeases($.db, $.deps.databaseUrl);
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether this instance holds its lease: only then may it claim runs (others would sweep them). */
  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease, ends the runs of expired owners, and keeps beating until stop(). */
  async start(): Promise<number[]> {
    await this.heartbeat();
    this.held = true;
    const failed = await this.sweep();
    await this.leases.forgetExpired(FORGET_AFTER_MS).catch(() => {});
    this.timer = setInterval(
      () => {
        // Checked on every tick, also while a heartbeat hangs (a connection that never answers).
        this.checkLease();
        this.beating ??= this.beat().finally(() => (this.beating = null));
      },
      this.options.beatIntervalMs ?? Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    this.timer.unref();
    return failed;
  }

  /** Ends the RUNNING runs whose owner holds no unexpired lease; returns their ids. */
  async sweep(): Promise<number[]> {
    const failed: number[] = [];
    for (const orphan of await this.leases.runsOfExpiredOwners()) {
      if (orphan.ownerId === this.$.ownerId) continue;
      const ended = await failOrphanWithLog(this.$, orphan);
      if (ended) {
        failed.push(ended.id);
        this.$.publishStatus(ended);
      }
    }
    if (failed.length) this.$.logger.warn('Ended runs of a server instance whose lease expired', { failed });
    return failed;
  }

  /** Stops beating and gives the lease up: this instance's runs have ended (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.held = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.sweeping;
    await this.leases.release(this.$.ownerId).catch((err) => this.$.logger.warn('Could not release the instance lease', { err }));
  }

  /** Extends the lease; on success, records when the request was sent (the lease runs from there at the latest). */
  private async heartbeat(): Promise<void> {
    const sentAt = this.now();
    const write = () => this.leases.heartbeat(this.$.ownerId, this.leaseMs);
    await (this.options.heartbeat ? this.options.heartbeat(write) : write());
    this.lastBeatAt = Math.max(this.lastBeatAt, sentAt);
  }

  private async beat(): Promise<void> {
    try {
      await this.heartbeat();
    } catch (err) {
      this.$.logger.warn('Instance lease: heartbeat failed; retrying on the next beat', { err });
      return;
    } finally {
      this.checkLease();
    }
    // Beside the next heartbeats, not before them: a slow sweep must not cost this instance its lease.
    this.sweeping ??= this.sweep()
      .then(
        () => {},
        (err) => this.$.logger.warn('Instance lease: sweep failed; retrying on the next beat', { err }),
      )
      .finally(() => (this.sweeping = null));
  }

  /** Lost once a whole lease passed since the last successful heartbeat was sent; re-taken by the next one. */
  private checkLease(): void {
    if (this.stopped) return;
    const sinceBeatMs = this.now() - this.lastBeatAt;
    const fresh = sinceBeatMs <= this.leaseMs;
    if (this.held && !fresh) {
      this.held = false;
      this.$.logger.warn(
        'Instance lease lost: no heartbeat reached the database for a whole lease, so the other instances may already have failed this instance\'s runs; aborting them and claiming no run until a heartbeat succeeds',
        { ownerId: this.$.ownerId, leaseMs: this.leaseMs, sinceBeatMs: Math.round(sinceBeatMs) },
      );
      this.events.lost();
    } else if (!this.held && fresh) {
      this.held = true;
      this.$.logger.info('Instance lease re-taken: a heartbeat succeeded again; claiming runs again', { ownerId: this.$.ownerId });
      this.events.regained();
    }
  }
}
