// Which database the run-server suites use: SQLite by default, PostgreSQL in the vitest project
// `postgres` (vitest.config.ts sets GG_TEST_DATABASE there). On PostgreSQL a test gets a database
// of its own, copied from the migrated template the global setup prepared; one handed back is
// emptied (every table truncated, identities restarted) and handed to the next test of the same
// test process, because CREATE DATABASE … TEMPLATE and DROP DATABASE cost 0.2–0.7 s a test under
// load against ~0.05 s for the truncate.
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
  /** Ends any connection still open on it and drops it (or empties it for the next test). */
  drop(): Promise<void>;
}

function urlOf(name: string): string {
  const url = new URL(inject('postgres').adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function copyTemplate(): Promise<string> {
  const { template } = inject('postgres');
  const name = `gg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return name;
}

/**
 * A fresh, migrated PostgreSQL database (a copy of the template) that `drop()` really drops: for
 * tests that change its schema or need it to be new.
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const name = await copyTemplate();
  return {
    url: urlOf(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Emptied databases of this test process, ready for the next test. */
const emptied: string[] = [];

/** Ends every other connection to `name`, then empties its tables as a fresh copy has them. */
async function empty(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    // As DROP … WITH (FORCE) did: a client the test left open cannot write into the next test.
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * A migrated PostgreSQL database with empty tables, as a fresh copy of the template has them;
 * `drop()` hands it back to this process's next test. Not for tests that change the schema.
 */
export async function acquirePostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const name = emptied.pop() ?? (await copyTemplate());
  let released = false;
  return {
    url: urlOf(name),
    async drop() {
      if (released) return;
      released = true;
      await empty(name);
      emptied.push(name);
    },
  };
}
