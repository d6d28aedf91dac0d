import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The run-server suites (lifecycle, one-active-run, queue, cancel, logs, progress, history,
 * followers on another instance) run a second time on PostgreSQL: an embedded server started once
 * per test run (tests/support/postgres-global-setup.ts), a database of its own per test (emptied
 * and reused by the next test of the same process: tests/support/test-database.ts).
 * `npx vitest run --project postgres` runs only those.
 */
export const POSTGRES_SUITES = [
  'tests/db/run-repository.test.ts',
  'tests/db/glossary-store.test.ts',
  'tests/db/log-store.test.ts',
  'tests/**/postgres-*.test.ts',
  'tests/runs/run-manager.test.ts',
  'tests/runs/remote-follow.test.ts',
  'tests/runs/real-pipeline.test.ts',
  'tests/server/runs.test.ts',
  'tests/schema/streams.test.ts',
];

export default defineConfig({
  resolve: {
    // One copy of graphql: sources would otherwise get index.mjs and externalised deps index.js,
    // and `instanceof GraphQLError` fails between them (graphql-ws then closes sockets with 4500).
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start servers and child processes.
    maxWorkers: 2,
    // The test files of one worker share its module cache: the server's module graph (Prisma's
    // client, the Pothos schema) and the NLP models are imported and loaded once per worker, not
    // once per file — that import was ~35% of the suite's time. No test mocks modules or leaves
    // global state behind (fake timers are restored in afterEach); every file closes what it opens.
    isolate: false,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: ['tests/**/postgres-*.test.ts', 'tests/multi-instance/**'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...POSTGRES_SUITES, 'tests/multi-instance/**/*.test.ts'],
          env: { GG_TEST_DATABASE: 'postgresql' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
