// This instance's lease on PostgreSQL, and the sweep that ends the runs of instances whose lease
// expired (DESIGN §8). Heartbeats every third of a lease, so two missed beats in a row still
// keep the lease; the sweep runs on the same beat, so a crashed owner's RUNNING runs are failed
// as interrupted (their logs kept, one last line saying why) within lease + lease/3 of its last
// beat — under two leases. Queued runs need no rescue: any instance claims them (run-queue.ts).
import { InstanceLeases } from '../db/instance-leases';
import { failOrphanWithLog } from './recovery';
import type { RunResources } from './resources';

/** Leases that expired this long ago are deleted (instances that never came back). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export class InstanceLease {
  private readonly leases: InstanceLeases;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private held = false;

  constructor(
    private readonly $: RunResources,
    private readonly leaseMs: number,
  ) {
    this.leases = new InstanceLeases($.db);
  }

  /** Whether the lease row exists: only then may this instance claim runs (others would sweep them). */
  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease, ends the runs of expired owners, and keeps beating until stop(). */
  async start(): Promise<number[]> {
    await this.leases.heartbeat(this.$.ownerId, this.leaseMs);
    this.held = true;
    const failed = await this.sweep();
    await this.leases.forgetExpired(FORGET_AFTER_MS).catch(() => {});
    this.timer = setInterval(() => {
      this.beating ??= this.beat().finally(() => (this.beating = null));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
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
    this.held = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.leases.release(this.$.ownerId).catch((err) => this.$.logger.warn('Could not release the instance lease', { err }));
  }

  private async beat(): Promise<void> {
    try {
      await this.leases.heartbeat(this.$.ownerId, this.leaseMs);
      await this.sweep();
    } catch (err) {
      this.$.logger.warn('Instance lease: heartbeat or sweep failed; retrying on the next beat', { err });
    }
  }
}
