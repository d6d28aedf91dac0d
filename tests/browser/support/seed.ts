// Data for browser tests, put in through the API (as a user would) or, for volumes no test should
// wait for a pipeline to produce, straight into the database.
import Database from 'better-sqlite3';
import { INSERT_LOG_LINES_SQL, logLinesJson, type LogLineInput } from '../../../src/db/run-repository';
import type { TestServer } from '../../support/graphql-server';

export const JAPANESE_DOC = {
  fileName: '焙煎.md',
  content: '# 焙煎\n\n焙煎度は豆の色で判断する。浅煎りは酸味が強く、深煎りは苦味が強い。\n\n焙煎度と抽出収率の関係を記録する。\n',
};
export const ENGLISH_DOC = {
  fileName: 'roasting.md',
  content: '# Roasting\n\nThe drum roaster is a rotating steel drum that heats green coffee beans evenly.\nFirst crack marks the start of light roast development. Development time follows first crack.\n',
};

export async function createProject(server: TestServer, name: string, input: Record<string, unknown> = {}): Promise<string> {
  const { createProject } = await server.ok<{ createProject: { id: string } }>(
    `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
    { input: { name, ...input } },
  );
  return createProject.id;
}

export async function addDocuments(server: TestServer, projectId: string, docs: { fileName: string; content: string }[]): Promise<void> {
  await server.ok(`mutation ($id: ID!, $docs: [DocumentInput!]!) { addDocuments(projectId: $id, documents: $docs) { id } }`, { id: projectId, docs });
}

export async function startRun(server: TestServer, projectId: string, scope = 'FULL'): Promise<string> {
  const { startRun } = await server.ok<{ startRun: { id: string } }>(
    `mutation ($p: ID!, $s: RunScope!) { startRun(input: { projectId: $p, scope: $s }) { id } }`,
    { p: projectId, s: scope },
  );
  return startRun.id;
}

export async function runState(server: TestServer, runId: string): Promise<{ status: string; lastSeq: number }> {
  const { run } = await server.ok<{ run: { status: string; lastSeq: number } }>(`query ($id: ID!) { run(id: $id) { status lastSeq } }`, { id: runId });
  return run;
}

function dbFile(server: TestServer): string {
  return server.databaseUrl.replace(/^file:/, '');
}

/**
 * The database row id of the project's newest run. API ids are opaque, so the row is found by
 * order, not by decoding the id.
 */
export function newestRunRowId(server: TestServer): number {
  const db = new Database(dbFile(server), { readonly: true });
  try {
    const row = db.prepare('SELECT id FROM "Run" ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
    if (!row) throw new Error('no run in the database');
    return row.id;
  } finally {
    db.close();
  }
}

export interface GeneratedLine {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  step: string | null;
  message: string;
}

/** A predictable mix: every 10th line WARN, every 1000th ERROR, steps in four blocks. */
export function generatedLine(seq: number, count: number): GeneratedLine {
  const steps = ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED'];
  const level = seq % 1000 === 0 ? 'ERROR' : seq % 10 === 0 ? 'WARN' : 'INFO';
  const step = steps[Math.min(3, Math.floor(((seq - 1) * 4) / count))]!;
  return { level, step, message: `generated line ${seq} of ${count}` };
}

/**
 * Stores `count` lines after the run's lastSeq (and moves lastSeq), in one transaction through
 * the same INSERT the server's log store uses.
 */
export function appendLogLines(server: TestServer, runRowId: number, count: number, line = generatedLine): { firstSeq: number; lastSeq: number } {
  const db = new Database(dbFile(server));
  try {
    db.pragma('busy_timeout = 10000');
    const { lastSeq } = db.prepare('SELECT "lastSeq" FROM "Run" WHERE id = ?').get(runRowId) as { lastSeq: number };
    const insert = db.prepare(INSERT_LOG_LINES_SQL);
    const time = new Date();
    db.transaction(() => {
      for (let from = lastSeq + 1; from <= lastSeq + count; from += 5000) {
        const lines: LogLineInput[] = [];
        for (let seq = from; seq < from + 5000 && seq <= lastSeq + count; seq++) {
          const l = line(seq - lastSeq, count);
          lines.push({ runId: runRowId, seq, time, level: l.level, step: l.step, message: l.message, fields: null });
        }
        insert.run(logLinesJson(lines));
      }
      db.prepare('UPDATE "Run" SET "lastSeq" = ? WHERE id = ?').run(lastSeq + count, runRowId);
    })();
    return { firstSeq: lastSeq + 1, lastSeq: lastSeq + count };
  } finally {
    db.close();
  }
}
