// The start-up rule, on the real process: a server other machines can reach never runs without
// tokens. Only the refusal path runs here, so nothing ever listens on 0.0.0.0. A child process
// starts slowly on a busy machine: the timeouts are generous, nothing is timed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnServerExpectingExit } from '../support/server-process';

let dir: string;
let databaseUrl: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-auth-start-'));
  databaseUrl = `file:${path.join(dir, 'test.db')}`;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The lines a refusal printed, without the migration notice of a fresh database. */
const refusalLines = (output: string) => output.split('\n').filter((l) => l.trim() && !/applied migrations/.test(l));

describe('server start-up with auth', () => {
  it('refuses HOST=0.0.0.0 without any token: one clear line, exit 1', { timeout: 120_000 }, async () => {
    const { code, output } = await spawnServerExpectingExit(databaseUrl, { HOST: '0.0.0.0' });
    expect(code).toBe(1);
    const lines = refusalLines(output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Refusing to start: AUTH=required but the database has no active API token; create one with `genglossary token create/);
  });

  it('refuses HOST=0.0.0.0 with AUTH=off: one clear line, exit 1', { timeout: 120_000 }, async () => {
    const { code, output } = await spawnServerExpectingExit(databaseUrl, { HOST: '0.0.0.0', AUTH: 'off' });
    expect(code).toBe(1);
    const lines = refusalLines(output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Refusing to start: HOST=0\.0\.0\.0 is reachable from other machines and AUTH=off/);
  });
});
