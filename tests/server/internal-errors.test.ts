// Errors without internals (issue 10): a run that fails on a database error stores and shows no
// source lines, file paths or stack frames — Prisma's default error format quotes the calling
// source code — and an unexpected API error shows none either.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestServer, type TestServer } from '../support/graphql-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** What source code, paths and stack frames look like inside an error message. */
const INTERNALS = [
  /invocation in/i, // Prisma's "Invalid `prisma.term.x()` invocation in /path/file.ts:12:5"
  /→/, // Prisma's code frame marker
  /\n/, // any multi-line dump
  /\.ts:\d+/, // a source location
  /\bat \S+ \(/, // a stack frame
  /\/work\/|\/home\/|node_modules|src\//, // a path
  /\bawait\b|\bconst\b/, // source code
];

describe('errors without internals', () => {
  it('a run that fails on a database error stores a short message without source, paths or stack', async () => {
    const { createProject } = await server.ok(`mutation { createProject(input: { name: "db error" }) { id } }`);
    await server.ok(`mutation ($p: ID!) { addDocuments(projectId: $p, documents: [{ fileName: "a.md", content: "The roast profile is a plan. The roast profile matters." }]) { id } }`, {
      p: createProject.id,
    });
    // Force a database error in the middle of the run: the table the extract step writes is gone.
    const sqlite = new Database(server.databaseUrl.slice('file:'.length));
    sqlite.exec(`ALTER TABLE "Term" RENAME TO "TermMoved"`);
    sqlite.close();

    const { startRun } = await server.ok(`mutation ($p: ID!) { startRun(input: { projectId: $p, scope: EXTRACT }) { id } }`, { p: createProject.id });
    await collect(server.ws(), `subscription ($id: ID!) { runLogs(runId: $id) { seq } }`, { id: startRun.id });
    const { run } = await server.ok(`query ($id: ID!) { run(id: $id) { status error logs(minLevel: ERROR) { message } } }`, { id: startRun.id });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/Term/);
    for (const text of [run.error, ...run.logs.map((l: { message: string }) => l.message)]) {
      for (const pattern of INTERNALS) expect(text, `${pattern}`).not.toMatch(pattern);
    }

    // An API read of the missing table: masked, with a code, no internals.
    const result = await server.gql(`query ($id: ID!) { project(id: $id) { terms { text } } }`, { id: createProject.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const body = JSON.stringify(result.errors);
    for (const pattern of INTERNALS.filter((p) => p.source !== '\\n')) expect(body, `${pattern}`).not.toMatch(pattern);
  });
});
