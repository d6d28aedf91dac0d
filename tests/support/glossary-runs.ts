// Runs through the API for tests of the glossary's products: start one and wait for its end.
import { expect } from 'vitest';
import { collect, type TestServer } from './graphql-server';

/** Starts a run and waits (runStatus, current run first, so its end cannot be missed) until it ends; returns its status. */
export async function runToEnd(server: TestServer, projectId: string, scope: string): Promise<string> {
  const { startRun } = await server.ok(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, { input: { projectId, scope } });
  return waitForRunEnd(server, projectId, startRun.id);
}

/** Waits until run `runId` of the project is terminal; returns its status. */
export async function waitForRunEnd(server: TestServer, projectId: string, runId: string): Promise<string> {
  const { values, errors } = await collect(
    server.ws(),
    `subscription ($p: ID!) { runStatus(projectId: $p, includeCurrent: true) { id status } }`,
    { p: projectId },
    (value: any, _all, unsubscribe) => {
      if (value.runStatus.id === runId && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(value.runStatus.status)) unsubscribe();
    },
  );
  expect(errors).toBeUndefined();
  return values.at(-1)!.runStatus.status;
}
