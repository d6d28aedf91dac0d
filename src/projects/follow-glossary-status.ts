// The glossaryStatus subscription's source: the current status first, then the status after every
// change of it. Two kinds of hints wake it — status changes of the project's runs (the run layer's
// followProjectStatus, which also sees other processes' runs) and changes to the glossary's
// inputs (glossary-changes.ts) — and each time it re-derives the status from the store. Hints
// that arrive together are read once; a status equal to the last one sent is not sent again.
import type { Db } from '../db/client';
import type { RunService } from '../runs/index';
import type { GlossaryChanges } from './glossary-changes';
import { deriveGlossaryStatus, type GlossaryStatus, loadGlossaryFacts } from './glossary-status';

export interface GlossaryStatusSources {
  db: Db;
  runs: Pick<RunService, 'followProjectStatus'>;
  changes: Pick<GlossaryChanges, 'follow'>;
}

const sameStatus = (a: GlossaryStatus, b: GlossaryStatus) =>
  a.state === b.state && a.rerunFrom === b.rerunFrom && a.reasons.join() === b.reasons.join();

/** Never ends by itself; ends when `signal` aborts (or the project is deleted). */
export async function* followGlossaryStatus($: GlossaryStatusSources, projectId: number, signal: AbortSignal): AsyncGenerator<GlossaryStatus> {
  let dirty = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    dirty = true;
    const w = wake;
    wake = null;
    w?.();
  };
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal.addEventListener('abort', stop, { once: true });
  inner.signal.addEventListener('abort', notify, { once: true });
  // Subscribed before the first read, so no change after that read is missed.
  const changes = $.changes.follow(projectId, inner.signal);
  const runs = $.runs.followProjectStatus(projectId, inner.signal);
  const pump = async (source: AsyncIterable<unknown>) => {
    try {
      for await (const _ of source) notify();
    } catch {
      // The project went away (NOT_FOUND) or the bus closed: the loop below ends on its next read.
    } finally {
      stop();
    }
  };
  const pumps = [pump(changes), pump(runs)];
  try {
    let last: GlossaryStatus | null = null;
    while (!inner.signal.aborted) {
      dirty = false;
      const facts = await loadGlossaryFacts($.db, projectId);
      if (!facts) return;
      const status = deriveGlossaryStatus(facts);
      if (!last || !sameStatus(last, status)) {
        last = status;
        yield status;
      }
      if (!dirty && !inner.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
    changes.close();
    await Promise.allSettled(pumps);
  }
}
