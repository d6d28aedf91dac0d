// Project.glossaryStatus through the API: each transition from stored facts, and the run bar's
// push path (a runStatus event carries the project's status as of that event).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client';
import { deriveGlossaryStatus, type GlossaryFacts } from '../../src/projects/index';
import { collect, generatedDocuments, startTestServer, type TestServer } from '../support/graphql-server';
import { dbId } from '../support/ids';

let server: TestServer;
let db: Db;
beforeAll(async () => {
  server = await startTestServer();
  db = await openDb(server.databaseUrl);
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

const STATUS = `query ($id: ID!) { project(id: $id) { glossaryStatus { state rerunFrom reasons } } }`;
const status = async (id: string) => (await server.ok(STATUS, { id })).project.glossaryStatus;

async function projectWithDocuments(name: string, count = 2): Promise<string> {
  const { createProject } = await server.ok(`mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`, { input: { name } });
  await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, {
    p: createProject.id,
    d: generatedDocuments(count, 3),
  });
  return createProject.id as string;
}

/**
 * Starts a run, then follows runStatus with includeCurrent (the current run is read after
 * subscribing, so its end cannot be missed) and returns the glossaryStatus its end event carries.
 */
async function runToEnd(projectId: string, scope: string): Promise<{ status: string; glossaryStatus: unknown }> {
  const { startRun } = await server.ok(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, { input: { projectId, scope } });
  const { values, errors } = await collect(
    server.ws(),
    `subscription ($p: ID!) { runStatus(projectId: $p, includeCurrent: true) { id status project { glossaryStatus { state rerunFrom reasons } } } }`,
    { p: projectId },
    (value: any, _all, unsubscribe) => {
      if (value.runStatus.id === startRun.id && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(value.runStatus.status)) unsubscribe();
    },
  );
  expect(errors).toBeUndefined();
  const last = values.at(-1)!.runStatus;
  expect(last.id).toBe(startRun.id);
  return { status: last.status, glossaryStatus: last.project.glossaryStatus };
}

describe('glossaryStatus', () => {
  it('is NEVER_RUN before any run completes, and UP_TO_DATE after a FULL run, pushed with the run-ended event', async () => {
    const id = await projectWithDocuments('Fresh A');
    expect(await status(id)).toEqual({ state: 'NEVER_RUN', rerunFrom: null, reasons: [] });
    const ended = await runToEnd(id, 'FULL');
    expect(ended).toEqual({ status: 'COMPLETED', glossaryStatus: { state: 'UP_TO_DATE', rerunFrom: null, reasons: [] } });
    expect(await status(id)).toEqual({ state: 'UP_TO_DATE', rerunFrom: null, reasons: [] });
  });

  it('needs a re-run from EXTRACT after a document is added, a term required or excluded, or settings change', async () => {
    const id = await projectWithDocuments('Fresh B');
    await runToEnd(id, 'FULL');
    expect((await status(id)).state).toBe('UP_TO_DATE');

    await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, {
      p: id,
      d: [{ fileName: 'late.md', content: 'The **cupping score** rates a brew.' }],
    });
    expect(await status(id)).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'EXTRACT', reasons: ['DOCUMENTS_ADDED'] });

    await server.ok(`mutation ($p: ID!, $t: String!) { addRequiredTerm(projectId: $p, text: $t) { key } }`, { p: id, t: 'cupping score' });
    expect(await status(id)).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'EXTRACT', reasons: ['DOCUMENTS_ADDED', 'TERMS_REQUIRED_OR_EXCLUDED'] });

    await runToEnd(id, 'FULL');
    await server.ok(`mutation ($p: ID!, $t: String!) { excludeTerm(projectId: $p, text: $t) { key } }`, { p: id, t: 'grind size' });
    expect(await status(id)).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'EXTRACT', reasons: ['TERMS_REQUIRED_OR_EXCLUDED'] });

    await runToEnd(id, 'FULL');
    await server.ok(`mutation ($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id } }`, { id, input: { minFrequency: 1 } });
    expect(await status(id)).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'EXTRACT', reasons: ['SETTINGS_CHANGED'] });
  });

  it('a definition edit keeps it UP_TO_DATE; an EXTRACT-only run leaves the later steps to re-run from PROVISIONAL', async () => {
    const id = await projectWithDocuments('Fresh C');
    await runToEnd(id, 'FULL');
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { provisionalEntries { id } } }`, { id });
    await server.ok(`mutation ($id: ID!, $d: String!) { updateProvisionalDefinition(id: $id, definition: $d) { id } }`, {
      id: project.provisionalEntries[0].id,
      d: 'Edited by a person.',
    });
    expect((await status(id)).state).toBe('UP_TO_DATE');

    expect((await runToEnd(id, 'EXTRACT')).glossaryStatus).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'PROVISIONAL', reasons: ['EARLIER_STEP_RERUN'] });
    expect((await runToEnd(id, 'FROM_TERMS')).glossaryStatus).toEqual({ state: 'UP_TO_DATE', rerunFrom: null, reasons: [] });
  });

  it('is RUNNING while a run of the project is active', async () => {
    const id = await projectWithDocuments('Fresh D', 1);
    // An active run row written directly: a real run may end before the query reads it.
    await db.run.create({ data: { projectId: dbId(id), scope: 'FULL', status: 'RUNNING', startedAt: new Date() } });
    expect(await status(id)).toEqual({ state: 'RUNNING', rerunFrom: null, reasons: [] });
  });
});

describe('deriveGlossaryStatus', () => {
  const t = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
  const facts = (over: Partial<GlossaryFacts>): GlossaryFacts => ({
    hasActiveRun: false,
    lastCompletedStart: { FULL: t(100) },
    latestDocumentAt: t(10),
    latestRequiredOrExcludedAt: null,
    settingsChangedAt: t(0),
    ...over,
  });

  it('orders causes by the earliest step they touch', () => {
    expect(deriveGlossaryStatus(facts({}))).toEqual({ state: 'UP_TO_DATE', rerunFrom: null, reasons: [] });
    expect(deriveGlossaryStatus(facts({ latestDocumentAt: t(100) })).state).toBe('UP_TO_DATE');
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: { FULL: t(100), REFINE: t(200), REVIEW: t(150) } })).state).toBe('UP_TO_DATE');
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: { FULL: t(100), GENERATE: t(200) } }))).toEqual({
      state: 'NEEDS_RERUN',
      rerunFrom: 'ISSUES',
      reasons: ['EARLIER_STEP_RERUN'],
    });
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: { EXTRACT: t(100) }, settingsChangedAt: t(300) }))).toEqual({
      state: 'NEEDS_RERUN',
      rerunFrom: 'EXTRACT',
      reasons: ['SETTINGS_CHANGED', 'STEP_NOT_RUN'],
    });
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: {} })).state).toBe('NEVER_RUN');
    // Groups are read from definitions on; splits (rejected suggestions) and removals by extraction.
    expect(deriveGlossaryStatus(facts({ groupsChangedAt: t(300) }))).toEqual({ state: 'NEEDS_RERUN', rerunFrom: 'PROVISIONAL', reasons: ['GROUPS_CHANGED'] });
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: { FULL: t(100), GENERATE: t(400) }, groupsChangedAt: t(300) })).state).toBe('NEEDS_RERUN');
    expect(deriveGlossaryStatus(facts({ lastCompletedStart: { FULL: t(100), FROM_TERMS: t(400) }, groupsChangedAt: t(300) })).state).toBe('UP_TO_DATE');
    expect(deriveGlossaryStatus(facts({ aliasSplitsChangedAt: t(300), groupsChangedAt: t(300) }))).toEqual({
      state: 'NEEDS_RERUN',
      rerunFrom: 'EXTRACT',
      reasons: ['GROUPS_CHANGED'],
    });
    expect(deriveGlossaryStatus(facts({ documentsRemovedAt: t(300), settingsChangedAt: null }))).toEqual({
      state: 'NEEDS_RERUN',
      rerunFrom: 'EXTRACT',
      reasons: ['DOCUMENTS_REMOVED'],
    });
    expect(deriveGlossaryStatus(facts({ hasActiveRun: true, latestDocumentAt: t(500) })).state).toBe('RUNNING');
  });
});
