// Which server process owns a run: `${hostname}:${pid}:${random}`, and whether that process is
// still alive (crash recovery on one host, where SQLite lives).
import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** A unique id for this server process: host, pid, and a random part (pids get reused). */
export function makeOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Splits an owner id; hostnames may contain ':' (IPv6-ish names), so parse from the right. */
export function parseOwnerId(ownerId: string | null): { host: string; pid: number } | null {
  if (!ownerId) return null;
  const parts = ownerId.split(':');
  if (parts.length < 3) return null;
  const pid = Number(parts[parts.length - 2]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { host: parts.slice(0, -2).join(':'), pid };
}

/** `process.kill(pid, 0)`: ESRCH means gone; EPERM means alive under another user. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
