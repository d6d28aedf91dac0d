export { LogBuffer, LOG_LEVELS, PIPELINE_STEPS, NO_STEP } from './log-buffer';
export type { LogLevel, PipelineStep, StepKey, LogLineInput } from './log-buffer';
export { createLogFilterer, NO_FILTER, ALL_STEP_KEYS } from './log-filter';
export type { LogFilter, FilteredView, LogFilterer } from './log-filter';
export { startRunLogStream, describeError } from './run-log-stream';
export type { ConnectionState, LogTransport, RunLogBatch, RunLogStream } from './run-log-stream';
