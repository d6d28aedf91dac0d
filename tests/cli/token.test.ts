// `genglossary token create|list|revoke` on a fresh database file: in-process through run() for
// the command rules, and once as real processes, where the printed token opens a real server
// with AUTH=required.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { gqlAs } from '../support/auth';
import { spawnServer } from '../support/server-process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'genglossary.mjs');

let dir: string;
let databaseUrl: string;

/** The CLI in this process (the command rules), with captured output. */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await run(['node', 'genglossary', ...args], { stdout, stderr, env: { DATABASE_URL: databaseUrl }, signals: new EventEmitter(), exit: () => undefined, onProcessExit: () => () => undefined });
  return { code, stdout: out, stderr: err };
}

/** The CLI as a user runs it: bin/genglossary.mjs in its own process. */
function cliProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-cli-token-'));
  databaseUrl = `file:${path.join(dir, 'sub', 'test.db')}`;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('genglossary token', () => {
  it('create prints the token once; list shows it without the secret; revoke ends it', async () => {
    const created = await cli(['token', 'create', '--role', 'operator', '--name', 'ci']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ggt_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created operator token "ci" \(id 1\)\. It is shown only now/);

    const admin = await cli(['token', 'create', '--role', 'admin', '--name', 'root']);
    expect(admin.code).toBe(0);

    const listed = await cli(['token', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(token);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines[1]).toMatch(new RegExp(`^1\\s+ci\\s+operator\\s+${token.slice(0, 12)}…\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+-\\s+-$`));
    expect(lines[2]).toMatch(/^2\s+root\s+admin\s/);

    const revoked = await cli(['token', 'revoke', 'ci']);
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toMatch(/Revoked operator token "ci" \(id 1\)/);
    expect((await cli(['token', 'list'])).stdout).not.toMatch(/\bci\b/);
    expect((await cli(['token', 'list', '--all'])).stdout).toMatch(/^1\s+ci\s+operator\s.*\d{4}-\d\d-\d\dT\S+Z$/m);

    const again = await cli(['token', 'revoke', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/No active API token with id 1/);
    expect((await cli(['token', 'revoke', 'root'])).code).toBe(0);
  });

  it('refuses a bad role, a bad name and a taken name (exit 2), storing nothing more', async () => {
    const badRole = await cli(['token', 'create', '--role', 'root', '--name', 'x']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Allowed choices are viewer, operator, admin/);
    const badName = await cli(['token', 'create', '--role', 'viewer', '--name', 'two words']);
    expect(badName.code).toBe(2);
    expect(badName.stdout).toBe('');
    expect((await cli(['token', 'create', '--role', 'viewer', '--name', 'ci'])).code).toBe(0);
    const taken = await cli(['token', 'create', '--role', 'admin', '--name', 'ci']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/already exists/);
    expect(taken.stdout).toBe('');
    const listed = (await cli(['token', 'list'])).stdout.trim().split('\n');
    expect(listed).toHaveLength(2);
    expect(listed[1]).toMatch(/^1\s+ci\s+viewer\s/);
  });

  it('the printed token opens a server with AUTH=required; the server turns away requests without it', { timeout: 180_000 }, async () => {
    const created = await cliProcess(['token', 'create', '--role', 'viewer', '--name', 'reader']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const server = await spawnServer(databaseUrl, { AUTH: 'required' });
    try {
      const ok = await gqlAs(server.url, token, `{ me { role tokenName } }`);
      expect(ok.body.data.me).toEqual({ role: 'VIEWER', tokenName: 'reader' });
      expect((await gqlAs(server.url, null, `{ projects { id } }`)).status).toBe(401);
      // Revoked by the CLI (another process): the server refuses the token from its next request.
      expect((await cliProcess(['token', 'revoke', 'reader'])).code).toBe(0);
      const after = await gqlAs(server.url, token, `{ projects { id } }`);
      expect(after.status).toBe(401);
      expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
