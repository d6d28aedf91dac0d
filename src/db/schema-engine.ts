// Loads Prisma's schema engine as WebAssembly. The Prisma CLI would download a native
// schema-engine binary, which these machines cannot fetch; the wasm build ships on npm and,
// driven through a driver adapter, diffs schemas and applies migrations the same way.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine as SchemaEngineType } from '@prisma/schema-engine-wasm';
import { isPostgresUrl } from './provider';

const require = createRequire(import.meta.url);

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
// Node has WebAssembly at run time; its type lives in lib.dom, which this server does not load.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};
let bindings: Promise<Bindings> | undefined;

/** Instantiates the wasm module once per process, without --experimental-wasm-modules. */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bindings & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bg,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return bindings;
}

export interface OpenSchemaEngine {
  engine: SchemaEngineType;
  /** Frees the engine and closes every connection it opened (it never closes them itself). */
  close(): Promise<void>;
}

/**
 * Opens a schema engine with the given schema text on a SQLite file URL (`file:./data/x.db`;
 * its shadow database is in memory) or a PostgreSQL URL (through @prisma/adapter-pg; the wasm
 * engine needs a live server even to diff two datamodels, and cannot introspect PostgreSQL).
 */
export async function openSchemaEngine(url: string, schemaPath: string, schemaText: string): Promise<OpenSchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  const factory = isPostgresUrl(url) ? new PrismaPg({ connectionString: url }) : new PrismaBetterSqlite3({ url });
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <T extends { dispose(): Promise<void> }>(adapter: T): T => (opened.push(adapter), adapter);
  const tracked = Object.assign(Object.create(Object.getPrototypeOf(factory)) as typeof factory, factory, {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  });
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(opened.splice(0).map((a) => a.dispose()));
    },
  };
}
