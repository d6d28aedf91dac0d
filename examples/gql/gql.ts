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
    "query Projects {\n  projects {\n    id\n    name\n    engine\n    documentCount\n    currentRun {\n      id\n      status\n    }\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    id\n    name\n    engine\n  }\n}\n\nmutation AddDocuments($projectId: ID!, $documents: [DocumentInput!]!) {\n  addDocuments(projectId: $projectId, documents: $documents) {\n    id\n    fileName\n    sizeBytes\n  }\n}\n\nquery Glossary($projectId: ID!) {\n  project(id: $projectId) {\n    id\n    refinedEntries {\n      term\n      definition\n      confidence\n      sources {\n        fileName\n        line\n      }\n    }\n    exportMarkdown\n  }\n}": typeof types.ProjectsDocument,
    "mutation StartRun($input: StartRunInput!) {\n  startRun(input: $input) {\n    id\n    status\n    scope\n  }\n}\n\nmutation CancelRun($id: ID!) {\n  cancelRun(id: $id) {\n    id\n    status\n  }\n}\n\nquery RunSummary($id: ID!) {\n  run(id: $id) {\n    id\n    status\n    error\n    durationMs\n    lastSeq\n    progress {\n      step\n      percent\n    }\n  }\n}\n\nsubscription RunLogs($runId: ID!, $afterSeq: Int) {\n  runLogs(runId: $runId, afterSeq: $afterSeq) {\n    seq\n    time\n    level\n    step\n    message\n  }\n}\n\nsubscription RunLogBatches($runId: ID!, $afterSeq: Int) {\n  runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n    lastSeq\n    lines {\n      seq\n      time\n      level\n      step\n      message\n    }\n  }\n}\n\nsubscription RunProgress($runId: ID!) {\n  runProgress(runId: $runId) {\n    status\n    step\n    current\n    total\n    percent\n  }\n}": typeof types.StartRunDocument,
};
const documents: Documents = {
    "query Projects {\n  projects {\n    id\n    name\n    engine\n    documentCount\n    currentRun {\n      id\n      status\n    }\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    id\n    name\n    engine\n  }\n}\n\nmutation AddDocuments($projectId: ID!, $documents: [DocumentInput!]!) {\n  addDocuments(projectId: $projectId, documents: $documents) {\n    id\n    fileName\n    sizeBytes\n  }\n}\n\nquery Glossary($projectId: ID!) {\n  project(id: $projectId) {\n    id\n    refinedEntries {\n      term\n      definition\n      confidence\n      sources {\n        fileName\n        line\n      }\n    }\n    exportMarkdown\n  }\n}": types.ProjectsDocument,
    "mutation StartRun($input: StartRunInput!) {\n  startRun(input: $input) {\n    id\n    status\n    scope\n  }\n}\n\nmutation CancelRun($id: ID!) {\n  cancelRun(id: $id) {\n    id\n    status\n  }\n}\n\nquery RunSummary($id: ID!) {\n  run(id: $id) {\n    id\n    status\n    error\n    durationMs\n    lastSeq\n    progress {\n      step\n      percent\n    }\n  }\n}\n\nsubscription RunLogs($runId: ID!, $afterSeq: Int) {\n  runLogs(runId: $runId, afterSeq: $afterSeq) {\n    seq\n    time\n    level\n    step\n    message\n  }\n}\n\nsubscription RunLogBatches($runId: ID!, $afterSeq: Int) {\n  runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n    lastSeq\n    lines {\n      seq\n      time\n      level\n      step\n      message\n    }\n  }\n}\n\nsubscription RunProgress($runId: ID!) {\n  runProgress(runId: $runId) {\n    status\n    step\n    current\n    total\n    percent\n  }\n}": types.StartRunDocument,
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
export function graphql(source: "query Projects {\n  projects {\n    id\n    name\n    engine\n    documentCount\n    currentRun {\n      id\n      status\n    }\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    id\n    name\n    engine\n  }\n}\n\nmutation AddDocuments($projectId: ID!, $documents: [DocumentInput!]!) {\n  addDocuments(projectId: $projectId, documents: $documents) {\n    id\n    fileName\n    sizeBytes\n  }\n}\n\nquery Glossary($projectId: ID!) {\n  project(id: $projectId) {\n    id\n    refinedEntries {\n      term\n      definition\n      confidence\n      sources {\n        fileName\n        line\n      }\n    }\n    exportMarkdown\n  }\n}"): (typeof documents)["query Projects {\n  projects {\n    id\n    name\n    engine\n    documentCount\n    currentRun {\n      id\n      status\n    }\n  }\n}\n\nmutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    id\n    name\n    engine\n  }\n}\n\nmutation AddDocuments($projectId: ID!, $documents: [DocumentInput!]!) {\n  addDocuments(projectId: $projectId, documents: $documents) {\n    id\n    fileName\n    sizeBytes\n  }\n}\n\nquery Glossary($projectId: ID!) {\n  project(id: $projectId) {\n    id\n    refinedEntries {\n      term\n      definition\n      confidence\n      sources {\n        fileName\n        line\n      }\n    }\n    exportMarkdown\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartRun($input: StartRunInput!) {\n  startRun(input: $input) {\n    id\n    status\n    scope\n  }\n}\n\nmutation CancelRun($id: ID!) {\n  cancelRun(id: $id) {\n    id\n    status\n  }\n}\n\nquery RunSummary($id: ID!) {\n  run(id: $id) {\n    id\n    status\n    error\n    durationMs\n    lastSeq\n    progress {\n      step\n      percent\n    }\n  }\n}\n\nsubscription RunLogs($runId: ID!, $afterSeq: Int) {\n  runLogs(runId: $runId, afterSeq: $afterSeq) {\n    seq\n    time\n    level\n    step\n    message\n  }\n}\n\nsubscription RunLogBatches($runId: ID!, $afterSeq: Int) {\n  runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n    lastSeq\n    lines {\n      seq\n      time\n      level\n      step\n      message\n    }\n  }\n}\n\nsubscription RunProgress($runId: ID!) {\n  runProgress(runId: $runId) {\n    status\n    step\n    current\n    total\n    percent\n  }\n}"): (typeof documents)["mutation StartRun($input: StartRunInput!) {\n  startRun(input: $input) {\n    id\n    status\n    scope\n  }\n}\n\nmutation CancelRun($id: ID!) {\n  cancelRun(id: $id) {\n    id\n    status\n  }\n}\n\nquery RunSummary($id: ID!) {\n  run(id: $id) {\n    id\n    status\n    error\n    durationMs\n    lastSeq\n    progress {\n      step\n      percent\n    }\n  }\n}\n\nsubscription RunLogs($runId: ID!, $afterSeq: Int) {\n  runLogs(runId: $runId, afterSeq: $afterSeq) {\n    seq\n    time\n    level\n    step\n    message\n  }\n}\n\nsubscription RunLogBatches($runId: ID!, $afterSeq: Int) {\n  runLogBatches(runId: $runId, afterSeq: $afterSeq) {\n    lastSeq\n    lines {\n      seq\n      time\n      level\n      step\n      message\n    }\n  }\n}\n\nsubscription RunProgress($runId: ID!) {\n  runProgress(runId: $runId) {\n    status\n    step\n    current\n    total\n    percent\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;