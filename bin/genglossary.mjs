#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a fresh clone works after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
process.exit(await run(process.argv));
