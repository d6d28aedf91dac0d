// The lines of one run's log, as flat column arrays (one entry per line, append-only).
// 100,000 lines as 100,000 objects in React state would be copied on every batch; here a batch
// only pushes onto the columns and bumps `version`, and counts per level and step grow with it.
// Lines at or below the last seq held are ignored: urql re-emits the last batch when a
// subscription completes, and a resumed subscription may overlap what was already shown.

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const PIPELINE_STEPS = ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** The key counts and step filters use for lines outside any step. */
export const NO_STEP = 'NONE';
export type StepKey = PipelineStep | typeof NO_STEP;

export interface LogLineInput {
  seq: number;
  time: string;
  level: LogLevel;
  step?: PipelineStep | null;
  message: string;
}

export class LogBuffer {
  readonly seqs: number[] = [];
  readonly times: string[] = [];
  readonly levels: LogLevel[] = [];
  readonly steps: StepKey[] = [];
  readonly messages: string[] = [];
  /** Lower-cased messages, filled lazily by the first text search (see filter.ts). */
  readonly lowerMessages: string[] = [];
  readonly levelCounts: Record<LogLevel, number> = { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0 };
  readonly stepCounts: Record<StepKey, number> = { EXTRACT: 0, PROVISIONAL: 0, ISSUES: 0, REFINED: 0, NONE: 0 };
  /** seq of the newest line held (0 when empty): the cursor a resumed subscription starts after. */
  lastSeq = 0;
  /** Bumped on every append that added lines, so memoized views know to catch up. */
  version = 0;

  get length(): number {
    return this.seqs.length;
  }

  /** Appends the lines newer than lastSeq, in order; returns how many were added. */
  append(lines: readonly LogLineInput[]): number {
    let added = 0;
    for (const line of lines) {
      if (line.seq <= this.lastSeq) continue;
      const step: StepKey = line.step ?? NO_STEP;
      this.seqs.push(line.seq);
      this.times.push(line.time);
      this.levels.push(line.level);
      this.steps.push(step);
      this.messages.push(line.message);
      this.levelCounts[line.level] = (this.levelCounts[line.level] ?? 0) + 1;
      this.stepCounts[step] = (this.stepCounts[step] ?? 0) + 1;
      this.lastSeq = line.seq;
      added++;
    }
    if (added > 0) this.version++;
    return added;
  }

  /**
   * The lines of `head` followed by those of `tail` (newer seqs), as a new buffer: how a log
   * loaded tail first (the end on screen at once) gets its beginning once that has arrived.
   */
  static concat(head: LogBuffer, tail: LogBuffer): LogBuffer {
    const tailStart = tail.length > 0 ? tail.seqs[0]! : Number.POSITIVE_INFINITY;
    // Head lines that overlap the tail are dropped: every seq appears once.
    let keep = head.length;
    while (keep > 0 && head.seqs[keep - 1]! >= tailStart) keep--;
    const out = new LogBuffer();
    const take = <T>(a: T[], b: T[], into: T[]) => {
      for (let i = 0; i < keep; i++) into.push(a[i]!);
      for (const v of b) into.push(v);
    };
    take(head.seqs, tail.seqs, out.seqs);
    take(head.times, tail.times, out.times);
    take(head.levels, tail.levels, out.levels);
    take(head.steps, tail.steps, out.steps);
    take(head.messages, tail.messages, out.messages);
    for (let i = 0; i < out.length; i++) {
      out.levelCounts[out.levels[i]!]++;
      out.stepCounts[out.steps[i]!]++;
    }
    out.lastSeq = out.length > 0 ? out.seqs[out.length - 1]! : 0;
    out.version = 1;
    return out;
  }

  /** One line as text, the way "download" writes it. */
  lineText(index: number): string {
    const step = this.steps[index];
    return `${this.seqs[index]}\t${this.times[index]}\t${this.levels[index]}\t${step === NO_STEP ? '-' : step}\t${this.messages[index]}`;
  }

  /** The whole log (or the given line indexes) as text, one line each. */
  toText(indexes?: ArrayLike<number>): string {
    const out: string[] = [];
    if (indexes) for (let i = 0; i < indexes.length; i++) out.push(this.lineText(indexes[i]!));
    else for (let i = 0; i < this.length; i++) out.push(this.lineText(i));
    return out.length ? `${out.join('\n')}\n` : '';
  }
}
