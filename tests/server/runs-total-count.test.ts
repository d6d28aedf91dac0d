// project.runs.totalCount is counted per project with the connection's filters (not through the
// relation `_count`, which scanned every project's runs): the same numbers in every query shape.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/graphql-server';
import { dbId } from '../support/ids';

let server: TestServer;
const ids: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['counted A', 'counted B']) {
    const { createProject } = await server.ok(`mutation ($name: String!) { createProject(input: { name: $name }) { id } }`, { name });
    ids.push(createProject.id);
  }
  // Terminal runs only (no active run, so the one-active-run index is not involved).
  const sqlite = new Database(server.databaseUrl.slice('file:'.length));
  const insert = sqlite.prepare(`INSERT INTO "Run" ("projectId", "scope", "status") VALUES (?, ?, ?)`);
  const rows: [number, string, string][] = [
    ...Array.from({ length: 7 }, (_, i) => [dbId(ids[0]!), i % 2 ? 'EXTRACT' : 'FULL', 'COMPLETED'] as [number, string, string]),
    [dbId(ids[0]!), 'FULL', 'FAILED'],
    [dbId(ids[0]!), 'EXTRACT', 'CANCELLED'],
    ...Array.from({ length: 4 }, () => [dbId(ids[1]!), 'FULL', 'COMPLETED'] as [number, string, string]),
  ];
  sqlite.transaction(() => rows.forEach((r) => insert.run(...r)))();
  sqlite.close();
});
afterAll(async () => {
  await server?.stop();
});

describe('project.runs.totalCount', () => {
  const COUNT = `query ($id: ID!, $status: [RunStatus!], $scope: [RunScope!]) {
    project(id: $id) { runs(first: 2, status: $status, scope: $scope) { totalCount edges { node { id } } } } }`;

  it.each([
    [{}, 9, 4],
    [{ status: ['COMPLETED'] }, 7, 4],
    [{ status: ['FAILED', 'CANCELLED'] }, 2, 0],
    [{ scope: ['EXTRACT'] }, 4, 0],
    [{ status: ['COMPLETED'], scope: ['FULL'] }, 4, 4],
  ])('filters %j: counts only the project’s matching runs', async (filters, countA, countB) => {
    const a = (await server.ok(COUNT, { id: ids[0], ...filters })).project.runs;
    const b = (await server.ok(COUNT, { id: ids[1], ...filters })).project.runs;
    expect(a.totalCount).toBe(countA);
    expect(b.totalCount).toBe(countB);
    expect(a.edges.length).toBe(Math.min(2, countA));
  });

  it('is the same when only totalCount is asked, without the project id, and over the projects list', async () => {
    const only = await server.ok(`query ($id: ID!) { project(id: $id) { runs(status: [COMPLETED]) { totalCount } } }`, { id: ids[0] });
    expect(only.project.runs.totalCount).toBe(7);
    const { projects } = await server.ok(`{ projects { name runs(status: [COMPLETED]) { totalCount } } }`);
    expect(projects.map((p: { name: string; runs: { totalCount: number } }) => [p.name, p.runs.totalCount])).toEqual([
      ['counted A', 7],
      ['counted B', 4],
    ]);
  });
});
