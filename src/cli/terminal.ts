// The terminal state a progress bar changes — hidden cursor, line wrap off, a half-drawn line — put
// back on every way out: done, failure, Ctrl-C once or twice, SIGTERM, an uncaught error. cli-progress
// restores it only when its stop() runs, which a process.exit() or a crash skips.

export const SHOW_CURSOR = '\x1b[?25h';
export const WRAP_ON = '\x1b[?7h';

export interface TerminalGuard {
  /** The terminal has been changed (a bar was drawn); restore() will put it back. */
  changed(): void;
  /** Shows the cursor and turns line wrap back on, once after each change. Synchronous on a TTY. */
  restore(): void;
}

export function terminalGuard(stream: NodeJS.WritableStream): TerminalGuard {
  let dirty = false;
  return {
    changed: () => {
      dirty = true;
    },
    restore: () => {
      if (!dirty) return;
      dirty = false;
      stream.write(`${SHOW_CURSOR}${WRAP_ON}`);
    },
  };
}
