import { describe, expect, it } from 'vitest';
import { LogBuffer, type LogLineInput } from '../../console/src/logs/log-buffer';
import { createLogFilterer, NO_FILTER, type FilteredView, type LogFilter } from '../../console/src/logs/log-filter';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
const STEPS = ['EXTRACT', 'PROVISIONAL', 'ISSUES', 'REFINED', null] as const;

function lines(from: number, to: number): LogLineInput[] {
  const out: LogLineInput[] = [];
  for (let seq = from; seq <= to; seq++) {
    out.push({ seq, time: 't', level: LEVELS[seq % 4]!, step: STEPS[seq % 5]!, message: seq % 7 === 0 ? `Term 焙煎 #${seq}` : `Line ${seq} done` });
  }
  return out;
}

const rows = (view: FilteredView) => Array.from({ length: view.count }, (_, r) => view.lineAt(r));

/** The plain answer the memoized filterer must agree with. */
function expected(buffer: LogBuffer, f: LogFilter): number[] {
  const out: number[] = [];
  for (let i = 0; i < buffer.length; i++) {
    if (!f.levels.includes(buffer.levels[i]!)) continue;
    if (!f.steps.includes(buffer.steps[i]!)) continue;
    if (f.text.trim() && !buffer.messages[i]!.toLowerCase().includes(f.text.trim().toLowerCase())) continue;
    out.push(i);
  }
  return out;
}

describe('createLogFilterer', () => {
  it('shows every line, without scanning, when nothing is filtered', () => {
    const buffer = new LogBuffer();
    buffer.append(lines(1, 1000));
    const filter = createLogFilterer();
    const view = filter(buffer, NO_FILTER);
    expect(view.count).toBe(1000);
    expect(view.lineAt(999)).toBe(999);
    expect(filter.examined).toBe(0);
  });

  it('filters by level, step and case-insensitive text, and agrees with a plain scan', () => {
    const buffer = new LogBuffer();
    buffer.append(lines(1, 2000));
    const filter = createLogFilterer();
    const cases: LogFilter[] = [
      { ...NO_FILTER, levels: ['WARN', 'ERROR'] },
      { ...NO_FILTER, steps: ['ISSUES', 'NONE'] },
      { ...NO_FILTER, text: 'term 焙煎' },
      { levels: ['INFO'], steps: ['EXTRACT'], text: '  LINE ' },
      { ...NO_FILTER, levels: [] },
    ];
    for (const f of cases) expect(rows(filter(buffer, f))).toEqual(expected(buffer, f));
  });

  it('scans only new lines when the buffer grows', () => {
    const buffer = new LogBuffer();
    buffer.append(lines(1, 10_000));
    const filter = createLogFilterer();
    const f: LogFilter = { ...NO_FILTER, levels: ['ERROR'] };
    filter(buffer, f);
    const before = filter.examined;
    expect(before).toBe(10_000);
    buffer.append(lines(10_001, 10_100));
    const view = filter(buffer, f);
    expect(filter.examined - before).toBe(100);
    expect(rows(view)).toEqual(expected(buffer, f));
  });

  it('narrows the previous matches as the search text grows, instead of rescanning', () => {
    const buffer = new LogBuffer();
    buffer.append(lines(1, 100_000));
    const filter = createLogFilterer();
    filter(buffer, { ...NO_FILTER, text: 't' });
    let before = filter.examined;
    filter(buffer, { ...NO_FILTER, text: 'te' });
    expect(filter.examined - before).toBeLessThanOrEqual(100_000); // at most the matches of 't'
    before = filter.examined;
    const f: LogFilter = { ...NO_FILTER, text: 'term 焙煎' };
    const view = filter(buffer, f);
    expect(filter.examined - before).toBeLessThan(100_000 / 6); // only lines containing 'te'
    expect(rows(view)).toEqual(expected(buffer, f));
    // Backspacing to a text searched a moment ago costs nothing.
    before = filter.examined;
    filter(buffer, { ...NO_FILTER, text: 'te' });
    expect(filter.examined).toBe(before);
  });

  it('returns a snapshot: lines appended later do not change a view already handed out', () => {
    const buffer = new LogBuffer();
    buffer.append(lines(1, 100));
    const filter = createLogFilterer();
    const f: LogFilter = { ...NO_FILTER, levels: ['INFO'] };
    const first = filter(buffer, f);
    const count = first.count;
    buffer.append(lines(101, 200));
    const second = filter(buffer, f);
    expect(first.count).toBe(count);
    expect(second.count).toBe(expected(buffer, f).length);
  });

  it('starts over for another buffer (another run)', () => {
    const a = new LogBuffer();
    a.append(lines(1, 50));
    const b = new LogBuffer();
    b.append(lines(1, 20));
    const filter = createLogFilterer();
    const f: LogFilter = { ...NO_FILTER, text: 'line' };
    filter(a, f);
    expect(rows(filter(b, f))).toEqual(expected(b, f));
  });
});
