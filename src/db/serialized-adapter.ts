// One SQLite connection, one user at a time. The better-sqlite3 adapter serialises transactions
// against each other but not plain queries against an open transaction: a query issued from
// elsewhere while a `$transaction(async tx => …)` awaits runs on the same connection *inside*
// that transaction, and is silently undone if it rolls back. A run's status write landing inside
// a pipeline save that fails would be lost: exactly the "status stuck at RUNNING" of the original
// system. This wrapper makes every statement outside a transaction wait for the transaction.
// (A query on the outer client from inside a transaction callback now waits for that
// transaction: use the `tx` client there, as Prisma intends.)
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type { WriteGate } from './write-gate';

/** A FIFO lock over promises. */
class ConnectionLock {
  /** Raised while this connection is in use, so the log worker lets it write first (write-gate.ts). */
  constructor(readonly gate?: WriteGate) {}

  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    this.gate?.enter();
    try {
      return await work();
    } finally {
      this.gate?.leave();
      release();
    }
  }
}

function wrapTransaction(tx: Transaction, release: () => void): Transaction {
  let released = false;
  const end = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (q: SqlQuery) => tx.queryRaw(q),
    executeRaw: (q: SqlQuery) => tx.executeRaw(q),
    commit: () => tx.commit().finally(end),
    rollback: () => tx.rollback().finally(end),
    ...(tx.createSavepoint && { createSavepoint: (name: string) => tx.createSavepoint!(name) }),
    ...(tx.rollbackToSavepoint && { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint!(name) }),
    ...(tx.releaseSavepoint && { releaseSavepoint: (name: string) => tx.releaseSavepoint!(name) }),
  };
}

function wrapAdapter(inner: SqlDriverAdapter, gate?: WriteGate): SqlDriverAdapter {
  const lock = new ConnectionLock(gate);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q: SqlQuery): Promise<SqlResultSet> => lock.run(() => inner.queryRaw(q)),
    executeRaw: (q: SqlQuery): Promise<number> => lock.run(() => inner.executeRaw(q)),
    executeScript: (script: string) => lock.run(() => inner.executeScript(script)),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const unlock = await lock.acquire();
      gate?.enter();
      const release = () => {
        gate?.leave();
        unlock();
      };
      try {
        return wrapTransaction(await inner.startTransaction(isolationLevel), release);
      } catch (err) {
        release();
        throw err;
      }
    },
    ...(inner.getConnectionInfo && { getConnectionInfo: () => inner.getConnectionInfo!() }),
    dispose: () => inner.dispose(),
  };
}

/**
 * Wraps a driver adapter factory so statements outside a transaction never run inside one. With
 * a gate, the connection raises it while in use (see write-gate.ts).
 */
export function serializeConnection<F extends SqlDriverAdapterFactory>(factory: F, gate?: WriteGate): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrapAdapter(await factory.connect(), gate),
  };
}
