// The environment every test server starts with (in this process or as a child process).

/**
 * What a test server runs with unless the test says otherwise. One run slot: each slot is a warm
 * run worker thread that loads kuromoji's dictionary at start-up (~2 s of CPU and ~450 MB), and
 * most servers in tests run no pipeline or one run at a time; tests of concurrent runs set
 * MAX_CONCURRENT_RUNS themselves. Production keeps its default (2).
 */
export const TEST_SERVER_ENV: Readonly<Record<string, string>> = {
  PORT: '0',
  HOST: '127.0.0.1',
  SEED_DEMO: 'false',
  MAX_CONCURRENT_RUNS: '1',
};
