// Automatic incremental extraction on upload (Project.autoExtract, the original's behaviour).
// Uploads mark their documents `autoExtractPending` in the upload's own transaction; this service
// hands the marked documents of a project to one EXTRACT run (triggeredBy "auto"), queued like any
// other run. When the project has an active run, the documents stay marked and a follower of the
// project's run statuses starts one run for all of them once that run ends. The marks are stored,
// so a restart loses nothing: `resumeAll` at start-up picks them up. A mark is cleared only after
// its run was created, so a crash in between extracts those documents twice rather than never.
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import type { Logger } from '../logger';
import { isTerminal, type RunService } from '../runs/index';
import type { AfterUpload } from './document-service';

export class AutoExtract implements AfterUpload {
  /** One drain at a time per project, in this process: two uploads never start two runs for one mark. */
  private readonly chains = new Map<number, Promise<void>>();
  private readonly watches = new Map<number, AbortController>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly runs: Pick<RunService, 'start' | 'followProjectStatus'>,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  documentsAdded(projectId: number): Promise<void> {
    return this.drain(projectId);
  }

  /** Start-up: projects with marked documents (left by a restart or by a run that was active) get their run. */
  async resumeAll(): Promise<void> {
    const projects = await this.db.document.findMany({ where: { autoExtractPending: true }, distinct: ['projectId'], select: { projectId: true } });
    await Promise.all(projects.map((p) => this.drain(p.projectId)));
  }

  /** Stops following projects (server shutdown). Marked documents stay marked for the next start. */
  close(): void {
    this.closed = true;
    for (const c of this.watches.values()) c.abort();
    this.watches.clear();
  }

  /** Projects followed while they wait for an active run to end (tests). */
  get waitingProjects(): number {
    return this.watches.size;
  }

  /**
   * Starts one EXTRACT run for the project's marked documents, or waits for the active run to end.
   * Never rejects: the upload that called it has committed, and its documents stay marked on failure.
   */
  drain(projectId: number): Promise<void> {
    const previous = this.chains.get(projectId) ?? Promise.resolve();
    const next = previous.then(() => this.drainNow(projectId)).catch((err: unknown) => {
      this.logger.warn('Automatic extraction failed; the documents stay marked for the next attempt', { projectId, err });
    });
    this.chains.set(projectId, next);
    void next.then(() => {
      if (this.chains.get(projectId) === next) this.chains.delete(projectId);
    });
    return next;
  }

  private async drainNow(projectId: number): Promise<void> {
    if (this.closed) return;
    const marked = await this.db.document.findMany({ where: { projectId, autoExtractPending: true }, orderBy: { id: 'asc' }, select: { id: true } });
    if (marked.length === 0) {
      this.unwatch(projectId);
      return;
    }
    const documentIds = marked.map((d) => d.id);
    try {
      await this.runs.start({ projectId, scope: 'EXTRACT', documentIds, triggeredBy: 'auto' });
    } catch (e) {
      if (isAppError(e) && e.code === 'RUN_ALREADY_ACTIVE') {
        this.watch(projectId);
        return;
      }
      if (isAppError(e) && (e.code === 'SHUTTING_DOWN' || e.code === 'NOT_FOUND')) return;
      this.logger.warn('Automatic extraction could not start; the documents stay marked for the next attempt', { projectId, err: e });
      return;
    }
    await this.db.document.updateMany({ where: { id: { in: documentIds } }, data: { autoExtractPending: false } });
    this.unwatch(projectId);
  }

  /** Follows the project's run statuses until its marked documents have their run. */
  private watch(projectId: number): void {
    if (this.closed || this.watches.has(projectId)) return;
    const controller = new AbortController();
    this.watches.set(projectId, controller);
    void (async () => {
      try {
        // includeCurrent: the run that blocked us is read after subscribing, so its end is never missed.
        for await (const run of this.runs.followProjectStatus(projectId, controller.signal, { includeCurrent: true })) {
          if (isTerminal(run.status)) await this.drain(projectId);
          if (controller.signal.aborted) break;
        }
      } catch (e) {
        if (!controller.signal.aborted) this.logger.warn('Following runs for automatic extraction failed', { projectId, err: e });
      } finally {
        if (this.watches.get(projectId) === controller) this.watches.delete(projectId);
      }
    })();
  }

  private unwatch(projectId: number): void {
    const controller = this.watches.get(projectId);
    if (!controller) return;
    this.watches.delete(projectId);
    controller.abort();
  }
}
