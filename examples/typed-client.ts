// A small typed client: starts a run and follows its logs and progress until the run ends.
// Every result is typed by the documents codegen generated from examples/operations/*.graphql.
//
//   npm start                                     # in another terminal
//   npx tsx examples/typed-client.ts UHJvamVjdDox FULL   # project id (opaque: copy it from `{ projects { id name } }`), scope
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  RunLogBatchesDocument,
  type RunLogBatchesSubscription,
  RunProgressDocument,
  type RunScope,
  RunSummaryDocument,
  StartRunDocument,
} from './gql/graphql';

const HTTP_URL = process.env.GENGLOSSARY_URL ?? 'http://127.0.0.1:4000/graphql';
const WS_URL = HTTP_URL.replace(/^http/, 'ws');

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs a query or mutation over HTTP; throws with the error code when the server refuses it. */
export async function request<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const res = await fetch(HTTP_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as GraphQLResponse<TResult>;
  const error = body.errors?.[0];
  if (error) throw new Error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`);
  if (!body.data) throw new Error(`empty response (HTTP ${res.status})`);
  return body.data;
}

const ws = createClient({ url: WS_URL, webSocketImpl: WebSocket });

/** Yields the typed results of a subscription until the server completes it. */
export async function* subscribe<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): AsyncGenerator<TResult> {
  const iterator = ws.iterate<TResult>({ query: print(document), variables });
  for await (const result of iterator) {
    if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
    if (result.data) yield result.data;
  }
}

/**
 * Starts a run and prints its log lines as they are stored, a batch per message (resuming after
 * the last seq on a dropped connection).
 */
export async function followRun(projectId: string, scope: RunScope): Promise<void> {
  const { startRun } = await request(StartRunDocument, { input: { projectId, scope } });
  console.log(`run ${startRun.id}: ${startRun.status} (${startRun.scope})`);

  const progress = (async () => {
    for await (const { runProgress } of subscribe(RunProgressDocument, { runId: startRun.id })) {
      process.stderr.write(`\r${runProgress.step ?? '…'} ${runProgress.percent.toFixed(1)}%   `);
    }
  })();

  let lastSeq = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      for await (const { runLogBatches } of subscribe(RunLogBatchesDocument, { runId: startRun.id, afterSeq: lastSeq })) {
        const lines: RunLogBatchesSubscription['runLogBatches']['lines'] = runLogBatches.lines;
        for (const line of lines) console.log(`${String(line.seq).padStart(5)} ${line.level.padEnd(5)} ${line.step ?? '-'} ${line.message}`);
        lastSeq = runLogBatches.lastSeq;
      }
      break;
    } catch (e) {
      console.error(`log stream interrupted (${(e as Error).message}); resuming after seq ${lastSeq}`);
    }
  }
  await progress;
  const { run } = await request(RunSummaryDocument, { id: startRun.id });
  console.log(`\nrun ${run.id} ended ${run.status}${run.error ? `: ${run.error}` : ''} after ${run.durationMs ?? 0} ms`);
}

if (process.argv[1]?.endsWith('typed-client.ts')) {
  // Ids are opaque; UHJvamVjdDox is the first project's (the demo project on a fresh server).
  const [projectId = 'UHJvamVjdDox', scope = 'FULL'] = process.argv.slice(2);
  followRun(projectId, scope as RunScope)
    .catch((e: unknown) => {
      console.error((e as Error).message);
      process.exitCode = 1;
    })
    .finally(() => ws.dispose());
}
