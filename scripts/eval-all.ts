// `npm run eval`: every measuring set in turn — ACTER (term extraction, English; eval-acter.ts) and
// pydocs-en-ja (glossary of technical documentation with gold definitions; eval-pydocs.ts).
//
//   npm run eval                          # both sets
//   npm run eval -- --set acter [dirs…] [--ablation]
//   npm run eval -- --set pydocs [en|ja] [--keep] [--calibration] [--ceiling]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const setAt = args.indexOf('--set');
const set = setAt >= 0 ? args[setAt + 1] : 'all';
const rest = setAt >= 0 ? args.filter((_, i) => i !== setAt && i !== setAt + 1) : args;
if (!['all', 'acter', 'pydocs'].includes(set ?? '')) {
  console.error(`Unknown set "${set}": use --set acter, --set pydocs, or no --set for both`);
  process.exit(2);
}
const isPydocsArg = (a: string) => a === 'en' || a === 'ja' || a === '--keep' || a === '--calibration' || a === '--ceiling';
const runs: Array<[string, string[]]> = [];
if (set !== 'pydocs') runs.push(['eval-acter.ts', rest.filter((a) => !isPydocsArg(a))]);
if (set !== 'acter') runs.push(['eval-pydocs.ts', rest.filter(isPydocsArg)]);
let status = 0;
for (const [script, scriptArgs] of runs) {
  // tsx's loader is already registered in this process; the children get it the same way.
  const r = spawnSync(process.execPath, [...process.execArgv, path.join(here, script), ...scriptArgs], { stdio: 'inherit' });
  status ||= r.status ?? 1;
}
process.exit(status);
