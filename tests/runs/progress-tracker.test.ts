import { describe, expect, it } from 'vitest';
import { percentOf } from '../../src/runs/progress-tracker';

describe('percentOf', () => {
  it('weights the scope steps equally and clamps', () => {
    expect(percentOf('FULL', 'EXTRACT', 0, 10, 'RUNNING')).toBe(0);
    expect(percentOf('FULL', 'EXTRACT', 5, 10, 'RUNNING')).toBe(12.5);
    expect(percentOf('FULL', 'ISSUES', 1, 2, 'RUNNING')).toBe(62.5);
    expect(percentOf('FROM_TERMS', 'REFINED', 30, 10, 'RUNNING')).toBe(100);
    expect(percentOf('EXTRACT', 'EXTRACT', 1, 4, 'RUNNING')).toBe(25);
  });

  it('is 100 once COMPLETED, 0 without a step, and ignores steps outside the scope', () => {
    expect(percentOf('GENERATE', null, 0, 0, 'COMPLETED')).toBe(100);
    expect(percentOf('GENERATE', null, 0, 0, 'PENDING')).toBe(0);
    expect(percentOf('GENERATE', 'EXTRACT', 3, 4, 'RUNNING')).toBe(0);
    expect(percentOf('REVIEW', 'ISSUES', 3, 0, 'RUNNING')).toBe(0);
  });
});
