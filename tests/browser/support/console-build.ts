// Builds console/dist once (scripts/build-console.mjs skips the build when it is fresh). Test
// files run in parallel workers, so a lock directory makes the second one wait for the first.
import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const lock = path.join(root, 'console', '.build-lock');
/** A lock older than this was left by a killed process. */
const STALE_LOCK_MS = 5 * 60_000;

async function takeLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      // Another worker is building: look again shortly (a lock, not a test assertion).
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function ensureConsoleBuilt(): Promise<void> {
  await takeLock();
  try {
    await run(process.execPath, [path.join(root, 'scripts', 'build-console.mjs')], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
