#!/usr/bin/env node
// Runs `prisma generate` offline. The Prisma CLI tries to download its schema-engine binary
// before generating, although generation does not need it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download. Migrations run through
// the engine's wasm build instead (src/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
// The Pothos generator is a bin of @pothos/plugin-prisma, found on PATH.
env.PATH = `${path.join(root, 'node_modules/.bin')}${path.delimiter}${env.PATH ?? ''}`;

const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
