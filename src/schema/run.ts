// Runs: start, cancel, history, stored logs, and the live views (logs, progress, status).
import { AppError } from '../errors';
import type { LogLevel, PipelineStep, RunScope } from '../pipeline/types';
import { snapshotFromRow } from '../runs/index';
import type { ProgressSnapshot, RunLogRow, RunStatus } from '../runs/types';
import { builder, type Context } from './builder';
import { LogLevelEnum, PipelineStepEnum, RunScopeEnum, RunStatusEnum } from './enums';
import { globalId, parseId, parseIds } from './ids';
import { followUntilReturn } from './streams';

const LEVEL_ORDER: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const MAX_LOG_PAGE = 1000;

const RunProgress = builder.objectRef<ProgressSnapshot>('RunProgress').implement({
  description: 'Where a run is: the step, the item count within it, and the percentage over the whole run.',
  fields: (t) => ({
    runId: t.globalID({ resolve: (p) => ({ type: 'Run', id: p.runId }) }),
    status: t.field({ type: RunStatusEnum, resolve: (p) => p.status }),
    step: t.field({ type: PipelineStepEnum, nullable: true, resolve: (p) => p.step }),
    current: t.exposeInt('current'),
    total: t.exposeInt('total'),
    currentItem: t.exposeString('currentItem', { nullable: true }),
    percent: t.exposeFloat('percent', { description: '0–100 over the whole run, steps weighted equally.' }),
  }),
});

const RunLogEntry = builder.prismaObject('RunLog', {
  name: 'RunLogEntry',
  description: 'One stored log line of a run. seq is 1, 2, 3 … per run, with no gaps.',
  fields: (t) => ({
    runId: t.globalID({ resolve: (l) => ({ type: 'Run', id: l.runId }) }),
    seq: t.exposeInt('seq'),
    time: t.expose('time', { type: 'DateTime' }),
    level: t.field({ type: LogLevelEnum, resolve: (l) => l.level as LogLevel }),
    step: t.field({ type: PipelineStepEnum, nullable: true, resolve: (l) => (l.step as PipelineStep | null) ?? null }),
    message: t.exposeString('message'),
    fields: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Structured fields of the line, e.g. { current, total, term }.',
      resolve: (l) => (l.fields ? (JSON.parse(l.fields) as unknown) : null),
    }),
  }),
});

const RunLogBatch = builder.objectRef<readonly RunLogRow[]>('RunLogBatch').implement({
  description: 'Consecutive log lines of a run, in seq order: what runLogBatches delivers in one message.',
  fields: (t) => ({
    lines: t.field({ type: [RunLogEntry], description: 'Never empty.', resolve: (batch) => [...batch] }),
    firstSeq: t.int({ resolve: (batch) => batch[0]?.seq ?? 0 }),
    lastSeq: t.int({ description: 'Resubscribe with afterSeq: lastSeq to continue after this batch.', resolve: (batch) => batch.at(-1)?.seq ?? 0 }),
  }),
});

builder.prismaNode('Run', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    projectId: t.globalID({ resolve: (r) => ({ type: 'Project', id: r.projectId }) }),
    project: t.relation('project'),
    scope: t.field({ type: RunScopeEnum, resolve: (r) => r.scope as RunScope }),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status as RunStatus }),
    documentIds: t.idList({
      nullable: true,
      description: 'The documents of an incremental EXTRACT; null means all documents.',
      resolve: (r) => (r.documentIds ? (JSON.parse(r.documentIds) as number[]).map((id) => globalId('Document', id)) : null),
    }),
    triggeredBy: t.exposeString('triggeredBy', { description: 'api, cli or auto.' }),
    startedBy: t.exposeString('startedBy', { nullable: true, description: 'Name of the API token that started the run; null without one (AUTH=off).' }),
    cancelledBy: t.exposeString('cancelledBy', { nullable: true, description: 'Name of the API token that cancelled the run; null when not cancelled by a token.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    cancelRequestedAt: t.expose('cancelRequestedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why the run failed or was cancelled (sanitized).' }),
    durationMs: t.int({
      nullable: true,
      description: 'Time from start to end (or to now while running); null before the run starts.',
      resolve: (r) => {
        if (!r.startedAt) return null;
        return (r.finishedAt ?? new Date()).getTime() - r.startedAt.getTime();
      },
    }),
    progress: t.field({ type: RunProgress, resolve: (r) => snapshotFromRow(r) }),
    lastSeq: t.exposeInt('lastSeq', { description: 'seq of the newest stored log line (0 when none).' }),
    logs: t.relation('logs', {
      description: `Stored log lines in seq order, after afterSeq, at minLevel or above; at most ${MAX_LOG_PAGE} per call.`,
      args: {
        afterSeq: t.arg.int({ defaultValue: 0 }),
        first: t.arg.int({ defaultValue: 500 }),
        minLevel: t.arg({ type: LogLevelEnum, defaultValue: 'DEBUG' }),
      },
      query: (args) => {
        const first = args.first ?? 500;
        if (first < 0 || first > MAX_LOG_PAGE) {
          throw new AppError('BAD_USER_INPUT', `first must be between 0 and ${MAX_LOG_PAGE}`, { argument: 'first' });
        }
        const minIndex = LEVEL_ORDER.indexOf(args.minLevel ?? 'DEBUG');
        return {
          where: {
            seq: { gt: args.afterSeq ?? 0 },
            ...(minIndex > 0 ? { level: { in: LEVEL_ORDER.slice(minIndex) as string[] } } : {}),
          },
          orderBy: { seq: 'asc' },
          take: first,
        };
      },
    }),
  }),
});

interface RunFilterArgs {
  status?: readonly string[] | null;
  scope?: readonly string[] | null;
}

function runFilter(args: RunFilterArgs) {
  return {
    ...(args.status?.length ? { status: { in: [...args.status] } } : {}),
    ...(args.scope?.length ? { scope: { in: [...args.scope] } } : {}),
  };
}

builder.prismaObjectFields('Project', (t) => ({
  // At most one run is active per project and no run can start while one is, so the active run
  // is always the newest: "active, else the latest" is simply the newest.
  currentRun: t.prismaField({
    type: 'Run',
    nullable: true,
    description: 'The active run, else the latest one; null before the first run.',
    resolve: (query, project, _args, ctx) =>
      ctx.db.run.findFirst({ ...query, where: { projectId: project.id }, orderBy: { id: 'desc' } }),
  }),
  runs: t.relatedConnection(
    'runs',
    {
      cursor: 'id',
      description: 'Run history, newest first, optionally filtered.',
      args: {
        status: t.arg({ type: [RunStatusEnum] }),
        scope: t.arg({ type: [RunScopeEnum] }),
      },
      query: (args) => ({ where: runFilter(args), orderBy: { id: 'desc' } }),
    },
    {
      fields: (c) => ({
        // Not the plugin's `totalCount: true`: that is a relation `_count`, which SQLite plans as a
        // GROUP BY over the whole Run table, every project's runs (27 ms at 100,000 runs); counted
        // per project it is one seek in the (projectId, status, id) index (bench/runs-history.ts).
        totalCount: c.int({
          resolve: (connection, _args, ctx) => {
            const { parent, args } = connection as unknown as { parent: { id: number }; args: RunFilterArgs };
            return ctx.db.run.count({ where: { projectId: parent.id, ...runFilter(args) } });
          },
        }),
      }),
    },
  ),
}));

async function requireRun(ctx: Context, id: number): Promise<void> {
  const found = await ctx.db.run.count({ where: { id } });
  if (!found) throw new AppError('NOT_FOUND', `Run ${globalId('Run', id)} not found`, { type: 'Run', id });
}

/** runLogs and runLogBatches: checks their arguments and the run, then follows its log through `follow`. */
async function followRunLog<T>(
  ctx: Context,
  args: { runId: string | number; afterSeq?: number | null },
  follow: (runId: number, afterSeq: number, signal: AbortSignal) => AsyncIterable<T>,
): Promise<AsyncIterableIterator<T>> {
  const runId = parseId(args.runId, 'Run', 'runId');
  const afterSeq = args.afterSeq ?? 0;
  if (afterSeq < 0) throw new AppError('BAD_USER_INPUT', 'afterSeq must not be negative', { argument: 'afterSeq' });
  await requireRun(ctx, runId);
  return followUntilReturn((signal) => follow(runId, afterSeq, signal));
}

async function requireProject(ctx: Context, id: number): Promise<void> {
  const found = await ctx.db.project.count({ where: { id } });
  if (!found) throw new AppError('NOT_FOUND', `Project ${globalId('Project', id)} not found`, { type: 'Project', id });
}

builder.queryFields((t) => ({
  run: t.prismaField({
    type: 'Run',
    description: 'One run; NOT_FOUND when the id is unknown.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = parseId(args.id, 'Run', 'id');
      const run = await ctx.db.run.findUnique({ ...query, where: { id } });
      if (!run) throw new AppError('NOT_FOUND', `Run ${args.id} not found`, { type: 'Run', id });
      return run;
    },
  }),
}));

const StartRunInput = builder.inputType('StartRunInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    scope: t.field({ type: RunScopeEnum, required: true }),
    documentIds: t.idList({ description: 'With EXTRACT: add terms from these documents only, keeping the rest.' }),
  }),
});

builder.mutationFields((t) => ({
  startRun: t.prismaField({
    type: 'Run',
    description:
      'Queues a run (PENDING). RUN_ALREADY_ACTIVE (extensions.activeRunId) when the project has an active run; NO_DOCUMENTS / NO_TERMS when there is nothing to work on.',
    args: { input: t.arg({ type: StartRunInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) =>
      ctx.runs.start({
        projectId: parseId(input.projectId, 'Project', 'projectId'),
        scope: input.scope,
        documentIds: input.documentIds ? parseIds(input.documentIds, 'Document', 'documentIds') : null,
        triggeredBy: 'api',
        startedBy: ctx.principal?.token?.name ?? null,
      }),
  }),
  cancelRun: t.prismaField({
    type: 'Run',
    description: 'PENDING → CANCELLED at once; RUNNING → stops within one item and ends CANCELLED. RUN_NOT_ACTIVE when already ended.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => ctx.runs.cancel(parseId(id, 'Run', 'id'), { cancelledBy: ctx.principal?.token?.name ?? null }),
  }),
}));

builder.subscriptionFields((t) => ({
  runLogs: t.field({
    type: RunLogEntry,
    description:
      'Stored lines after afterSeq, then live ones, in seq order with no gap and no duplicate; completes after the last line of a terminal run (at once for a run that already ended). Reconnect with the last seq seen.',
    args: { runId: t.arg.id({ required: true }), afterSeq: t.arg.int({ defaultValue: 0 }) },
    subscribe: (_root, args, ctx) => followRunLog(ctx, args, (runId, afterSeq, signal) => ctx.runs.followLogs(runId, afterSeq, signal)),
    resolve: (line) => line,
  }),
  runLogBatches: t.field({
    type: RunLogBatch,
    description:
      "runLogs' lines, many per message: each batch holds the next lines (up to 1,000) as the run stored them, so a client following a chatty run gets a message per stored batch instead of one per line. Same replay, order, no-gap/no-duplicate and completion rules as runLogs; reconnect with the last batch's lastSeq.",
    args: { runId: t.arg.id({ required: true }), afterSeq: t.arg.int({ defaultValue: 0 }) },
    subscribe: (_root, args, ctx) => followRunLog(ctx, args, (runId, afterSeq, signal) => ctx.runs.followLogBatches(runId, afterSeq, signal)),
    resolve: (batch) => batch,
  }),
  runProgress: t.field({
    type: RunProgress,
    description: 'The current snapshot first, then every change (coalesced); completes when the run is terminal.',
    args: { runId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const runId = parseId(args.runId, 'Run', 'runId');
      await requireRun(ctx, runId);
      return followUntilReturn((signal) => ctx.runs.followProgress(runId, signal));
    },
    resolve: (snapshot) => snapshot,
  }),
  runStatus: t.prismaField({
    type: 'Run',
    description:
      "Every status change of the project's runs (the run after the change), also of runs another server on the same database executes (seen within a second). Never completes by itself.",
    args: {
      projectId: t.arg.id({ required: true }),
      includeCurrent: t.arg.boolean({
        defaultValue: false,
        description:
          "First send the project's current run (the active one, else the latest; nothing without runs), read after subscribing: no change after it is missed.",
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const projectId = parseId(args.projectId, 'Project', 'projectId');
      await requireProject(ctx, projectId);
      const includeCurrent = args.includeCurrent ?? false;
      return followUntilReturn((signal) => ctx.runs.followProjectStatus(projectId, signal, { includeCurrent }));
    },
    resolve: (_query, run) => run,
  }),
}));

