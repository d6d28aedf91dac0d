// Runs held open in server processes (server-process.ts): their projects use the Ollama engine
// pointed at a stub model server (tests/llm/stub-llm-server.ts) that answers only when the test
// lets it, so a run stays RUNNING however fast or slow the machine is. Waits are on the server's
// own event streams (runStatus, runLogs), never on a clock.
import { expect } from 'vitest';
import type { StubServer } from '../llm/stub-llm-server';
import { collect } from './graphql-server';
import type { ServerProcess } from './server-process';

export const START_FULL_RUN = `mutation ($p: ID!) { startRun(input: { projectId: $p, scope: FULL }) { id } }`;
const RUN_STATUS = `subscription ($p: ID!) { runStatus(projectId: $p, includeCurrent: true) { id status error } }`;
const RUN_LOGS = `subscription ($id: ID!) { runLogs(runId: $id, afterSeq: 0) { seq message level } }`;

/** The environment that points a server process's Ollama engine at `model`. */
export const heldModelEnv = (model: StubServer): Record<string, string> => ({ OLLAMA_BASE_URL: model.url, OLLAMA_MODEL: 'llama3.2:latest' });

/** POSTs one operation; fails on errors and returns data. */
export async function ok<T = any>(server: ServerProcess, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await server.gql<T>(query, variables);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

/** A project on the Ollama engine with two short documents: its FULL run waits on the model. */
export async function heldProject(server: ServerProcess, name: string): Promise<string> {
  const { createProject } = await ok(server, `mutation ($name: String!) { createProject(input: { name: $name, engine: OLLAMA }) { id } }`, { name });
  await ok(server, `mutation ($id: ID!, $docs: [DocumentInput!]!) { addDocuments(projectId: $id, documents: $docs) { id } }`, {
    id: createProject.id,
    docs: [
      { fileName: 'roasting.md', content: '# Roasting\n\nThe drum roaster is a rotating steel drum that heats green coffee beans evenly.\n' },
      { fileName: 'cupping.md', content: '# Cupping\n\nA cupping session is a structured tasting of brewed coffee samples.\n' },
    ],
  });
  return createProject.id;
}

export interface RunStatusEvent {
  id: string;
  status: string;
  error: string | null;
}

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

/**
 * Waits (on runStatus, an event stream) until the run has `status`; resolves with that event.
 * Fails at once if the run ends with another status.
 */
export async function statusOf(server: ServerProcess, projectId: string, runId: string, status: string): Promise<RunStatusEvent> {
  const seen = await collect<{ runStatus: RunStatusEvent }>(server.ws(), RUN_STATUS, { p: projectId }, (value, _all, stop) => {
    if (value.runStatus.id === runId && (value.runStatus.status === status || TERMINAL.includes(value.runStatus.status))) stop();
  });
  const last = seen.values.at(-1)?.runStatus;
  if (last?.id !== runId || last.status !== status) throw new Error(`run ${runId} did not reach ${status}: ${JSON.stringify(seen.values)}`);
  return last;
}

/**
 * Waits until the run is RUNNING and has stored at least two log lines (held by the model);
 * resolves with the highest seq seen. Fails if the run ends with fewer lines.
 */
export async function runningWithLines(server: ServerProcess, projectId: string, runId: string): Promise<{ lastSeq: number }> {
  await statusOf(server, projectId, runId, 'RUNNING');
  const logs = await collect<{ runLogs: { seq: number } }>(server.ws(), RUN_LOGS, { id: runId }, (_v, all, stop) => {
    if (all.length >= 2) stop();
  });
  expect(logs.values.length).toBeGreaterThanOrEqual(2);
  return { lastSeq: logs.values.at(-1)!.runLogs.seq };
}
