/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ProjectLayout_Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.ProjectLayout_ProjectDocument,
    "\n  subscription LogPanel_RunLogBatches($runId: ID!, $afterSeq: Int!) {\n    runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n      firstSeq\n      lastSeq\n      lines {\n        seq\n        time\n        level\n        step\n        message\n      }\n    }\n  }\n": typeof types.LogPanel_RunLogBatchesDocument,
    "\n  mutation RunBar_StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      scope\n    }\n  }\n": typeof types.RunBar_StartRunDocument,
    "\n  mutation RunBar_CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n    }\n  }\n": typeof types.RunBar_CancelRunDocument,
    "\n  subscription RunBar_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n": typeof types.RunBar_ProgressDocument,
    "\n  query RunBar_NewDocuments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      documents {\n        id\n        createdAt\n      }\n      runs(first: 1, status: [COMPLETED], scope: [FULL, EXTRACT]) {\n        edges {\n          node {\n            id\n            startedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunBar_NewDocumentsDocument,
    "\n  fragment CurrentRun_Run on Run {\n    id\n    status\n    scope\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lastSeq\n    triggeredBy\n  }\n": typeof types.CurrentRun_RunFragmentDoc,
    "\n  subscription CurrentRun_Status($projectId: ID!) {\n    runStatus(projectId: $projectId, includeCurrent: true) {\n      ...CurrentRun_Run\n    }\n  }\n": typeof types.CurrentRun_StatusDocument,
    "\n  query RunHistoryPage_Runs($projectId: ID!, $status: [RunStatus!], $scope: [RunScope!], $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $projectId) {\n      id\n      runs(status: $status, scope: $scope, first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            scope\n            createdAt\n            startedAt\n            finishedAt\n            durationMs\n            triggeredBy\n            error\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunHistoryPage_RunsDocument,
    "\n  query RunPage_Run($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      scope\n      documentIds\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      triggeredBy\n      lastSeq\n      progress {\n        runId\n        status\n        step\n        current\n        total\n        currentItem\n        percent\n      }\n    }\n  }\n": typeof types.RunPage_RunDocument,
    "\n  subscription RunPage_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n": typeof types.RunPage_ProgressDocument,
};
const documents: Documents = {
    "\n  query ProjectLayout_Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n    }\n  }\n": types.ProjectLayout_ProjectDocument,
    "\n  subscription LogPanel_RunLogBatches($runId: ID!, $afterSeq: Int!) {\n    runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n      firstSeq\n      lastSeq\n      lines {\n        seq\n        time\n        level\n        step\n        message\n      }\n    }\n  }\n": types.LogPanel_RunLogBatchesDocument,
    "\n  mutation RunBar_StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      scope\n    }\n  }\n": types.RunBar_StartRunDocument,
    "\n  mutation RunBar_CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n    }\n  }\n": types.RunBar_CancelRunDocument,
    "\n  subscription RunBar_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n": types.RunBar_ProgressDocument,
    "\n  query RunBar_NewDocuments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      documents {\n        id\n        createdAt\n      }\n      runs(first: 1, status: [COMPLETED], scope: [FULL, EXTRACT]) {\n        edges {\n          node {\n            id\n            startedAt\n          }\n        }\n      }\n    }\n  }\n": types.RunBar_NewDocumentsDocument,
    "\n  fragment CurrentRun_Run on Run {\n    id\n    status\n    scope\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lastSeq\n    triggeredBy\n  }\n": types.CurrentRun_RunFragmentDoc,
    "\n  subscription CurrentRun_Status($projectId: ID!) {\n    runStatus(projectId: $projectId, includeCurrent: true) {\n      ...CurrentRun_Run\n    }\n  }\n": types.CurrentRun_StatusDocument,
    "\n  query RunHistoryPage_Runs($projectId: ID!, $status: [RunStatus!], $scope: [RunScope!], $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $projectId) {\n      id\n      runs(status: $status, scope: $scope, first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            scope\n            createdAt\n            startedAt\n            finishedAt\n            durationMs\n            triggeredBy\n            error\n          }\n        }\n      }\n    }\n  }\n": types.RunHistoryPage_RunsDocument,
    "\n  query RunPage_Run($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      scope\n      documentIds\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      triggeredBy\n      lastSeq\n      progress {\n        runId\n        status\n        step\n        current\n        total\n        currentItem\n        percent\n      }\n    }\n  }\n": types.RunPage_RunDocument,
    "\n  subscription RunPage_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n": types.RunPage_ProgressDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectLayout_Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ProjectLayout_Project($id: ID!) {\n    project(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LogPanel_RunLogBatches($runId: ID!, $afterSeq: Int!) {\n    runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n      firstSeq\n      lastSeq\n      lines {\n        seq\n        time\n        level\n        step\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription LogPanel_RunLogBatches($runId: ID!, $afterSeq: Int!) {\n    runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n      firstSeq\n      lastSeq\n      lines {\n        seq\n        time\n        level\n        step\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunBar_StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      scope\n    }\n  }\n"): (typeof documents)["\n  mutation RunBar_StartRun($input: StartRunInput!) {\n    startRun(input: $input) {\n      id\n      status\n      scope\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunBar_CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RunBar_CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      id\n      status\n      cancelRequestedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunBar_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n"): (typeof documents)["\n  subscription RunBar_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunBar_NewDocuments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      documents {\n        id\n        createdAt\n      }\n      runs(first: 1, status: [COMPLETED], scope: [FULL, EXTRACT]) {\n        edges {\n          node {\n            id\n            startedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunBar_NewDocuments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      documents {\n        id\n        createdAt\n      }\n      runs(first: 1, status: [COMPLETED], scope: [FULL, EXTRACT]) {\n        edges {\n          node {\n            id\n            startedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CurrentRun_Run on Run {\n    id\n    status\n    scope\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lastSeq\n    triggeredBy\n  }\n"): (typeof documents)["\n  fragment CurrentRun_Run on Run {\n    id\n    status\n    scope\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lastSeq\n    triggeredBy\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CurrentRun_Status($projectId: ID!) {\n    runStatus(projectId: $projectId, includeCurrent: true) {\n      ...CurrentRun_Run\n    }\n  }\n"): (typeof documents)["\n  subscription CurrentRun_Status($projectId: ID!) {\n    runStatus(projectId: $projectId, includeCurrent: true) {\n      ...CurrentRun_Run\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunHistoryPage_Runs($projectId: ID!, $status: [RunStatus!], $scope: [RunScope!], $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $projectId) {\n      id\n      runs(status: $status, scope: $scope, first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            scope\n            createdAt\n            startedAt\n            finishedAt\n            durationMs\n            triggeredBy\n            error\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunHistoryPage_Runs($projectId: ID!, $status: [RunStatus!], $scope: [RunScope!], $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $projectId) {\n      id\n      runs(status: $status, scope: $scope, first: $first, after: $after, last: $last, before: $before) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            id\n            status\n            scope\n            createdAt\n            startedAt\n            finishedAt\n            durationMs\n            triggeredBy\n            error\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPage_Run($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      scope\n      documentIds\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      triggeredBy\n      lastSeq\n      progress {\n        runId\n        status\n        step\n        current\n        total\n        currentItem\n        percent\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunPage_Run($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      scope\n      documentIds\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      triggeredBy\n      lastSeq\n      progress {\n        runId\n        status\n        step\n        current\n        total\n        currentItem\n        percent\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunPage_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n"): (typeof documents)["\n  subscription RunPage_Progress($runId: ID!) {\n    runProgress(runId: $runId) {\n      runId\n      status\n      step\n      current\n      total\n      currentItem\n      percent\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;