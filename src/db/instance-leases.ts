// Liveness of server instances on PostgreSQL: each instance heartbeats a lease row, and any
// instance ends the runs of an owner whose lease expired (DESIGN §8: a pid means nothing on
// another host). Times come from the database's clock, so instances on hosts whose clocks
// disagree still agree on who expired.
import { Prisma } from './generated/client/client';
import type { Db } from './client';

/** The database's clock as Prisma stores DateTime on PostgreSQL: UTC in a timestamp without time zone. */
const UTC_NOW = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);

export interface OrphanedRun {
  id: number;
  ownerId: string | null;
  step: string | null;
}

export class InstanceLeases {
  constructor(private readonly db: Db) {}

  /** Creates or extends this instance's lease to now + leaseMs. */
  async heartbeat(instanceId: string, leaseMs: number): Promise<void> {
    await this.db.$executeRaw`INSERT INTO "ServerInstance" ("id", "startedAt", "heartbeatAt", "expiresAt")
      VALUES (${instanceId}, ${UTC_NOW}, ${UTC_NOW}, ${UTC_NOW} + make_interval(secs => ${leaseMs / 1000}::float8))
      ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = EXCLUDED."heartbeatAt", "expiresAt" = EXCLUDED."expiresAt"`;
  }

  /** Gives the lease up (graceful shutdown): the instance's runs are already ended. */
  async release(instanceId: string): Promise<void> {
    await this.db.$executeRaw`DELETE FROM "ServerInstance" WHERE "id" = ${instanceId}`;
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
