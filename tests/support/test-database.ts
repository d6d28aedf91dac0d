// Which database the run-server suites use: SQLite by default, PostgreSQL in the vitest project
// `postgres` (vitest.config.ts sets GG_TEST_DATABASE there). On PostgreSQL each call makes a
// database of its own, copied from the migrated template the global setup prepared.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export type TestDatabaseKind = 'sqlite' | 'postgresql';

/** The database these tests run on. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.GG_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
}

export const onPostgres = (): boolean => testDatabaseKind() === 'postgresql';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgres').adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface PostgresTestDatabase {
  url: string;
  /** Drops the database, ending any connection still open on it. */
  drop(): Promise<void>;
}

/** A fresh, migrated PostgreSQL database (a copy of the template). */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const { adminUrl, template } = inject('postgres');
  const name = `gg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
