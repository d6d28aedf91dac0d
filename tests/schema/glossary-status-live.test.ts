// The glossaryStatus subscription on a real server: the current status first, then each change as
// it happens — a document added or removed, a term required or a requirement lifted, a group edited,
// a suggestion rejected, a setting that changes the output, and runs completing — each seen live
// by one subscriber. A rename or the autoExtract switch changes nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { runToEnd } from '../support/glossary-runs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pipeline', 'fixtures', 'synonyms');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Status {
  state: string;
  rerunFrom: string | null;
  reasons: string[];
}
const UP_TO_DATE: Status = { state: 'UP_TO_DATE', rerunFrom: null, reasons: [] };
const stale = (rerunFrom: string, ...reasons: string[]): Status => ({ state: 'NEEDS_RERUN', rerunFrom, reasons });

/** One live subscriber: `next()` is the next status pushed, `until()` reads on to a given one. */
function follow(projectId: string) {
  const iterator = server.ws().iterate<{ glossaryStatus: Status }>({
    query: `subscription ($p: ID!) { glossaryStatus(projectId: $p) { state rerunFrom reasons } }`,
    variables: { p: projectId },
  });
  const next = async (): Promise<Status> => {
    const { value, done } = await iterator.next();
    if (done) throw new Error('glossaryStatus completed');
    if (value.errors) throw new Error(JSON.stringify(value.errors));
    return value.data!.glossaryStatus;
  };
  return {
    next,
    /** Every status pushed up to and including one equal to `wanted`. */
    async until(wanted: Status): Promise<Status[]> {
      const seen: Status[] = [];
      for (;;) {
        const s = await next();
        seen.push(s);
        if (JSON.stringify(s) === JSON.stringify(wanted)) return seen;
      }
    },
    close: () => iterator.return?.(),
  };
}

describe('glossaryStatus subscription', () => {
  it('pushes the current status, then every cause and every run that brings it up to date', async () => {
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "Live" }) { id } }`);
    const p = createProject.id as string;
    const docs = await Promise.all(['en.md', 'ja.md'].map(async (fileName) => ({ fileName, content: await readFile(path.join(FIXTURES, fileName), 'utf8') })));
    const added = await server.ok(`mutation ($p: ID!, $d: [DocumentInput!]!) { addDocuments(projectId: $p, documents: $d) { id } }`, { p, d: docs });

    const live = follow(p);
    expect(await live.next()).toEqual({ state: 'NEVER_RUN', rerunFrom: null, reasons: [] });

    // A run completing → UP_TO_DATE (after RUNNING, when the start was seen before the end).
    expect(await runToEnd(server, p, 'FULL')).toBe('COMPLETED');
    const first = await live.until(UP_TO_DATE);
    expect(first.every((s) => s.state === 'RUNNING' || s.state === 'UP_TO_DATE')).toBe(true);

    // Add a document → from EXTRACT.
    const late = await server.ok(`mutation ($p: ID!) { addDocuments(projectId: $p, documents: [{ fileName: "late.md", content: "The **render phase** builds the virtual DOM." }]) { id } }`, { p });
    expect(await live.next()).toEqual(stale('EXTRACT', 'DOCUMENTS_ADDED'));
    await runToEnd(server, p, 'FULL');
    await live.until(UP_TO_DATE);

    // Require a term → from EXTRACT; lifting the requirement (a removal) too.
    await server.ok(`mutation ($p: ID!) { addRequiredTerm(projectId: $p, text: "render phase") { key } }`, { p });
    expect(await live.next()).toEqual(stale('EXTRACT', 'TERMS_REQUIRED_OR_EXCLUDED'));
    await runToEnd(server, p, 'FULL');
    await live.until(UP_TO_DATE);
    await server.ok(`mutation ($p: ID!) { removeRequiredTerm(projectId: $p, text: "render phase") { key } }`, { p });
    expect(await live.next()).toEqual(stale('EXTRACT', 'TERMS_REQUIRED_OR_EXCLUDED'));
    await runToEnd(server, p, 'EXTRACT');
    // Extraction alone leaves definitions onward to re-run.
    expect(await live.until(stale('PROVISIONAL', 'EARLIER_STEP_RERUN'))).toContainEqual(stale('PROVISIONAL', 'EARLIER_STEP_RERUN'));
    await runToEnd(server, p, 'FROM_TERMS');
    await live.until(UP_TO_DATE);

    // Edit a group → from PROVISIONAL (no re-extraction needed).
    const { createSynonymGroup } = await server.ok(`mutation ($p: ID!) { createSynonymGroup(projectId: $p, primary: "virtual DOM", members: ["仮想 DOM"]) { id } }`, { p });
    expect(await live.next()).toEqual(stale('PROVISIONAL', 'GROUPS_CHANGED'));
    await runToEnd(server, p, 'FROM_TERMS');
    await live.until(UP_TO_DATE);
    await server.ok(`mutation ($g: ID!) { deleteSynonymGroup(groupId: $g) }`, { g: createSynonymGroup.id });
    expect(await live.next()).toEqual(stale('PROVISIONAL', 'GROUPS_CHANGED'));
    await runToEnd(server, p, 'FROM_TERMS');
    await live.until(UP_TO_DATE);

    // Reject a suggestion (a split the extractor must honour) → from EXTRACT.
    await server.ok(`mutation ($p: ID!) { rejectSuggestedSynonymGroup(projectId: $p, primary: "component", member: "Components") { id } }`, { p });
    expect(await live.next()).toEqual(stale('EXTRACT', 'GROUPS_CHANGED'));
    await runToEnd(server, p, 'FULL');
    await live.until(UP_TO_DATE);

    // Remove a document → from EXTRACT.
    await server.ok(`mutation ($id: ID!) { removeDocument(id: $id) }`, { id: late.addDocuments[0].id });
    expect(await live.next()).toEqual(stale('EXTRACT', 'DOCUMENTS_REMOVED'));
    await runToEnd(server, p, 'FULL');
    await live.until(UP_TO_DATE);

    // A rename and the autoExtract switch change no output; a setting that does → SETTINGS_CHANGED,
    // and it is the very next status pushed.
    await server.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { name: "Live renamed", autoExtract: true }) { id } }`, { id: p });
    await server.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { autoExtract: false }) { id } }`, { id: p });
    const { project } = await server.ok(`query ($id: ID!) { project(id: $id) { glossaryStatus { state } } }`, { id: p });
    expect(project.glossaryStatus.state).toBe('UP_TO_DATE');
    await server.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { minFrequency: 2 }) { id } }`, { id: p });
    expect(await live.next()).toEqual(stale('EXTRACT', 'SETTINGS_CHANGED'));
    // Setting the same value again is no change.
    await server.ok(`mutation ($id: ID!) { updateProject(id: $id, input: { minFrequency: 2 }) { id } }`, { id: p });
    await runToEnd(server, p, 'FULL');
    expect(await live.until(UP_TO_DATE)).not.toContainEqual(stale('EXTRACT', 'SETTINGS_CHANGED'));
    expect(added.addDocuments).toHaveLength(2);
    await live.close();
    // A long story of nine real runs: generous for a loaded machine, the assertions wait for events.
  }, 180_000);

  it('refuses an unknown project (NOT_FOUND) and a malformed id (BAD_USER_INPUT)', async () => {
    for (const [p, code] of [
      ['UHJvamVjdDo5OTk5OTk=', 'NOT_FOUND'],
      ['nope', 'BAD_USER_INPUT'],
    ]) {
      const iterator = server.ws().iterate({ query: `subscription ($p: ID!) { glossaryStatus(projectId: $p) { state } }`, variables: { p } });
      const first = await iterator.next().catch((e: unknown) => ({ value: { errors: e as { extensions?: { code?: string } }[] }, done: false }));
      const errors = (first.value as { errors?: { extensions?: { code?: string } }[] }).errors;
      expect(errors?.[0]?.extensions?.code).toBe(code);
    }
  });
});
