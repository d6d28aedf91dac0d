// The composition root: config → migrations → database → runs → GraphQL (yoga over HTTP and SSE,
// graphql-ws on the same port) → shutdown. Everything else receives its dependencies from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthStartupError, ServerAuth } from './auth/index';
import { type Config, ConfigError, loadConfig } from './config';
import { type Db, openDb } from './db/client';
import { migrateIfNeeded } from './db/migrate';
import { createConsoleAssets, consoleRoute } from './http/console-assets';
import { type BoundServer, bindPort, createGraphqlWs, createYogaApp, gracefulClose, graphqlRoute, PortInUseError, routeRequests, sameOriginPolicy, sameOriginRoute, sseLimits } from './http/index';
import { createLogger, type Logger } from './logger';
import { seedDemoProject } from './projects/demo-seed';
import { AutoExtract, DocumentService, ExportService, GlossaryEditService, glossaryChangesOn, ProjectService, SynonymService } from './projects/index';
import { createRunEventBus, RunManager, type RunService } from './runs/index';
import type { Context } from './schema/index';
import { SharedResults } from './schema/shared-events';
import { sharedPayloads } from './ws/index';

export { maxRequestBytes, QUERY_LIMITS, WS_MAX_PAYLOAD_BYTES, WS_WRITE_BEHIND_BYTES } from './http/index';

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

/** Starts the whole server on config.host:config.port (0 = any free port). */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const bound = await bindPort(config);
  try {
    return await serveOn(bound, config, overrides, logger);
  } catch (e) {
    await bound.abort();
    throw e;
  }
}

async function serveOn(bound: BoundServer, config: Config, overrides: ServerOverrides, logger: Logger): Promise<RunningServer> {
  await migrateIfNeeded(config.databaseUrl, logger);
  const db = await openDb(config.databaseUrl);
  // Before anything listens: a reachable server without tokens must not start.
  const auth = await ServerAuth.forServer(db, config).catch(async (e: unknown) => {
    await db.$disconnect();
    throw e;
  });
  // One bus per process: run events, and the glossary-input changes glossaryStatus follows.
  const bus = createRunEventBus();
  const runs: ManagedRunService = overrides.createRuns
    ? overrides.createRuns({ db, config, logger })
    : new RunManager({
        db,
        bus,
        maxConcurrentRuns: config.maxConcurrentRuns,
        llmConfig: config.llm,
        // Log batches are written by a worker thread on its own connection, off the pipeline's thread.
        databaseUrl: config.databaseUrl,
        // On PostgreSQL: many instances share the queue, relay live events, heartbeat a lease.
        instances: { leaseMs: config.instanceLeaseMs },
        // Pipelines run in warm worker threads, off the event loop (docs/runs.md).
        runWorkers: { cancelGraceMs: config.runCancelGraceMs },
        logger,
      });
  await runs.recoverInterrupted?.();

  const glossaryChanges = glossaryChangesOn(bus);
  const autoExtract = new AutoExtract(db, runs, logger);
  const projects = new ProjectService(db, glossaryChanges);
  const documents = new DocumentService(db, config, glossaryChanges, autoExtract);
  const glossary = new GlossaryEditService(db, glossaryChanges);
  const synonyms = new SynonymService(db, glossaryChanges);
  const exports = new ExportService(db, config.llm);
  if (config.seedDemo) await seedDemoProject(db, projects, documents, logger);
  // Documents uploaded with autoExtract whose run could not start before a restart.
  await autoExtract.resumeAll();

  const context = (initial: unknown): Context => ({
    db,
    runs,
    config,
    projects,
    documents,
    glossary,
    exports,
    synonyms,
    glossaryChanges,
    principal: auth.principalOf(initial),
    apiTokens: auth.store,
  });
  // Subscription results shared by every subscriber of one operation, executed and encoded once.
  const shared = overrides.sharedResults ?? new SharedResults();
  const payloads = sharedPayloads((value) => shared.jsonOf(value));
  const sameOrigin = sameOriginPolicy(config);
  const yoga = createYogaApp({ config, logger, context, shared, corsOrigins: sameOrigin.corsOrigins, db, plugins: [auth.yogaPlugin()] });

  const wsServer = createGraphqlWs(yoga, { config, logger, payloads, checkUpgrade: (req) => sameOrigin.check(req.headers), auth });
  const routes = [
    sameOriginRoute(sameOrigin),
    sseLimits(config, yoga.graphqlEndpoint).route,
    graphqlRoute(yoga),
    // The web console (console/dist) at `/`, /projects/… and /assets/.
    consoleRoute(createConsoleAssets()),
  ];
  bound.serve(routeRequests(routes, logger), wsServer.handleUpgrade);

  const { httpServer, port } = bound;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info(`GenGlossary console on http://${hostForUrl}:${port}/ · GraphQL on http://${hostForUrl}:${port}/graphql (graphql-ws and SSE on the same path)`);
  const closeServer = gracefulClose({ httpServer, wsServer, runs, db, config, logger });
  const close = async () => {
    autoExtract.close();
    await closeServer();
    // The bus of an overridden RunService is not this one: end glossaryStatus followers here too.
    bus.close();
  };
  return { url: `http://${hostForUrl}:${port}/graphql`, wsUrl: `ws://${hostForUrl}:${port}/graphql`, port, close };
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
  let server: RunningServer;
  try {
    server = await startServer(config, { logger });
  } catch (e) {
    if (e instanceof PortInUseError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
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
    console.error(e instanceof AuthStartupError ? e.message : e);
    process.exit(1);
  });
}
