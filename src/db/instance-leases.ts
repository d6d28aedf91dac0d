// Liveness of server instances on PostgreSQL: each instance heartbeats a lease row, and any
// instance ends the runs of an owner whose lease expired (DESIGN §8: a pid means nothing on
// another host). Times come from the database's clock, so instances on hosts whose clocks
// disagree still agree on who expired.
import pg from 'pg';
import { Prisma } from './generated/client/client';
import type { Db } from './client';

/** The database's clock as Prisma stores DateTime on PostgreSQL: UTC in a timestamp without time zone. */
const UTC_NOW = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);

export interface OrphanedRun {
  id: number;
  ownerId: string | null;
  step: string | null;
}

const HEARTBEAT_SQL = `INSERT INTO "ServerInstance" ("id", "startedAt", "heartbeatAt", "expiresAt")
  VALUES ($1, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') + make_interval(secs => $2::float8))
  ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = EXCLUDED."heartbeatAt", "expiresAt" = EXCLUDED."expiresAt"`;

export class InstanceLeases {
  /** The heartbeat's own connection (with `url`), opened on the first beat and after a failed one. */
  private client: pg.Client | null = null;

  /**
   * With `url`, heartbeats go on a connection of their own: queued behind a busy pool, a beat
   * reaches the database late, and an instance that counts its lease from when it sent the beat
   * would take itself for dead while the database still holds its lease.
   */
  constructor(
    private readonly db: Db,
    private readonly url?: string,
  ) {}

  /** Creates or extends this instance's lease to now + leaseMs. */
  async heartbeat(instanceId: string, leaseMs: number): Promise<void> {
    if (!this.url) {
      await this.db.$executeRawUnsafe(HEARTBEAT_SQL, instanceId, leaseMs / 1000);
      return;
    }
    try {
      this.client ??= await this.connect(leaseMs);
      await this.client.query(HEARTBEAT_SQL, [instanceId, leaseMs / 1000]);
    } catch (err) {
      this.dropConnection();
      throw err;
    }
  }

  /** Gives the lease up (graceful shutdown): the instance's runs are already ended. */
  async release(instanceId: string): Promise<void> {
    this.dropConnection();
    await this.db.$executeRaw`DELETE FROM "ServerInstance" WHERE "id" = ${instanceId}`;
  }

  private async connect(leaseMs: number): Promise<pg.Client> {
    // Bounded by a lease: a beat that cannot finish within one is of no use any more.
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: leaseMs, query_timeout: leaseMs });
    client.on('error', () => {
      if (this.client === client) this.client = null;
      void client.end().catch(() => {});
    });
    try {
      await client.connect();
    } catch (err) {
      void client.end().catch(() => {});
      throw err;
    }
    return client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
  }

  /** RUNNING runs whose owner holds no unexpired lease (it crashed, or lost the database for a whole lease). */
  runsOfExpiredOwners(): Promise<OrphanedRun[]> {
    return this.db.$queryRaw<OrphanedRun[]>`SELECT r."id", r."ownerId", r."step" FROM "Run" r
      WHERE r."status" = 'RUNNING' AND NOT EXISTS (
        SELECT 1 FROM "ServerInstance" s WHERE s."id" = r."ownerId" AND s."expiresAt" > ${UTC_NOW})
      ORDER BY r."id"`;
  }

  /** Forgets leases that expired long ago (instances that never came back). */
  async forgetExpired(olderThanMs: number): Promise<void> {
    await this.db.$executeRaw`DELETE FROM "ServerInstance" WHERE "expiresAt" < ${UTC_NOW} - make_interval(secs => ${olderThanMs / 1000}::float8)`;
  }
}
