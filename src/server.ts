// The composition root: config → migrations → database → runs → GraphQL (yoga over HTTP and SSE,
// graphql-ws on the same port) → shutdown. Everything else receives its dependencies from here.
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type DocumentNode, type ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { type Config, ConfigError, loadConfig } from './config';
import { type Db, openDb } from './db/client';
import { migrateIfNeeded } from './db/migrate';
import type { ServerErrorCode } from './errors';
import { createLogger, type Logger } from './logger';
import { DocumentService, ExportService, GlossaryEditService, ProjectService } from './projects/index';
import { RunManager, type RunService } from './runs/index';
import { buildSchema, type Context } from './schema/index';
import { isExpectedError, maskError, originalOf, useParseErrorCode } from './schema/errors';
import { SharedResults, useSharedSubscriptionEvents } from './schema/shared-events';
import { coalesceWrites, sharedPayloads } from './ws/index';

/** Limits on one operation, beyond config.maxQueryDepth (documented in docs/api.md). */
export const QUERY_LIMITS = { maxAliases: 15, maxTokens: 2000, maxCost: 20_000, maxDirectives: 10 } as const;
/** Largest graphql-ws message; uploads go over HTTP (POST /graphql). */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Bytes queued on a graphql-ws socket before its sends wait for the client (see coalesceWrites). */
export const WS_WRITE_BEHIND_BYTES = 256 * 1024;

/** Largest HTTP request body: room for a few maximal documents, never less than 64 MiB. */
export function maxRequestBytes(config: Config): number {
  return Math.max(64 * 1024 * 1024, 4 * config.maxDocumentBytes + 1024 * 1024);
}

const DEMO_DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/demo-docs');
const DEMO_PROJECT_NAME = 'Demo: coffee roasting';

/** What GraphiQL shows first: enough to start a run on the demo project and watch it. */
const GRAPHIQL_DEFAULT_QUERY = `# Welcome to GenGlossary. Run these one at a time (▶ picks the operation under the cursor).

query Projects {
  projects { id name documentCount currentRun { id status } }
}

mutation StartRun {
  startRun(input: { projectId: "1", scope: FULL }) { id status }
}

subscription Logs {
  runLogs(runId: "1") { seq level step message }
}

query Glossary {
  project(id: "1") { refinedEntries { term definition sources { fileName line } } }
}
`;

/** A RunService the server can start and stop; RunManager is the real one. */
export interface ManagedRunService extends RunService {
  /** Ends runs left PENDING/RUNNING by a process that is gone. */
  recoverInterrupted?(): Promise<unknown>;
}

export interface ServerOverrides {
  /** Replaces the RunManager (tests of the API layer alone). */
  createRuns?: (deps: { db: Db; config: Config; logger: Logger }) => ManagedRunService;
  logger?: Logger;
  /** The shared subscription results (tests read their stats). */
  sharedResults?: SharedResults;
}

export interface RunningServer {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  port: number;
  /** Graceful shutdown (see DESIGN §2): stops runs, closes subscriptions, HTTP and the database. */
  close(): Promise<void>;
}

/** Creates the demo project from examples/demo-docs when the database has no project at all. */
async function seedDemoProject(db: Db, projects: ProjectService, documents: DocumentService, logger: Logger): Promise<void> {
  if ((await db.project.count()) > 0) return;
  const names = (await readdir(DEMO_DOCS_DIR).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  if (names.length === 0) return;
  try {
    const project = await projects.create({ name: DEMO_PROJECT_NAME, engine: 'offline' });
    const docs = await Promise.all(names.map(async (fileName) => ({ fileName, content: await readFile(path.join(DEMO_DOCS_DIR, fileName), 'utf8') })));
    await documents.add(project.id, docs);
    logger.info(`seeded demo project ${project.id} with ${docs.length} documents`);
  } catch (e) {
    // Two processes starting on a fresh database race here; the loser finds the name taken.
    if ((originalOf(e) as { code?: string }).code !== 'BAD_USER_INPUT') throw e;
  }
}

/** Starts the whole server on config.host:config.port (0 = any free port). */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  await migrateIfNeeded(config.databaseUrl, logger);
  const db = await openDb(config.databaseUrl);
  const runs: ManagedRunService = overrides.createRuns
    ? overrides.createRuns({ db, config, logger })
    : new RunManager({
        db,
        maxConcurrentRuns: config.maxConcurrentRuns,
        llmConfig: config.llm,
        // Log batches are written by a worker thread on its own connection, off the pipeline's thread.
        databaseUrl: config.databaseUrl,
        // Pipelines run in warm worker threads, off the event loop (docs/runs.md).
        runWorkers: { cancelGraceMs: config.runCancelGraceMs },
        logger,
      });
  await runs.recoverInterrupted?.();

  const projects = new ProjectService(db);
  const documents = new DocumentService(db, config);
  const glossary = new GlossaryEditService(db);
  const exports = new ExportService(db, config.llm);
  if (config.seedDemo) await seedDemoProject(db, projects, documents, logger);

  const context = (): Context => ({ db, runs, config, projects, documents, glossary, exports });
  // Subscription results shared by every subscriber of one operation, executed and encoded once.
  const shared = overrides.sharedResults ?? new SharedResults();
  const payloads = sharedPayloads((value) => shared.jsonOf(value));
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    context,
    graphiql: { title: 'GenGlossary', subscriptionsProtocol: 'WS', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    landingPage: true,
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
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: config.maxQueryDepth, ignoreIntrospection: true, flattenFragments: true, onReject: [tagLimit('depth')] },
        maxAliases: { n: QUERY_LIMITS.maxAliases, onReject: [tagLimit('aliases')] },
        maxTokens: { n: QUERY_LIMITS.maxTokens, onReject: [tagLimit('tokens')] },
        costLimit: { maxCost: QUERY_LIMITS.maxCost, onReject: [tagLimit('cost')] },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives, onReject: [tagLimit('directives')] },
        // The schema is public (introspection, schema.graphql): suggestions only help users.
        blockFieldSuggestion: { enabled: false },
      }),
      useParseErrorCode(),
      useSharedSubscriptionEvents(shared),
      useRequestSizeLimit(maxRequestBytes(config)),
    ],
  });

  const httpServer: Server = createServer(yoga);
  const wss = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: WS_MAX_PAYLOAD_BYTES });
  // Before useServer's own listener, so graphql-ws sends through both: shared payloads spliced in,
  // then written behind up to the mark.
  wss.on('connection', (socket, request) => {
    coalesceWrites(socket, request.socket, WS_WRITE_BEHIND_BYTES);
    payloads.attach(socket);
  });
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  const wsServer = useServer(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: () => wss.clients.size <= config.maxWsConnections,
      onNext: payloads.onNext,
      onSubscribe: async (ctx, _id, payload) => {
        // The current id is already reserved in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > config.maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(`Too many operations on this connection (limit ${config.maxSubscriptionsPerSocket})`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' satisfies ServerErrorCode, limit: config.maxSubscriptionsPerSocket },
            }),
          ];
        }
        const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload });
        // Anything thrown from here would close the whole socket (4500): return errors instead.
        let document: DocumentNode;
        try {
          document = enveloped.parse(payload.query);
        } catch (e) {
          return [asGraphQLError(e, 'GRAPHQL_PARSE_FAILED')];
        }
        try {
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return [...errors];
        } catch (e) {
          // graphql-armor throws its rejections from validate.
          return [asGraphQLError(e, 'GRAPHQL_VALIDATION_FAILED')];
        }
        try {
          return {
            schema: enveloped.schema,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue: await enveloped.contextFactory(),
            rootValue: enveloped,
          };
        } catch (e) {
          logger.error('graphql-ws: building the operation context failed', e);
          return [asGraphQLError(e, 'INTERNAL_SERVER_ERROR')];
        }
      },
    },
    wss,
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // E.g. the port is taken: release what was opened so the caller can exit or retry cleanly.
    await Promise.resolve(wsServer.dispose()).catch(() => undefined);
    await runs.shutdown(1000).catch(() => undefined);
    await db.$disconnect();
    throw e;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info(`GenGlossary GraphQL on http://${hostForUrl}:${port}/graphql (graphql-ws and SSE on the same path)`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const deadline = Date.now() + config.shutdownTimeoutMs;
      // No new connections; runs first, so their final status and log lines still reach subscribers.
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      try {
        await runs.shutdown(Math.max(100, Math.floor(config.shutdownTimeoutMs * 0.6)));
      } catch (e) {
        logger.error('run shutdown failed', e);
      }
      await withTimeout(Promise.resolve(wsServer.dispose()), Math.max(100, deadline - Date.now() - 500)).catch((e: unknown) =>
        logger.error('closing subscriptions failed', e),
      );
      // SSE streams and keep-alive connections would hold close() open forever.
      httpServer.closeAllConnections();
      await withTimeout(httpClosed, Math.max(100, deadline - Date.now() - 300)).catch(() => undefined);
      await db.$disconnect();
    })());

  return { url: `http://${hostForUrl}:${port}/graphql`, wsUrl: `ws://${hostForUrl}:${port}/graphql`, port, close };
}

/** Refuses (413) a request whose declared body is over `limit` bytes, before reading it. */
function useRequestSizeLimit(limit: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared <= limit) return;
      const body = {
        errors: [{ message: `Request body of ${declared} bytes is over the limit of ${limit} bytes; send documents in several addDocuments calls`, extensions: { code: 'PAYLOAD_TOO_LARGE' satisfies ServerErrorCode, limit } }],
      };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 413, headers: { 'content-type': 'application/json' } }));
    },
  };
}

/**
 * armor throws its rejections from parse/validate without a code; give them the code of every
 * other refused operation, plus which limit it was.
 */
function tagLimit(limit: string) {
  return (_ctx: unknown, error: GraphQLError) => {
    const extensions = error.extensions as Record<string, unknown>;
    extensions.code ??= 'GRAPHQL_VALIDATION_FAILED' satisfies ServerErrorCode;
    extensions.limit ??= limit;
  };
}

function asGraphQLError(e: unknown, code: ServerErrorCode): GraphQLError {
  if (e instanceof GraphQLError) {
    return e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });
  }
  return new GraphQLError(code === 'INTERNAL_SERVER_ERROR' ? 'Unexpected error.' : String((e as Error)?.message ?? e), { extensions: { code } });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** `npm start`: serve until SIGTERM/SIGINT, then shut down gracefully and exit 0. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    // The hard bound: whatever hangs, the process ends within the shutdown timeout.
    setTimeout(() => {
      logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    server.close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (e: unknown) => {
        logger.error('shutdown failed', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
