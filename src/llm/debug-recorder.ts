// Debug mode: every prompt and answer of a run as one JSON file, numbered in the order the
// requests finished, so a user can see exactly what a model was asked and what it said.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class DebugRecorder {
  private sequence = 0;
  private ready: Promise<void> | undefined;
  private failed = false;

  constructor(
    /** `<debugDir>/<run label or timestamp>`. */
    readonly directory: string,
    /** Strings that must never reach a file (API keys); replaced before writing. */
    private readonly secrets: readonly string[],
    private readonly onWriteError: (message: string) => void = () => {},
  ) {}

  /** Folder name for a run: the given label, or a filesystem-safe UTC timestamp. */
  static runFolder(debugDir: string, label: string | undefined, now = new Date()): string {
    const name = label ? safeName(label, 80) : now.toISOString().replace(/[:.]/g, '-');
    return path.join(debugDir, name);
  }

  /** Writes `NNNN-<step>-<label>.json`. A failing disk never fails the run: it is reported once. */
  async record(step: string, label: string, content: Record<string, unknown>): Promise<void> {
    if (this.failed) return;
    const number = String(++this.sequence).padStart(4, '0');
    const file = path.join(this.directory, `${number}-${safeName(step, 20)}-${safeName(label, 60)}.json`);
    try {
      this.ready ??= mkdir(this.directory, { recursive: true }).then(() => undefined);
      await this.ready;
      await writeFile(file, this.redact(JSON.stringify(content, null, 2)) + '\n', 'utf8');
    } catch (error) {
      this.failed = true;
      this.onWriteError(`LLM debug files disabled: cannot write ${this.directory} (${(error as Error).message})`);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (secret.length > 0) out = out.split(secret).join('[REDACTED]');
    return out;
  }
}

/** Letters (any script), digits, `-` and `_`; everything else becomes `_`. */
function safeName(text: string, max: number): string {
  const cleaned = text.normalize('NFKC').replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '');
  return (cleaned || 'item').slice(0, max);
}
