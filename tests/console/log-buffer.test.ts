import { describe, expect, it } from 'vitest';
import { LogBuffer, type LogLineInput } from '../../console/src/logs/log-buffer';

const line = (seq: number, over: Partial<LogLineInput> = {}): LogLineInput => ({
  seq,
  time: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
  level: 'INFO',
  step: 'EXTRACT',
  message: `line ${seq}`,
  ...over,
});

describe('LogBuffer', () => {
  it('appends in order and counts per level and step as lines arrive', () => {
    const buffer = new LogBuffer();
    expect(buffer.append([line(1), line(2, { level: 'WARN', step: null }), line(3, { level: 'ERROR', step: 'REFINED' })])).toBe(3);
    expect(buffer.seqs).toEqual([1, 2, 3]);
    expect(buffer.lastSeq).toBe(3);
    expect(buffer.levelCounts).toEqual({ DEBUG: 0, INFO: 1, WARN: 1, ERROR: 1 });
    expect(buffer.stepCounts).toEqual({ EXTRACT: 1, PROVISIONAL: 0, ISSUES: 0, REFINED: 1, NONE: 1 });
    buffer.append([line(4, { level: 'DEBUG', step: 'ISSUES' })]);
    expect(buffer.levelCounts.DEBUG).toBe(1);
    expect(buffer.stepCounts.ISSUES).toBe(1);
    expect(buffer.length).toBe(4);
  });

  it('ignores lines at or below the last seq it holds (urql re-emits the last batch; resumes overlap)', () => {
    const buffer = new LogBuffer();
    buffer.append([line(1), line(2), line(3)]);
    const version = buffer.version;
    expect(buffer.append([line(2), line(3)])).toBe(0);
    expect(buffer.version).toBe(version);
    expect(buffer.append([line(3), line(4), line(5)])).toBe(2);
    expect(buffer.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(buffer.levelCounts.INFO).toBe(5);
    expect(buffer.version).toBe(version + 1);
  });

  it('writes the log as text, one line each, optionally only some lines', () => {
    const buffer = new LogBuffer();
    buffer.append([line(1, { message: '用語を抽出' }), line(2, { step: null, level: 'WARN' })]);
    expect(buffer.toText()).toBe('1\t2026-01-01T00:00:01.000Z\tINFO\tEXTRACT\t用語を抽出\n2\t2026-01-01T00:00:02.000Z\tWARN\t-\tline 2\n');
    expect(buffer.toText([1])).toBe('2\t2026-01-01T00:00:02.000Z\tWARN\t-\tline 2\n');
    expect(new LogBuffer().toText()).toBe('');
  });
});

describe('LogBuffer.concat', () => {
  it('joins a head and a tail loaded separately, each seq once, with counts recomputed', () => {
    const head = new LogBuffer();
    head.append([line(1), line(2, { level: 'WARN' }), line(3), line(4)]);
    const tail = new LogBuffer();
    tail.append([line(4), line(5, { level: 'ERROR', step: null }), line(6)]);
    const joined = LogBuffer.concat(head, tail);
    expect(joined.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(joined.lastSeq).toBe(6);
    expect(joined.levelCounts).toEqual({ DEBUG: 0, INFO: 4, WARN: 1, ERROR: 1 });
    expect(joined.stepCounts.NONE).toBe(1);
    // It keeps growing like any buffer; the inputs are left as they were.
    expect(joined.append([line(6), line(7)])).toBe(1);
    expect(tail.seqs).toEqual([4, 5, 6]);
    expect(LogBuffer.concat(head, new LogBuffer()).seqs).toEqual([1, 2, 3, 4]);
  });
});
