// Listening and the graceful close of the whole server, in the order DESIGN §2 asks for: HTTP stops
// accepting, runs end (their last lines still reach subscribers), graphql-ws sockets close, open
// connections are cut, the database closes.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { RunService } from '../runs/index';

export interface Closable {
  dispose(): Promise<void> | void;
}

/** Listens on config.host:config.port; resolves with the bound port, rejects (e.g. EADDRINUSE) without listening. */
export async function listen(httpServer: Server, config: Pick<Config, 'port' | 'host'>): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  return (httpServer.address() as AddressInfo).port;
}

/** After a failed listen: release what was opened so the caller can exit or retry cleanly. */
export async function releaseAfterFailedListen(parts: { wsServer: Closable; runs: RunService; db: Db }): Promise<void> {
  await Promise.resolve(parts.wsServer.dispose()).catch(() => undefined);
  await parts.runs.shutdown(1000).catch(() => undefined);
  await parts.db.$disconnect();
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
