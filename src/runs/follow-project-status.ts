// Every status change of a project's runs for a follower: this process's announcements and
// the shared poll of the project's rows (for changes made by another process), merged by stage.
import { AppError } from '../errors';
import { runStage } from './project-status-feed';
import type { RunResources } from './resources';
import type { RunRow } from './types';

/**
 * Every status change of the project's runs, also those made by another process on the same
 * database (polled; a stage shorter than the poll may be skipped there). With `includeCurrent`,
 * first the project's current run (active, else latest), read after subscribing so no change
 * after it is missed. Never yields a run at a stage it has already yielded, or an earlier one.
 * After falling behind, the project's current run.
 */
export async function* followProjectStatus($: RunResources, projectId: number, signal?: AbortSignal, options: { includeCurrent?: boolean } = {}): AsyncGenerator<RunRow> {
  const sub = $.bus.subscribe('project', projectId, { signal, capacity: 64 });
  const polling = $.statusFeed.follow(projectId);
  const yielded = new Map<number, number>();
  const isNews = (run: RunRow): boolean => {
    const stage = runStage(run);
    if ((yielded.get(run.id) ?? -1) >= stage) return false;
    yielded.delete(run.id);
    yielded.set(run.id, stage);
    if (yielded.size > 64) yielded.delete(yielded.keys().next().value!);
    return true;
  };
  try {
    if (!(await $.repo.projectExists(projectId))) throw new AppError('NOT_FOUND', `Project ${projectId} does not exist.`, { projectId });
    if (options.includeCurrent) {
      await polling.ready;
      const current = await $.repo.currentRunOfProject(projectId);
      if (current && isNews(current)) yield current;
    }
    for (;;) {
      const next = await sub.next();
      if (next.done) return;
      const run = sub.takeLagged() ? await $.repo.currentRunOfProject(projectId) : next.value.run;
      if (run && isNews(run)) yield run;
    }
  } finally {
    polling.stop();
    sub.close();
  }
}
