// Two clients of one fresh database per test, as two server processes (or instances) would have,
// and the run managers a test builds on them, shut down after it. The hooks are registered by
// twoConnectionsPerTest(), called once at the top of a test file.
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { Db } from '../../src/db/client';
import type { RunManager } from '../../src/runs/run-manager';
import { createTestDb, removeTemplates, type TestDb } from './run-db';

export interface TwoConnections {
  /** The test's database: its first client, and its URL. */
  readonly db: Db;
  readonly url: string;
  /** A second client of the same database. */
  readonly otherDb: Db;
  /** Shuts `manager` down after the test; returns it. */
  track(manager: RunManager): RunManager;
}

export function twoConnectionsPerTest(): TwoConnections {
  let db: TestDb | undefined;
  let otherDb: Db | undefined;
  const managers: RunManager[] = [];
  beforeEach(async () => {
    db = await createTestDb();
    otherDb = await db.openAnother();
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.shutdown(5_000)));
    await otherDb?.$disconnect();
    await db?.close();
  });
  afterAll(removeTemplates);
  const current = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('twoConnectionsPerTest: used outside a test');
    return value;
  };
  return {
    get db() {
      return current(db).db;
    },
    get url() {
      return current(db).url;
    },
    get otherDb() {
      return current(otherDb);
    },
    track(manager) {
      managers.push(manager);
      return manager;
    },
  };
}
