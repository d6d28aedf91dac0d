// One line of a run's progress, shared by the run bar and the run page: "Extract · 12/40 · roast ·
// 30%". The item is only shown while the run is active: after the end it is just the last item
// the step happened to touch, which reads as if the run were still on it.
import type { TFunction } from 'i18next';
import { graphql } from '../gql';

/** What a progress line needs of a run's progress: spread wherever a progress is read. */
export const ProgressTextFragment = graphql(`
  fragment ProgressText_Progress on RunProgress {
    runId
    status
    step
    current
    total
    currentItem
    percent
  }
`);

export interface ProgressLike {
  step?: string | null;
  status: string;
  current: number;
  total: number;
  currentItem?: string | null;
  percent: number;
}

export function progressText(progress: ProgressLike, t: TFunction, active: boolean): string {
  return [
    progress.step ? t(`run.step.${progress.step}`) : t(`run.status.${progress.status}`),
    progress.total > 0 ? `${progress.current}/${progress.total}` : null,
    active ? progress.currentItem : null,
    `${Math.round(progress.percent)}%`,
  ]
    .filter(Boolean)
    .join(' · ');
}
