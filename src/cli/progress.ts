// Progress for people: a bar on a terminal, plain throttled lines when stderr is a pipe or file.
import cliProgress from 'cli-progress';
import type { LogEvent, PipelineStep, ProgressEvent, Reporter } from '../pipeline/types';

const STEP_NAME: Record<PipelineStep, string> = {
  EXTRACT: 'extract',
  PROVISIONAL: 'define',
  ISSUES: 'review',
  REFINED: 'refine',
};
/** Plain mode prints at most one progress line per step this often (plus the last one). */
const PLAIN_INTERVAL_MS = 1000;

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/** A Reporter that draws progress on `stream`; call stop() before writing anything else. */
export function createProgressReporter(stream: Stream, now: () => number = Date.now): { reporter: Reporter; stop: () => void } {
  return stream.isTTY ? barReporter(stream) : plainReporter(stream, now);
}

const logLine = (e: LogEvent) => `${e.level === 'INFO' ? '' : `${e.level}: `}${e.step ? `[${STEP_NAME[e.step]}] ` : ''}${e.message}\n`;

function plainReporter(stream: Stream, now: () => number): { reporter: Reporter; stop: () => void } {
  const lastAt = new Map<PipelineStep, number>();
  return {
    reporter: {
      log: (e) => {
        if (e.level !== 'DEBUG') stream.write(logLine(e));
      },
      progress: (p: ProgressEvent) => {
        const t = now();
        const last = lastAt.get(p.step);
        if (p.current < p.total && last !== undefined && t - last < PLAIN_INTERVAL_MS) return;
        lastAt.set(p.step, t);
        stream.write(`[${STEP_NAME[p.step]}] ${p.current}/${p.total}${p.item ? ` ${p.item}` : ''}\n`);
      },
    },
    stop: () => {},
  };
}

function barReporter(stream: Stream): { reporter: Reporter; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  let barStep: PipelineStep | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
    barStep = null;
  };
  return {
    reporter: {
      log: (e) => {
        if (e.level === 'DEBUG') return;
        // A log line would be overdrawn by the bar; step logs come between bars anyway.
        stop();
        stream.write(logLine(e));
      },
      progress: (p) => {
        if (barStep !== p.step) {
          stop();
          bar = new cliProgress.SingleBar(
            { stream, format: `${STEP_NAME[p.step].padEnd(7)} [{bar}] {value}/{total} {item}`, hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.current, { item: '' });
          barStep = p.step;
        }
        bar!.update(p.current, { item: (p.item ?? '').slice(0, 40) });
      },
    },
    stop,
  };
}
