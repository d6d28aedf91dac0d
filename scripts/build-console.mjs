#!/usr/bin/env node
// Builds the web console (console/ → console/dist) when the build is missing or older than its
// sources, so `npm install && npm start` on a fresh clone serves it with no third command.
//   node scripts/build-console.mjs           build if stale
//   node scripts/build-console.mjs --force   always build
//   node scripts/build-console.mjs --codegen only regenerate console/src/gql (typed documents)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const consoleDir = path.join(root, 'console');
const builtIndex = path.join(consoleDir, 'dist', 'index.html');
const args = new Set(process.argv.slice(2));

/** Newest modification time under dir (files only), skipping generated and built folders. */
function newestMtime(target, skip) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    // Dot entries (e.g. the browser tests' .build-lock) are not sources.
    if (entry.startsWith('.')) continue;
    const full = path.join(target, entry);
    if (skip.has(full)) continue;
    newest = Math.max(newest, newestMtime(full, skip));
  }
  return newest;
}

function codegen() {
  // The CLI reads the TypeScript config itself; run it with this Node, not through a shell.
  const bin = path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js');
  const result = spawnSync(process.execPath, [bin, '--config', 'console/codegen.ts', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('console: codegen failed');
    process.exit(result.status ?? 1);
  }
}

function isStale() {
  const built = newestMtime(builtIndex, new Set());
  if (built === 0) return true;
  const skip = new Set([path.join(consoleDir, 'dist'), path.join(consoleDir, 'src', 'gql'), path.join(consoleDir, 'node_modules')]);
  const sources = Math.max(
    newestMtime(consoleDir, skip),
    newestMtime(path.join(root, 'schema.graphql'), skip),
    newestMtime(path.join(root, 'package-lock.json'), skip),
  );
  return sources > built;
}

if (args.has('--codegen')) {
  codegen();
  process.exit(0);
}

if (!args.has('--force') && !isStale()) {
  console.log('console: console/dist is up to date');
  process.exit(0);
}

console.log('console: building console/dist …');
codegen();
// Always the production build that `npm start` serves: Vite follows an inherited NODE_ENV, and the
// browser tests run this under vitest's NODE_ENV=test, which gave React's development build —
// a quarter larger, slower, and then taken as up to date by the next `npm start`.
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ configFile: path.join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
console.log('console: built console/dist');
