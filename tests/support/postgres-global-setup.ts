// vitest globalSetup of the `postgres` project: one embedded PostgreSQL per test run (~1–5 s),
// with a migrated template database that each test file copies into a database of its own
// (tests/support/test-database.ts). The server is stopped and its folder removed at the end.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { migrateDatabase } from '../../src/db/migrate';

export const POSTGRES_TEMPLATE = 'gg_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the embedded server's `postgres` database and the migrated template's name. */
    postgres: { adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmbeddedPostgres();
  try {
    await migrateDatabase(await server.createDatabase(POSTGRES_TEMPLATE));
  } catch (err) {
    await server.stop();
    throw err;
  }
  project.provide('postgres', { adminUrl: server.urlOf('postgres'), template: POSTGRES_TEMPLATE });
  return () => server.stop();
}
