// Runs and their log lines in the database. Every status change is one conditional UPDATE
// (`… WHERE id = ? AND status IN (…)`): the database decides which of two racing writers wins,
// never a value read earlier in JavaScript.
import { AppError } from '../errors';
import { type Db, providerOf } from './client';
import type { Prisma, Run, RunLog } from './generated/client/client';

export type RunStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type TerminalStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type TransitionResult = 'updated' | 'not_found' | 'wrong_state';
/** The outcome and the row: after the change when updated, as it stands when refused, null when not found. */
export interface Transition {
  result: TransitionResult;
  run: Run | null;
}

/**
 * The only transitions there are. PENDING never jumps to COMPLETED or FAILED (it did not run);
 * terminal statuses appear on no left-hand side, so they never change again.
 */
export const ALLOWED_FROM: Readonly<Record<Exclude<RunStatus, 'PENDING'>, readonly RunStatus[]>> = {
  RUNNING: ['PENDING'],
  COMPLETED: ['RUNNING'],
  FAILED: ['RUNNING'],
  CANCELLED: ['PENDING', 'RUNNING'],
};

const ACTIVE: RunStatus[] = ['PENDING', 'RUNNING'];
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export interface NewRun {
  projectId: number;
  scope: string;
  documentIds?: readonly number[] | null;
  triggeredBy?: string;
  /** Name of the API token that started it. */
  startedBy?: string | null;
  ownerId: string;
}

/** A log line ready to insert (seq already assigned by the run's LogWriter). */
export interface LogLineInput {
  runId: number;
  seq: number;
  time: Date;
  level: string;
  step: string | null;
  message: string;
  fields: string | null;
}

export interface ProgressFields {
  step: string | null;
  progressCurrent: number;
  progressTotal: number;
  currentItem: string | null;
}

export interface RunsPageQuery {
  projectId?: number;
  /** Ids below this one (cursor: the last id of the previous page). */
  beforeId?: number;
  first: number;
  status?: readonly string[];
  scope?: readonly string[];
}

/** A DateTime as Prisma's SQLite adapter stores it (ISO 8601 with an explicit +00:00 offset). */
function sqliteTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/**
 * One INSERT for a whole batch, reading it from a JSON array (`json_each`). Prisma's createMany
 * costs ~250 µs per row here (query compilation, per-field mapping); this ~5 µs, which is what
 * keeps a chatty pipeline from being slowed by its logs (bench/runs-ingestion.ts).
 */
export const INSERT_LOG_LINES_SQL = `INSERT INTO "RunLog" ("runId", "seq", "time", "level", "step", "message", "fields")
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 FROM json_each(?)`;

/** The same on PostgreSQL: one parameter, the batch as JSON, unpacked by json_array_elements. */
export const INSERT_LOG_LINES_POSTGRES_SQL = `INSERT INTO "RunLog" ("runId", "seq", "time", "level", "step", "message", "fields")
  SELECT (v ->> 0)::int, (v ->> 1)::int, (v ->> 2)::timestamptz AT TIME ZONE 'UTC', v ->> 3, v ->> 4, v ->> 5, v ->> 6
  FROM json_array_elements($1::json) AS v`;

/** The batch as the JSON array INSERT_LOG_LINES_SQL reads, times in Prisma's own format. */
export function logLinesJson(lines: readonly LogLineInput[]): string {
  return JSON.stringify(lines.map((l) => [l.runId, l.seq, sqliteTime(l.time), l.level, l.step, l.message, l.fields]));
}

/** P2002, or the driver adapter's UniqueConstraintViolation when the error comes through raw. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: { kind?: unknown } };
  return (
    e.code === 'P2002' ||
    e.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation' ||
    e.cause?.kind === 'UniqueConstraintViolation'
  );
}

export class RunRepository {
  private readonly insertLogLinesWhileRunningSql: string;

  constructor(private readonly db: Db) {
    this.insertLogLinesWhileRunningSql =
      providerOf(db) === 'postgresql'
        ? `${INSERT_LOG_LINES_POSTGRES_SQL} WHERE EXISTS (SELECT 1 FROM "Run" WHERE "id" = $2 AND "status" = 'RUNNING')`
        : `${INSERT_LOG_LINES_SQL} WHERE EXISTS (SELECT 1 FROM "Run" WHERE "id" = ? AND "status" = 'RUNNING')`;
  }

  /**
   * Inserts a PENDING run. The partial unique index on active runs turns a second active run for
   * the project into a unique violation, reported as RUN_ALREADY_ACTIVE with the winner's id.
   */
  async createPending(input: NewRun): Promise<Run> {
    // The active run we collided with may end between our insert and our read; then a retry
    // either succeeds or collides with a newer active run whose id we can report.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.run.create({
          data: {
            projectId: input.projectId,
            scope: input.scope,
            status: 'PENDING',
            documentIds: input.documentIds ? JSON.stringify(input.documentIds) : null,
            triggeredBy: input.triggeredBy ?? 'api',
            startedBy: input.startedBy ?? null,
            ownerId: input.ownerId,
          },
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const active = await this.activeRunOfProject(input.projectId);
        if (active) {
          throw new AppError('RUN_ALREADY_ACTIVE', `Project ${input.projectId} already has an active run (${active.id}).`, {
            activeRunId: active.id,
          });
        }
        if (attempt >= 3) throw err;
      }
    }
  }

  /**
   * Applies `data` only if the run is in one of `from` (one UPDATE … RETURNING). The row comes back
   * either way: after the change, or as it stands when the change was refused.
   */
  async transition(
    id: number,
    from: readonly RunStatus[],
    data: Prisma.RunUpdateManyMutationInput,
    extraWhere: Prisma.RunWhereInput = {},
  ): Promise<Transition> {
    const [updated] = await this.db.run.updateManyAndReturn({
      where: { ...extraWhere, id, status: { in: [...from] } },
      data,
    });
    if (updated) return { result: 'updated', run: updated };
    // Only classifies a refusal that the UPDATE already decided; it decides nothing itself.
    const current = await this.db.run.findUnique({ where: { id } });
    return { result: current ? 'wrong_state' : 'not_found', run: current };
  }

  /** PENDING → RUNNING for this owner (the queue's claim). */
  claim(id: number, ownerId: string, now = new Date()): Promise<Transition> {
    return this.transition(id, ALLOWED_FROM.RUNNING, { status: 'RUNNING', startedAt: now }, { ownerId });
  }

  /**
   * → a terminal status, from the statuses the table allows. With `ownerId`, only while that owner
   * still holds the run (fencing: an instance whose lease expired must not overwrite the FAILED
   * the others' sweep wrote).
   */
  finish(id: number, status: TerminalStatus, error: string | null = null, now = new Date(), ownerId?: string): Promise<Transition> {
    return this.transition(id, ALLOWED_FROM[status], { status, error, finishedAt: now }, ownerId === undefined ? {} : { ownerId });
  }

  /** PENDING → CANCELLED (a queued run that never started). */
  cancelPending(id: number, message: string, now = new Date(), cancelledBy: string | null = null): Promise<Transition> {
    return this.transition(id, ['PENDING'], { status: 'CANCELLED', error: message, finishedAt: now, cancelRequestedAt: now, cancelledBy });
  }

  /** Records a cancel request on a RUNNING run; the first request's time (and token) is kept, a repeat is not an error. */
  async requestCancel(id: number, now = new Date(), cancelledBy: string | null = null): Promise<Transition> {
    const first = await this.transition(id, ['RUNNING'], { cancelRequestedAt: now, cancelledBy }, { cancelRequestedAt: null });
    if (first.result === 'wrong_state' && first.run?.status === 'RUNNING') return { result: 'updated', run: first.run };
    return first;
  }

  /** Moves a PENDING run from a dead owner to us (crash recovery); only one adopter can win. */
  adoptPending(id: number, fromOwner: string | null, toOwner: string): Promise<Transition> {
    return this.transition(id, ['PENDING'], { ownerId: toOwner }, { ownerId: fromOwner });
  }

  /**
   * RUNNING → FAILED for a run whose owner is gone, only while that owner still holds it. Also
   * reserves the next seq (returned as the row's lastSeq) for the line that says why.
   */
  failOrphan(id: number, owner: string | null, message: string, now = new Date()): Promise<Transition> {
    return this.transition(
      id,
      ['RUNNING'],
      { status: 'FAILED', error: message, finishedAt: now, lastSeq: { increment: 1 } },
      { ownerId: owner },
    );
  }

  /** Stores a progress snapshot; a no-op once the run has ended (terminal rows never change). */
  async saveProgress(id: number, progress: ProgressFields): Promise<void> {
    await this.db.run.updateMany({ where: { id, status: 'RUNNING' }, data: progress });
  }

  /**
   * Inserts a batch of lines and moves `lastSeq` in one transaction, so a reader who sees
   * `lastSeq = n` can read every line up to n. `lastSeq` only moves forward. Only while the run
   * is RUNNING (a RUNNING run has one owner all along, so this fences an owner whose run was
   * ended meanwhile): later lines are dropped, never stored after the line that ended it.
   */
  async appendLogs(runId: number, lines: readonly LogLineInput[]): Promise<void> {
    const last = lines[lines.length - 1];
    if (!last) return;
    // The UPDATE first: on PostgreSQL it locks the row, so a sweep failing the run waits for the
    // batch and then reserves the seq after it.
    await this.db.$transaction([
      this.db.run.updateMany({ where: { id: runId, status: 'RUNNING', lastSeq: { lt: last.seq } }, data: { lastSeq: last.seq } }),
      this.db.$executeRawUnsafe(this.insertLogLinesWhileRunningSql, logLinesJson(lines), runId),
    ]);
  }

  findById(id: number): Promise<Run | null> {
    return this.db.run.findUnique({ where: { id } });
  }

  /** The project's PENDING or RUNNING run (at most one, by the partial unique index). */
  activeRunOfProject(projectId: number): Promise<Run | null> {
    return this.db.run.findFirst({ where: { projectId, status: { in: ACTIVE } }, orderBy: { id: 'desc' } });
  }

  latestRunOfProject(projectId: number): Promise<Run | null> {
    return this.db.run.findFirst({ where: { projectId }, orderBy: { id: 'desc' } });
  }

  /** The project's highest run id (0 with none) and its active runs: where watching it starts. */
  async projectRunsBaseline(projectId: number): Promise<{ maxId: number; active: Run[] }> {
    const [latest, active] = await Promise.all([
      this.db.run.findFirst({ where: { projectId }, orderBy: { id: 'desc' }, select: { id: true } }),
      this.db.run.findMany({ where: { projectId, status: { in: ACTIVE } }, orderBy: { id: 'asc' } }),
    ]);
    return { maxId: latest?.id ?? 0, active };
  }

  /** The project's runs created after `afterId`, and the runs `ids`, oldest first. */
  projectRunsChanged(projectId: number, afterId: number, ids: number[]): Promise<Run[]> {
    return this.db.run.findMany({
      where: { projectId, OR: [{ id: { gt: afterId } }, ...(ids.length ? [{ id: { in: ids } }] : [])] },
      orderBy: { id: 'asc' },
    });
  }

  /** The active run if there is one, else the latest (the GUI's global bar). */
  async currentRunOfProject(projectId: number): Promise<Run | null> {
    return (await this.activeRunOfProject(projectId)) ?? this.latestRunOfProject(projectId);
  }

  /** Newest first; `beforeId` is the cursor. Fetches `first + 1` rows so callers know if there is more. */
  async runsPage(q: RunsPageQuery): Promise<{ runs: Run[]; hasNextPage: boolean }> {
    const rows = await this.db.run.findMany({
      where: {
        ...(q.projectId !== undefined ? { projectId: q.projectId } : {}),
        ...(q.beforeId !== undefined ? { id: { lt: q.beforeId } } : {}),
        ...(q.status?.length ? { status: { in: [...q.status] } } : {}),
        ...(q.scope?.length ? { scope: { in: [...q.scope] } } : {}),
      },
      orderBy: { id: 'desc' },
      take: q.first + 1,
    });
    return { runs: rows.slice(0, q.first), hasNextPage: rows.length > q.first };
  }

  /** Stored lines with seq > afterSeq, in order, at most `limit`; `minLevel` filters DEBUG < INFO < WARN < ERROR. */
  logsAfter(runId: number, afterSeq: number, limit = 500, minLevel?: string): Promise<RunLog[]> {
    const index = minLevel ? LEVELS.indexOf(minLevel as (typeof LEVELS)[number]) : 0;
    const levels = index > 0 ? { level: { in: LEVELS.slice(index) as unknown as string[] } } : {};
    return this.db.runLog.findMany({
      where: { runId, seq: { gt: afterSeq }, ...levels },
      orderBy: { seq: 'asc' },
      take: limit,
    });
  }

  /** Status and highest stored seq, read together (one row). */
  runState(id: number): Promise<Pick<Run, 'id' | 'status' | 'lastSeq' | 'projectId'> | null> {
    return this.db.run.findUnique({ where: { id }, select: { id: true, status: true, lastSeq: true, projectId: true } });
  }

  async isTerminal(id: number): Promise<boolean | null> {
    const row = await this.db.run.findUnique({ where: { id }, select: { status: true } });
    return row ? !ACTIVE.includes(row.status as RunStatus) : null;
  }

  /** Queued runs of any owner, oldest first (many instances share one queue on PostgreSQL). */
  oldestPending(take: number): Promise<Run[]> {
    return this.db.run.findMany({ where: { status: 'PENDING' }, orderBy: { id: 'asc' }, take });
  }

  /**
   * PENDING → RUNNING for whichever instance gets there first, whoever queued the run: one
   * conditional UPDATE, so of several instances claiming the same run exactly one wins.
   */
  claimQueued(id: number, ownerId: string, now = new Date()): Promise<Transition> {
    return this.transition(id, ALLOWED_FROM.RUNNING, { status: 'RUNNING', startedAt: now, ownerId });
  }

  /** This owner's queued runs, oldest first (the FIFO queue lives in the table). */
  pendingOwnedBy(ownerId: string, take: number): Promise<Run[]> {
    return this.db.run.findMany({ where: { status: 'PENDING', ownerId }, orderBy: { id: 'asc' }, take });
  }

  /** Every PENDING/RUNNING run not owned by `exceptOwner` (candidates for crash recovery). */
  activeRunsNotOwnedBy(exceptOwner: string): Promise<Run[]> {
    return this.db.run.findMany({
      where: { status: { in: ACTIVE }, OR: [{ ownerId: null }, { ownerId: { not: exceptOwner } }] },
      orderBy: { id: 'asc' },
    });
  }

  /**
   * What a run executing here may have to stop for, as another process recorded it on the same
   * database: its status (ended meanwhile?) and whether a cancel was requested. One row, one read.
   */
  async stopState(id: number): Promise<{ status: RunStatus; cancelRequested: boolean } | null> {
    const row = await this.db.run.findUnique({ where: { id }, select: { status: true, cancelRequestedAt: true } });
    return row ? { status: row.status as RunStatus, cancelRequested: row.cancelRequestedAt != null } : null;
  }

  // ---- what start() checks before inserting (runs/start-checks.ts), and the recovery's last line

  async projectExists(projectId: number): Promise<boolean> {
    return (await this.db.project.findUnique({ where: { id: projectId }, select: { id: true } })) !== null;
  }

  /** Which of `ids` are documents of the project. */
  async documentIdsOfProject(projectId: number, ids: readonly number[]): Promise<number[]> {
    const found = await this.db.document.findMany({ where: { projectId, id: { in: [...ids] } }, select: { id: true } });
    return found.map((d) => d.id);
  }

  documentCount(projectId: number): Promise<number> {
    return this.db.document.count({ where: { projectId } });
  }

  termCount(projectId: number): Promise<number> {
    return this.db.term.count({ where: { projectId } });
  }

  provisionalCount(projectId: number): Promise<number> {
    return this.db.provisionalEntry.count({ where: { projectId } });
  }

  /** One log line at a seq already reserved on the run (failOrphan moves lastSeq). */
  async appendLogLine(line: Omit<LogLineInput, 'fields'>): Promise<void> {
    await this.db.runLog.create({ data: line });
  }
}
