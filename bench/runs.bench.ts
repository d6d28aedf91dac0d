// `npm run bench:runs`: the run server's performance figures (issue 3, "Performance"), printed,
// never asserted. The parts in sequence, or some: `tsx bench/runs.bench.ts [fanout|ingestion|history|memory|workers|postgres]`.
// Each part is also its own script (bench/runs-<part>.ts) taking its size arguments; the results
// and the machine they were measured on are in docs/performance.md.
import os from 'node:os';
import { both as fanout } from './runs-fanout';
import { main as history } from './runs-history';
import { main as ingestion } from './runs-ingestion';
import { main as memory } from './runs-memory';
import { main as postgres } from './runs-postgres';
import { main as workers } from './runs-workers';

const PARTS: Record<string, () => Promise<unknown>> = {
  fanout: () => fanout(),
  ingestion: () => ingestion(),
  history: () => history(),
  memory: () => memory(),
  workers: () => workers(),
  // Starts an embedded PostgreSQL: history, ingestion, cross-instance delivery, notifications/s.
  postgres: () => postgres(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((p) => !(p in PARTS));
if (unknown.length) {
  console.error(`unknown part ${unknown.join(', ')}; expected some of ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}; load average ${load()}`);
for (const part of wanted.length ? wanted : Object.keys(PARTS)) {
  const t0 = Date.now();
  console.log('');
  await PARTS[part]!();
  console.log(`  (${part}: ${((Date.now() - t0) / 1000).toFixed(0)} s; load average now ${load()})`);
}
process.exit(0);
