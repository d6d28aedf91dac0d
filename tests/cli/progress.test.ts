import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/cli/progress';

function sink(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 100;
  return { stream, text: () => text };
}

describe('CLI progress', () => {
  it('prints plain lines off a terminal, at most one per step per second plus the last', () => {
    const out = sink(false);
    let now = 0;
    const { reporter } = createProgressReporter(out.stream, () => now);
    reporter.log({ level: 'INFO', step: 'EXTRACT', message: 'Term extraction started' });
    for (let i = 1; i <= 100; i++) {
      now += 25; // 100 events over 2.5 s
      reporter.progress({ step: 'PROVISIONAL', current: i, total: 100, item: `term ${i}` });
    }
    reporter.log({ level: 'DEBUG', message: 'not shown' });
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('[extract] Term extraction started');
    const progress = lines.filter((l) => l.startsWith('[define]'));
    // The item is set off from the count, and gone once the step is done ("100/100 term 100"
    // would read as a quantity).
    expect(progress[0]).toBe('[define] 1/100 · term 1');
    expect(progress[progress.length - 1]).toBe('[define] 100/100');
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(out.text()).not.toContain('not shown');
  });

  it('draws a bar on a terminal and prints log lines between bars', () => {
    const out = sink(true);
    const { reporter, stop } = createProgressReporter(out.stream);
    reporter.progress({ step: 'ISSUES', current: 1, total: 4, item: 'サーバー' });
    reporter.progress({ step: 'ISSUES', current: 4, total: 4, item: 'ストア' });
    reporter.log({ level: 'WARN', step: 'ISSUES', message: 'done' });
    stop();
    expect(out.text()).toMatch(/review\s+\[.*\] 1\/4 · サーバー/);
    // The finished bar ends at its count: no item after "4/4".
    expect(out.text()).toMatch(/review\s+\[.*\] 4\/4(?! ·)/);
    expect(out.text()).not.toContain('ストア');
    expect(out.text()).toContain('WARN: [review] done');
  });
});
