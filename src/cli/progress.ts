// What the CLI tells people and scripts while it works, all on stderr (stdout may carry the
// glossary): a bar on a terminal, plain throttled lines on a pipe or file, JSON lines for scripts
// (--progress json), or nothing but errors (--quiet).
import cliProgress from 'cli-progress';
import type { LogEvent, PipelineStep, ProgressEvent, Reporter } from '../pipeline/types';
import type { TerminalGuard } from './terminal';

const STEP_NAME: Record<PipelineStep, string> = {
  EXTRACT: 'extract',
  PROVISIONAL: 'define',
  ISSUES: 'review',
  REFINED: 'refine',
};
/** Plain mode prints at most one progress line per step this often (plus the last one). */
const PLAIN_INTERVAL_MS = 1000;

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

export type ProgressMode = 'bar' | 'plain' | 'json' | 'quiet';

/** A Reporter that draws progress on `stream`; call stop() before writing anything else. */
export function createProgressReporter(
  stream: Stream,
  now: () => number = Date.now,
  guard?: TerminalGuard,
): { reporter: Reporter; stop: () => void } {
  return stream.isTTY ? barReporter(stream, guard) : plainReporter(stream, now);
}

/**
 * The item being worked on, set off from the count ("12/98 · roast level"); none once the step is
 * done, so the last line does not read "98/98 minutes" (a term, not a duration).
 */
const itemSuffix = (p: ProgressEvent, max = Infinity): string =>
  p.current < p.total && p.item ? ` · ${p.item.slice(0, max)}` : '';

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
        stream.write(`[${STEP_NAME[p.step]}] ${p.current}/${p.total}${itemSuffix(p)}\n`);
      },
    },
    stop: () => {},
  };
}

function barReporter(stream: Stream, guard?: TerminalGuard): { reporter: Reporter; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  let barStep: PipelineStep | null = null;
  const stop = () => {
    // stop() redraws the bar's last state, ends its line and shows the cursor again.
    bar?.stop();
    bar = null;
    barStep = null;
    guard?.restore();
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
            { stream, format: `${STEP_NAME[p.step].padEnd(7)} [{bar}] {value}/{total}{item}`, hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          guard?.changed();
          bar.start(p.total, p.current, { item: itemSuffix(p, 40) });
          barStep = p.step;
        }
        bar!.update(p.current, { item: itemSuffix(p, 40) });
      },
    },
    stop,
  };
}

function jsonReporter(write: (event: Record<string, unknown>) => void): Reporter {
  return {
    log: (e) => {
      if (e.level !== 'DEBUG') write({ event: 'log', level: e.level, step: e.step, message: e.message });
    },
    progress: (p) => write({ event: 'progress', step: p.step, current: p.current, total: p.total, item: p.item }),
  };
}

/** Everything the CLI says while a command runs. */
export interface CliReport {
  /** For the pipeline; after interrupt() it draws no more progress. */
  reporter: Reporter;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Always shown, also with --quiet. `fields` go into the JSON line. */
  error(message: string, fields?: Record<string, unknown>): void;
  /** The last line of a successful command. */
  done(message: string, fields: Record<string, unknown>): void;
  /** Ctrl-C: ends the bar's line so the next message starts on a clean line, and mutes progress. */
  interrupt(): void;
  /** Ends the bar (if any); call before writing anything else to the terminal. */
  stop(): void;
}

const SGR = { red: 31, green: 32, yellow: 33 } as const;
/** Back to column 1 and erase the line: removes the "^C" a terminal echoes where the cursor was. */
const CLEAR_LINE = '\r\x1b[2K';

export interface CliReportOptions {
  mode: ProgressMode;
  stream: Stream;
  /** Colour for the error and warning prefixes (a terminal without NO_COLOR). */
  color: boolean;
  guard?: TerminalGuard;
  now?: () => number;
}

export function createCliReport({ mode, stream, color, guard, now = Date.now }: CliReportOptions): CliReport {
  // Plain SGR codes: whether to colour is decided here (terminal, NO_COLOR), not by the runtime.
  const paint = (style: keyof typeof SGR, text: string) => (color ? `\x1b[${SGR[style]}m${text}\x1b[39m` : text);
  const line = (text: string) => stream.write(`${text}\n`);
  if (mode === 'json') {
    const write = (event: Record<string, unknown>) => stream.write(`${JSON.stringify(event)}\n`);
    let muted = false;
    const reporter = jsonReporter(write);
    return {
      reporter: { log: reporter.log, progress: (p) => !muted && reporter.progress(p) },
      info: (message, fields) => write({ event: 'log', level: 'INFO', message, ...fields }),
      warn: (message, fields) => write({ event: 'log', level: 'WARN', message, ...fields }),
      error: (message, fields) => write({ event: 'error', message, ...fields }),
      done: (message, fields) => write({ event: 'done', message, ...fields }),
      interrupt: () => {
        muted = true;
      },
      stop: () => {},
    };
  }
  const drawn = mode === 'quiet' ? null : mode === 'bar' ? barReporter(stream, guard) : plainReporter(stream, now);
  let muted = false;
  const stop = () => drawn?.stop();
  const quiet = mode === 'quiet';
  return {
    reporter: {
      log: (e) => {
        if (!quiet && !muted) drawn!.reporter.log(e);
      },
      progress: (p) => {
        if (!quiet && !muted) drawn!.reporter.progress(p);
      },
    },
    info: (message) => {
      if (quiet) return;
      stop();
      line(message);
    },
    warn: (message) => {
      if (quiet) return;
      stop();
      line(`${paint('yellow', 'warning:')} ${message}`);
    },
    error: (message) => {
      stop();
      line(`${paint('red', 'genglossary:')} ${message}`);
    },
    done: (message) => {
      if (quiet) return;
      stop();
      line(paint('green', message));
    },
    interrupt: () => {
      muted = true;
      stop();
      if (stream.isTTY) stream.write(CLEAR_LINE);
    },
    stop,
  };
}
