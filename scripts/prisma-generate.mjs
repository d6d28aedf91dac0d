#!/usr/bin/env node
// Runs `prisma generate` offline, for both schemas: prisma/schema.prisma (SQLite, the model
// definition; also writes the Pothos types) and prisma/postgres/schema.prisma (derived from it by
// `npm run db:derive`). The Prisma CLI tries to download its schema-engine binary before
// generating, although generation does not need it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file skips that download. Migrations run through the engine's wasm build instead
// (src/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
// The Pothos generator is a bin of @pothos/plugin-prisma, found on PATH.
env.PATH = `${path.join(root, 'node_modules/.bin')}${path.delimiter}${env.PATH ?? ''}`;

for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  if (!existsSync(path.join(root, schema))) continue;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
