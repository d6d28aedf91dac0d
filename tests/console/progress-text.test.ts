import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { progressText } from '../../console/src/runbar/progress-text';

const t = ((key: string) => `<${key}>`) as unknown as TFunction;

describe('progressText', () => {
  const progress = { step: 'EXTRACT', status: 'RUNNING', current: 12, total: 40, currentItem: 'roast', percent: 30.4 };

  it('names the step, the count, the item and the percent while the run is active', () => {
    expect(progressText(progress, t, true)).toBe('<run.step.EXTRACT> · 12/40 · roast · 30%');
  });

  it('leaves out the last item once the run has ended', () => {
    expect(progressText({ ...progress, step: 'REFINED', status: 'COMPLETED', current: 40, percent: 100 }, t, false)).toBe('<run.step.REFINED> · 40/40 · 100%');
  });

  it('names the status when there is no step yet, and no count without a total', () => {
    expect(progressText({ step: null, status: 'PENDING', current: 0, total: 0, currentItem: null, percent: 0 }, t, true)).toBe('<run.status.PENDING> · 0%');
  });
});
