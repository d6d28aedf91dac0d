// A server process stand-in for crash tests: starts a run whose pipeline logs forever, reports
// on stdout once some lines are stored, then waits to be killed.
import { openDb } from '../../src/db/client';
import { RunManager } from '../../src/runs/run-manager';

const [url, projectId] = process.argv.slice(2);
const db = await openDb(url!);
const manager = new RunManager({
  db,
  maxConcurrentRuns: 1,
  logFlushIntervalMs: 5,
  logger: { info() {}, warn() {}, error() {} },
  executeRun: async ({ reporter, signal }) => {
    for (let i = 1; !signal.aborted; i++) {
      reporter.log({ level: 'INFO', message: `line ${i}` });
      reporter.progress({ step: 'EXTRACT', current: i, total: 1_000_000 });
      await new Promise((r) => setTimeout(r, 1));
    }
  },
});
const run = await manager.start({ projectId: Number(projectId), scope: 'EXTRACT' });
const sub = manager.bus.subscribe('run', run.id);
for await (const event of sub) {
  if (event.kind === 'logs' && event.lines.at(-1)!.seq >= 20) {
    process.stdout.write(`READY ${run.id} ${manager.ownerId}\n`);
    break;
  }
}
await new Promise(() => {});
