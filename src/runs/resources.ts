// What every part of the run layer shares, built once per RunManager (in the spirit of
// trigger.dev's SystemResources): the database, the repository, the bus, the logger, this
// process's owner id, the options it was built with, the log store and the project status feed.
import type { Db } from '../db/client';
import { openLogStore, type LogStore } from '../db/log-store';
import { RunRepository } from '../db/run-repository';
import { makeOwnerId } from './owner-id';
import { ProjectStatusFeed } from './project-status-feed';
import { createRunEventBus, type RunEventBus } from './run-events';
import type { RunRelay } from './run-relay';
import type { RunLogger, RunManagerDeps } from './run-manager';
import type { RunRow } from './types';

export interface RunResources {
  readonly db: Db;
  readonly repo: RunRepository;
  readonly bus: RunEventBus;
  readonly logger: RunLogger;
  readonly ownerId: string;
  readonly deps: RunManagerDeps;
  readonly logStore: LogStore;
  /** The log store was created here (not passed in): shutdown closes it. */
  readonly ownsLogStore: boolean;
  readonly statusFeed: ProjectStatusFeed;
  /** Live events to and from other instances on PostgreSQL (run-relay.ts); null on SQLite. */
  relay: RunRelay | null;
  /** Announces a run's new row to its followers and to the project's status followers. */
  publishStatus(run: RunRow): void;
}

const consoleLogger: RunLogger = {
  info: (m, meta) => console.info(m, meta ?? ''),
  warn: (m, meta) => console.warn(m, meta ?? ''),
  error: (m, meta) => console.error(m, meta ?? ''),
};

export function createRunResources(deps: RunManagerDeps): RunResources {
  const repo = new RunRepository(deps.db);
  const bus = deps.bus ?? createRunEventBus();
  const logger = deps.logger ?? consoleLogger;
  const opened = deps.logStore
    ? { store: deps.logStore, owned: false }
    : openLogStore(repo, deps.databaseUrl, (err) =>
        logger.error('Log store worker failed; storing run logs on the main connection from now on', { err }),
      );
  let resources: RunResources | null = null;
  const statusFeed = new ProjectStatusFeed(
    bus,
    { baseline: (projectId) => repo.projectRunsBaseline(projectId), changedRuns: (...args) => repo.projectRunsChanged(...args) },
    deps.remotePollIntervalMs ?? 1_000,
    (err) => logger.warn('Reading the runs of a followed project failed', { err }),
    () => !resources?.relay?.connected,
  );
  return (resources = {
    db: deps.db,
    repo,
    bus,
    logger,
    ownerId: deps.ownerId ?? makeOwnerId(),
    deps,
    logStore: opened.store,
    ownsLogStore: opened.owned,
    statusFeed,
    relay: null,
    publishStatus(run) {
      bus.publish('run', run.id, { kind: 'status', run });
      statusFeed.announce(run);
    },
  });
}
