// The yoga app: schema, context, limits, error masking and the plugins of the HTTP boundary, built
// apart from listening (graphql-yoga's examples/graphql-ws keeps building and serving apart too).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { buildSchema, type Context } from '../schema/index';
import { isExpectedError, maskError, useParseErrorCode } from '../schema/errors';
import { type SharedResults, useSharedSubscriptionEvents } from '../schema/shared-events';
import { useWellFormedText } from './well-formed-text';
import { useResponseBudget } from './response-budget';
import type { Db } from '../db/client';
import { tagLimit, useAcceptableOnly, useCodedRefusals, useCsrfPrevention, useJsonPostOnly, useRequestSizeLimit } from './plugins';

/** Limits on one operation, beyond config.maxQueryDepth (documented in docs/api.md). */
export const QUERY_LIMITS = { maxAliases: 15, maxTokens: 2000, maxCost: 20_000, maxDirectives: 10 } as const;

/** Largest HTTP request body: room for a few maximal documents, never less than 64 MiB. */
export function maxRequestBytes(config: Config): number {
  return Math.max(64 * 1024 * 1024, 4 * config.maxDocumentBytes + 1024 * 1024);
}

/**
 * What GraphiQL shows first: one tab per step, from listing projects to reading the glossary.
 * GraphiQL reads `defaultTabs` when its storage is empty (yoga's `defaultQuery` alone is ignored by
 * the bundle). Ids are opaque: the tabs take them as variables, copied from the Projects tab.
 */
const GRAPHIQL_TABS = [
  { query: `# Welcome to GenGlossary. Start here: copy a project's id into the other tabs' variables.\nquery Projects {\n  projects { id name documentCount currentRun { id status } }\n}\n` },
  {
    query: `mutation StartRun($projectId: ID!) {\n  startRun(input: { projectId: $projectId, scope: FULL }) { id status }\n}\n`,
    variables: `{ "projectId": "<a project id from the Projects tab>" }`,
  },
  {
    query: `# Live log lines of a run (over graphql-ws); resume after a reconnect with afterSeq.\nsubscription Logs($runId: ID!) {\n  runLogs(runId: $runId) { seq level step message }\n}\n`,
    variables: `{ "runId": "<the id StartRun returned>" }`,
  },
  {
    query: `query Glossary($projectId: ID!) {\n  project(id: $projectId) { name refinedEntries { term definition sources { fileName line } } }\n}\n`,
    variables: `{ "projectId": "<a project id from the Projects tab>" }`,
  },
];

/** Refuses introspection (__schema, __type) in validation, on every transport. */
export function useIntrospection(enabled: boolean): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!enabled) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** The operation limits, each refusal tagged with GRAPHQL_VALIDATION_FAILED and the limit's name. */
export function armorPlugin(config: Config) {
  return EnvelopArmorPlugin({
    maxDepth: { n: config.maxQueryDepth, ignoreIntrospection: true, flattenFragments: true, onReject: [tagLimit('depth')] },
    maxAliases: { n: QUERY_LIMITS.maxAliases, onReject: [tagLimit('aliases')] },
    maxTokens: { n: QUERY_LIMITS.maxTokens, onReject: [tagLimit('tokens')] },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, onReject: [tagLimit('cost')] },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, onReject: [tagLimit('directives')] },
    // The schema is public (introspection, schema.graphql): suggestions only help users.
    blockFieldSuggestion: { enabled: false },
  });
}

export interface YogaAppDeps {
  config: Config;
  logger: Logger;
  context: (initial: Record<string, unknown>) => Context;
  /** Subscription results shared by every subscriber of one operation, executed and encoded once. */
  shared: SharedResults;
  /** For the response budget's size bounds. */
  db: Db;
  /** Origins other than the server's own that CORS answers (SameOriginPolicy.corsOrigins). */
  corsOrigins: string[];
  /** Plugins that run first, e.g. API-token authentication (src/auth). */
  plugins?: Plugin[];
}

export type YogaApp = YogaServerInstance<Record<string, unknown>, Context>;

/** The GraphQL app behind /graphql (HTTP and SSE; graphql-ws drives the same envelope). */
export function createYogaApp({ config, logger, context, shared, corsOrigins, db, plugins = [] }: YogaAppDeps): YogaApp {
  return createYoga<Record<string, unknown>, Context>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    context,
    // Rendered from the installed package (no CDN): the page works with no network.
    graphiql: config.graphiql ? { title: 'GenGlossary', subscriptionsProtocol: 'WS', defaultTabs: GRAPHIQL_TABS } : false,
    renderGraphiQL,
    // Unknown paths never reach yoga (routes.ts answers them with a coded 404).
    landingPage: false,
    batching: false,
    multipart: false,
    maskedErrors: { maskError },
    logging: {
      debug: (...a) => logger.debug(...a),
      info: (...a) => logger.info(...a),
      warn: (...a) => logger.warn(...a),
      // yoga logs every error it rewrote; a user's NOT_FOUND is not a server fault.
      error: (...a) => (a.every(isExpectedError) ? logger.debug(...a) : logger.error(...a)),
    },
    // Closed unless ALLOWED_ORIGINS lists origins: then only to them, without credentials (no cookies are used).
    cors: corsOrigins.length === 0 ? false : { origin: corsOrigins, credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'accept', 'authorization', 'x-graphql-yoga-csrf'] },
    // The one body limit: declared sizes are refused by useRequestSizeLimit before reading, the rest while reading.
    maxRequestBodySize: maxRequestBytes(config),
    plugins: [
      useCodedRefusals(),
      ...plugins,
      useAcceptableOnly(config.graphiql),
      useJsonPostOnly(),
      useCsrfPrevention(),
      useIntrospection(config.introspection),
      useWellFormedText(),
      useResponseBudget(config, db),
      armorPlugin(config),
      useParseErrorCode(),
      useSharedSubscriptionEvents(shared),
      useRequestSizeLimit(maxRequestBytes(config)),
    ],
  });
}
