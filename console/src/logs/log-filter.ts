// Which lines of a LogBuffer a filter (levels, steps, text) keeps, as a view the virtualized list
// reads row by row. Pure and memoized so typing in the search box does not rescan 100,000 lines
// per keystroke where it can be avoided:
// - new lines only: the view scans just the lines appended since it was last asked;
// - a stricter filter (a longer search text containing the previous one, fewer levels or steps)
//   narrows the previous matches instead of rescanning the buffer;
// - recent filters are kept, so backspacing to a text typed a moment ago is a catch-up, not a scan.
import { LOG_LEVELS, type LogBuffer, type LogLevel, PIPELINE_STEPS, NO_STEP, type StepKey } from './log-buffer';

export const ALL_STEP_KEYS: readonly StepKey[] = [...PIPELINE_STEPS, NO_STEP];

export interface LogFilter {
  /** Levels shown; every level when all are listed. */
  levels: readonly LogLevel[];
  /** Steps shown (NO_STEP = lines outside any step); every line when all are listed. */
  steps: readonly StepKey[];
  /** Case-insensitive substring of the message; '' matches everything. */
  text: string;
}

export const NO_FILTER: LogFilter = { levels: LOG_LEVELS, steps: ALL_STEP_KEYS, text: '' };

/** The rows a filter keeps: row r shows buffer line lineAt(r). */
export interface FilteredView {
  readonly count: number;
  lineAt(row: number): number;
  /** The buffer indexes shown, in order (for "download what is shown"). */
  readonly indexes: ArrayLike<number>;
}

interface Normalized {
  levels: ReadonlySet<LogLevel>;
  steps: ReadonlySet<StepKey>;
  text: string;
  allLevels: boolean;
  allSteps: boolean;
  key: string;
}

function normalize(filter: LogFilter): Normalized {
  const levels = new Set(filter.levels);
  const steps = new Set(filter.steps);
  const text = filter.text.trim().toLowerCase();
  const allLevels = LOG_LEVELS.every((l) => levels.has(l));
  const allSteps = ALL_STEP_KEYS.every((s) => steps.has(s));
  const key = `${LOG_LEVELS.filter((l) => levels.has(l)).join(',')}|${ALL_STEP_KEYS.filter((s) => steps.has(s)).join(',')}|${text}`;
  return { levels, steps, text, allLevels, allSteps, key };
}

/** True when every line `narrow` keeps is also kept by `wide`. */
function isNarrowerOrEqual(narrow: Normalized, wide: Normalized): boolean {
  for (const l of narrow.levels) if (!wide.levels.has(l)) return false;
  for (const s of narrow.steps) if (!wide.steps.has(s)) return false;
  return narrow.text.includes(wide.text);
}

/** Fills buffer.lowerMessages up to its length (once per line, ever). */
function lowerUpTo(buffer: LogBuffer): void {
  const lower = buffer.lowerMessages;
  for (let i = lower.length; i < buffer.length; i++) lower.push(buffer.messages[i]!.toLowerCase());
}

function matches(buffer: LogBuffer, f: Normalized, i: number): boolean {
  if (!f.allLevels && !f.levels.has(buffer.levels[i]!)) return false;
  if (!f.allSteps && !f.steps.has(buffer.steps[i]!)) return false;
  return f.text === '' || buffer.lowerMessages[i]!.includes(f.text);
}

interface Entry {
  filter: Normalized;
  indexes: number[];
  /** Buffer lines already looked at. */
  scanned: number;
}

class AllLines implements FilteredView {
  constructor(readonly count: number) {}
  lineAt(row: number): number {
    return row;
  }
  get indexes(): ArrayLike<number> {
    return Array.from({ length: this.count }, (_, i) => i);
  }
}

class SomeLines implements FilteredView {
  readonly count: number;
  constructor(readonly indexes: number[]) {
    // The array keeps growing as lines arrive; this view is the snapshot of its current length.
    this.count = indexes.length;
  }
  lineAt(row: number): number {
    return this.indexes[row]!;
  }
}

export interface LogFilterer {
  (buffer: LogBuffer, filter: LogFilter): FilteredView;
  /** Lines examined by scans so far (tests use it to see that work was avoided). */
  readonly examined: number;
}

/** A memoized filter over one buffer; make a new one for another buffer (another run). */
export function createLogFilterer(keep = 8): LogFilterer {
  let buffer: LogBuffer | null = null;
  const recent: Entry[] = []; // most recently used last
  let examined = 0;

  const catchUp = (entry: Entry, buf: LogBuffer) => {
    const f = entry.filter;
    for (let i = entry.scanned; i < buf.length; i++) if (matches(buf, f, i)) entry.indexes.push(i);
    examined += buf.length - entry.scanned;
    entry.scanned = buf.length;
  };

  const filterer = ((buf: LogBuffer, filter: LogFilter): FilteredView => {
    if (buf !== buffer) {
      buffer = buf;
      recent.length = 0;
    }
    const f = normalize(filter);
    if (f.allLevels && f.allSteps && f.text === '') return new AllLines(buf.length);
    if (f.text !== '') lowerUpTo(buf);

    let entry = recent.find((e) => e.filter.key === f.key);
    if (entry) {
      recent.splice(recent.indexOf(entry), 1);
    } else {
      // Narrow the closest wider filter already computed (the newest one that fits), else scan.
      const base = [...recent].reverse().find((e) => isNarrowerOrEqual(f, e.filter));
      if (base) {
        catchUp(base, buf);
        const indexes: number[] = [];
        for (const i of base.indexes) if (matches(buf, f, i)) indexes.push(i);
        examined += base.indexes.length;
        entry = { filter: f, indexes, scanned: base.scanned };
      } else {
        entry = { filter: f, indexes: [], scanned: 0 };
      }
    }
    catchUp(entry, buf);
    recent.push(entry);
    if (recent.length > keep) recent.shift();
    return new SomeLines(entry.indexes);
  }) as LogFilterer;
  Object.defineProperty(filterer, 'examined', { get: () => examined });
  return filterer;
}
