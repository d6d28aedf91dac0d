// The public face of runs/: the run lifecycle service and the bus its subscriptions read.
export * from './types';
export { EventBus, type BusSubscription, type SubscribeOptions } from './event-bus';
export { createRunEventBus, type RunBusEvents, type RunEvent, type RunEventBus } from './run-events';
export { LogWriter, type LogWriterOptions } from './log-writer';
export { ProgressTracker, percentOf, snapshotFromRow } from './progress-tracker';
export { sanitizeError, redactText, MAX_STORED_ERROR } from './sanitize-error';
export {
  CANCELLED_MESSAGE,
  CANCELLED_PENDING_MESSAGE,
  INTERRUPTED_MESSAGE,
  LEASE_LOST_MESSAGE,
  RunManager,
  SHUTDOWN_MESSAGE,
  SHUTDOWN_PENDING_MESSAGE,
  makeOwnerId,
  parseOwnerId,
  processIsAlive,
  projectExtractOptions,
  type CreateEngine,
  type ExecuteRun,
  type RunContext,
  type RunLogger,
  type RunManagerDeps,
} from './run-manager';
