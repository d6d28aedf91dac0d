// Loads a run's log for the panel, the end first. Replaying 100,000 stored lines from seq 0 takes
// the server seconds, and the user opening a run wants its last lines: so for a long log the live
// stream starts a little before the end (the last TAIL_LINES) and a second stream fills in the
// beginning; when that reaches the tail, the two are joined into one buffer (LogBuffer.concat)
// and the second stream stops. Short logs are simply streamed from the start.
import { LogBuffer } from './log-buffer';
import { type ConnectionState, type LogTransport, type RunLogStream, startRunLogStream } from './run-log-stream';

export const TAIL_LINES = 2_000;
export const TAIL_FIRST_ABOVE = 5_000;

export interface RunLogLoaderOptions {
  runId: string;
  transport: LogTransport;
  /** The run's lastSeq when the panel opened; null when unknown (stream from the start). */
  knownLastSeq: number | null;
  tailLines?: number;
  tailFirstAbove?: number;
  /** Lines were added, or the buffer was replaced by the joined one. */
  onChange(): void;
  /** The live stream's connection state. */
  onState(state: ConnectionState, error?: string): void;
}

export interface RunLogLoader {
  /** The lines shown; replaced (not mutated) when the beginning is joined to the tail. */
  readonly buffer: LogBuffer;
  /** True while the beginning of a tail-first log is still arriving. */
  readonly backfilling: boolean;
  resume(): void;
  stop(): void;
}

export function startRunLogLoader(options: RunLogLoaderOptions): RunLogLoader {
  const { runId, transport, knownLastSeq } = options;
  const tailLines = options.tailLines ?? TAIL_LINES;
  const tailFirstAbove = options.tailFirstAbove ?? TAIL_FIRST_ABOVE;
  const tailFrom = knownLastSeq !== null && knownLastSeq > tailFirstAbove ? knownLastSeq - tailLines : 0;

  let buffer = new LogBuffer();
  let head: LogBuffer | null = tailFrom > 0 ? new LogBuffer() : null;
  let headStream: RunLogStream | null = null;

  const join = () => {
    if (!head) return;
    headStream?.stop();
    headStream = null;
    buffer = LogBuffer.concat(head, buffer);
    head = null;
    options.onChange();
  };

  let stopped = false;
  const startHead = () => {
    if (!head || headStream || stopped) return;
    headStream = startRunLogStream({
      runId,
      transport,
      afterSeq: 0,
      onLines(lines) {
        if (!head) return;
        head.append(lines[lines.length - 1]!.seq <= tailFrom ? lines : lines.filter((l) => l.seq <= tailFrom));
        if (head.lastSeq >= tailFrom) join();
      },
      onState(state) {
        // A run's stored lines never shrink, so this only happens if the log was cut: show it all.
        if (state === 'ended') join();
      },
    });
  };

  // The head starts once the tail is on screen, so the server serves the tail first.
  const live = startRunLogStream({
    runId,
    transport,
    afterSeq: tailFrom,
    onLines(lines) {
      buffer.append(lines);
      options.onChange();
      startHead();
    },
    onState(state, error) {
      options.onState(state, error);
      if (state === 'ended') startHead();
    },
  });

  return {
    get buffer() {
      return buffer;
    },
    get backfilling() {
      return head !== null;
    },
    resume() {
      live.resume();
      headStream?.resume();
    },
    stop() {
      stopped = true;
      live.stop();
      headStream?.stop();
      headStream = null;
    },
  };
}
