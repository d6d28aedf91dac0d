// GraphQL enums. The database stores these as plain strings; the values are the same words.
import type { IssueType, LogLevel, PipelineStep, RunScope } from '../pipeline/types';
import type { RunStatus } from '../runs/types';
import { builder } from './builder';

export const RunScopeEnum = builder.enumType('RunScope', {
  description:
    'What a run does. FULL = extract → provisional → issues → refined; FROM_TERMS = the last three on the stored terms; the others one step each.',
  values: ['FULL', 'FROM_TERMS', 'EXTRACT', 'GENERATE', 'REVIEW', 'REFINE'] as const satisfies readonly RunScope[],
});

export const RunStatusEnum = builder.enumType('RunStatus', {
  description: 'PENDING → RUNNING → one of COMPLETED, FAILED, CANCELLED (terminal: never changes again).',
  values: ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const satisfies readonly RunStatus[],
});

export const PipelineStepEnum = builder.enumType('PipelineStep', {
  values: ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED'] as const satisfies readonly PipelineStep[],
});

export const LogLevelEnum = builder.enumType('LogLevel', {
  values: ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[],
});

export const IssueTypeEnum = builder.enumType('IssueType', {
  values: ['UNCLEAR', 'CONTRADICTION', 'MISSING', 'NAMING', 'UNNECESSARY'] as const satisfies readonly IssueType[],
});

export type EngineKind = 'OFFLINE' | 'OLLAMA' | 'OPENAI';
export const EngineKindEnum = builder.enumType('EngineKind', {
  description: 'Which engine a project runs with. OFFLINE needs no model and no network.',
  values: ['OFFLINE', 'OLLAMA', 'OPENAI'] as const satisfies readonly EngineKind[],
});
