// Listening and the graceful close of the whole server, in the order DESIGN §2 asks for: HTTP stops
// accepting, runs end (their last lines still reach subscribers), graphql-ws sockets close, open
// connections are cut, the database closes.
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { RunService } from '../runs/index';

export interface Closable {
  dispose(): Promise<void> | void;
}

/** The port is taken: one clear line for the operator, before anything was migrated or seeded. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(host: string, port: number) {
    super(`Port ${port} on ${host} is already in use (EADDRINUSE): stop the other server or set PORT to a free port.`);
  }
}

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface BoundServer {
  httpServer: Server;
  port: number;
  /** Starts answering: requests and upgrades that arrived while starting up waited for this. */
  serve(onRequest: RequestListener, onUpgrade: UpgradeListener): void;
  /** Closes the port again when starting up failed after binding it. */
  abort(): Promise<void>;
}

/**
 * Binds config.host:config.port first, so a taken port fails before migrations, recovery and
 * seeding touch the database; rejects with PortInUseError.
 */
export async function bindPort(config: Pick<Config, 'port' | 'host'>): Promise<BoundServer> {
  let onRequest: RequestListener | undefined;
  let onUpgrade: UpgradeListener | undefined;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const httpServer = createServer((req, res) => (onRequest ? onRequest(req, res) : void ready.then(() => onRequest!(req, res))));
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    onUpgrade ? onUpgrade(req, socket, head) : void ready.then(() => onUpgrade!(req, socket, head)),
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
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.host, config.port);
    throw e;
  }
  return {
    httpServer,
    port: (httpServer.address() as AddressInfo).port,
    serve(request, upgrade) {
      onRequest = request;
      onUpgrade = upgrade;
      markReady();
    },
    async abort() {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

/** The server's close(): memoized, bounded by config.shutdownTimeoutMs. */
export function gracefulClose(parts: { httpServer: Server; wsServer: Closable; runs: RunService; db: Db; config: Config; logger: Logger }): () => Promise<void> {
  const { httpServer, wsServer, runs, db, config, logger } = parts;
  let closing: Promise<void> | undefined;
  return () =>
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
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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
