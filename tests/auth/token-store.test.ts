// The token store on a real temp database: what is stored, verification, revocation, names.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '../../src/auth/index';
import { hashToken } from '../../src/auth/token-secret';
import { type Db, openDb } from '../../src/db/client';
import { migrateIfNeeded } from '../../src/db/migrate';

let dir: string;
let db: Db;
let now: Date;
let store: ApiTokenStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gg-tokens-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  await migrateIfNeeded(url, { info() {}, warn() {}, error() {} });
  db = await openDb(url);
  now = new Date('2026-01-01T00:00:00Z');
  store = new ApiTokenStore(db, () => now);
});
afterEach(async () => {
  await db.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe('ApiTokenStore', () => {
  it('creates a ggt_ token with 32 random bytes and stores only its SHA-256 and prefix', async () => {
    const { token, info } = await store.create({ name: 'ci', role: 'operator' });
    expect(token).toMatch(/^ggt_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(info).toMatchObject({ name: 'ci', role: 'operator', prefix: token.slice(0, 12), revokedAt: null, lastUsedAt: null });
    const [row] = await db.apiToken.findMany();
    expect(row!.hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(12));
    const second = await store.create({ name: 'ci-2', role: 'operator' });
    expect(second.token).not.toBe(token);
  });

  it('verifies the token, not a near miss, and records when it was last used (at most once a minute)', async () => {
    const { token } = await store.create({ name: 'ci', role: 'viewer' });
    expect(await store.verify(token)).toMatchObject({ name: 'ci', role: 'viewer' });
    const lastChar = token.at(-1) === 'A' ? 'B' : 'A';
    for (const wrong of [token.slice(0, -1) + lastChar, token.slice(0, -1), token + 'x', token.replace('ggt_', 'ggx_'), '', 'Bearer ' + token]) {
      expect(await store.verify(wrong), wrong).toBeNull();
    }
    expect((await store.list())[0]!.lastUsedAt).toEqual(now);
    const first = now;
    now = new Date(first.getTime() + 30_000);
    await store.verify(token);
    expect((await store.list())[0]!.lastUsedAt).toEqual(first);
    now = new Date(first.getTime() + 61_000);
    await store.verify(token);
    expect((await store.list())[0]!.lastUsedAt).toEqual(now);
  });

  it('revokes by id or name: the token stops verifying, listeners hear it, the name can be reused', async () => {
    const a = await store.create({ name: 'a', role: 'admin' });
    const b = await store.create({ name: 'b', role: 'viewer' });
    const heard: unknown[] = [];
    store.events.on('revoked', (t) => heard.push(t));
    await store.revoke('a');
    await store.revoke(String(b.info.id));
    expect(heard).toEqual([
      { id: a.info.id, name: 'a', role: 'admin' },
      { id: b.info.id, name: 'b', role: 'viewer' },
    ]);
    expect(await store.verify(a.token)).toBeNull();
    expect(await store.verify(b.token)).toBeNull();
    expect(await store.hasActiveToken()).toBe(false);
    expect(await store.list()).toEqual([]);
    expect((await store.list({ includeRevoked: true })).map((t) => t.revokedAt)).toEqual([now, now]);
    await expect(store.revoke('a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const again = await store.create({ name: 'a', role: 'viewer' });
    expect(await store.verify(again.token)).toMatchObject({ name: 'a', role: 'viewer' });
  });

  it('refuses bad names, a taken active name and unknown roles with BAD_USER_INPUT', async () => {
    await store.create({ name: 'ci', role: 'viewer' });
    for (const name of ['', '12', '-x', 'a b', 'x'.repeat(65), 'naïve', 'ci']) {
      await expect(store.create({ name, role: 'viewer' }), name).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(store.create({ name: 'root', role: 'superuser' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await store.list()).map((t) => t.name)).toEqual(['ci']);
  });
});
