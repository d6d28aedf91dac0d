// The public face of db/: the only module that talks to Prisma.
export { openDb, type Db } from './client';
export { migrateDatabase } from './migrate';
export { PrismaGlossaryStore, loadSynonymGroupSpecs } from './glossary-store';
export { serializeConnection } from './serialized-adapter';
export { FallbackLogStore, InlineLogStore, LogStoreError, WorkerLogStore, openLogStore, type LogStore } from './log-store';
export {
  ALLOWED_FROM,
  RunRepository,
  isUniqueViolation,
  type LogLineInput,
  type NewRun,
  type ProgressFields,
  type RunsPageQuery,
  type TerminalStatus,
  type Transition,
  type TransitionResult,
} from './run-repository';
export { InstanceLeases, type OrphanedRun } from './instance-leases';
export { NOTIFY_PAYLOAD_LIMIT, PostgresChannel, type ChannelEvents } from './postgres-channel';
export { providerOf } from './client';
export { isPostgresUrl, providerOfUrl, type DbProvider } from './provider';
