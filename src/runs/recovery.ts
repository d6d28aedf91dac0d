// Crash recovery at start-up: runs left active by a server process that is gone.
import os from 'node:os';
import { INTERRUPTED_MESSAGE } from './messages';
import { parseOwnerId, processIsAlive } from './owner-id';
import type { RunResources } from './resources';
import type { RunRow } from './types';

/**
 * At start-up: ends or adopts runs left active by a process that is gone. Single-host
 * assumption (SQLite is a local file): an owner on this host whose pid no longer exists is
 * dead; an owner on another host, or a live pid here, is left alone — a second live server on
 * the same database keeps its runs. RUNNING orphans become FAILED (their work cannot be
 * resumed mid-step) with a last log line; PENDING orphans join our queue, oldest first
 * (the caller pumps).
 */
export async function recoverInterrupted($: RunResources): Promise<{ failed: number[]; adopted: number[] }> {
  const isAlive = $.deps.isProcessAlive ?? processIsAlive;
  const host = os.hostname();
  const failed: number[] = [];
  const adopted: number[] = [];
  for (const run of await $.repo.activeRunsNotOwnedBy($.ownerId)) {
    const owner = parseOwnerId(run.ownerId);
    // A run with no parseable owner was written by no server of ours (a manual insert, an old
    // version): nobody will ever execute it, so it is treated as orphaned.
    const orphaned = owner === null || (owner.host === host && !isAlive(owner.pid));
    if (!orphaned) continue;
    if (run.status === 'RUNNING') {
      const result = await failOrphanWithLog($, run);
      if (result) {
        failed.push(run.id);
        $.publishStatus(result);
      }
    } else {
      const res = await $.repo.adoptPending(run.id, run.ownerId, $.ownerId);
      if (res.result === 'updated') adopted.push(run.id);
    }
  }
  if (failed.length || adopted.length) {
    $.logger.info('Recovered runs of a stopped server', { failed, adopted });
  }
  return { failed, adopted };
}

/**
 * FAILED (only while the dead owner still holds the run: one recoverer wins), then the last log
 * line at the seq that UPDATE reserved. Two single statements rather than one transaction: with
 * a synchronous SQLite driver, two connections in one thread that interleave multi-statement
 * transactions block each other until the busy timeout. A crash between the two leaves the run
 * FAILED without its last line, which readers tolerate (they stop at the end of stored lines).
 */
export async function failOrphanWithLog($: RunResources, run: Pick<RunRow, 'id' | 'ownerId' | 'step'>): Promise<RunRow | null> {
  const now = new Date();
  const ended = await $.repo.failOrphan(run.id, run.ownerId, INTERRUPTED_MESSAGE, now);
  if (ended.result !== 'updated' || !ended.run) return null;
  await $.repo.appendLogLine({ runId: run.id, seq: ended.run.lastSeq, time: now, level: 'ERROR', step: run.step, message: INTERRUPTED_MESSAGE });
  return ended.run;
}
