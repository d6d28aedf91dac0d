// The project's current run, live: one runStatus subscription (with includeCurrent) per project
// page, shared through context with the run bar, the log panel and the pages that reload when a
// run ends.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../gql';
import type { CurrentRun_RunFragment } from '../gql/graphql';

export type CurrentRun = CurrentRun_RunFragment;

export const TERMINAL_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;
export function isActive(status: string | undefined | null): boolean {
  return status === 'PENDING' || status === 'RUNNING';
}

interface CurrentRunValue {
  projectId: string;
  run: CurrentRun | null;
  /** Counts the runs this page saw end; pages reload their data when it changes. */
  finishedRuns: number;
  error: Error | undefined;
}

const CurrentRunContext = createContext<CurrentRunValue | null>(null);

export function CurrentRunProvider({ projectId, children }: { projectId: string; children: ReactNode }) {
  const [{ data, error }] = useSubscription({ query: statusSubscription, variables: { projectId } });
  const run = data?.runStatus ?? null;
  const finished = useRef({ count: 0, lastKey: '' });
  // A run seen reaching a terminal status counts once; the first event (the state on connect) not.
  if (run) {
    const key = `${run.id}:${run.status}`;
    if (finished.current.lastKey !== key) {
      const seenBefore = finished.current.lastKey !== '';
      finished.current = { count: finished.current.count + (seenBefore && !isActive(run.status) ? 1 : 0), lastKey: key };
    }
  }
  const value = useMemo(
    () => ({ projectId, run, finishedRuns: finished.current.count, error }),
    [projectId, run, finished.current.count, error],
  );
  return <CurrentRunContext.Provider value={value}>{children}</CurrentRunContext.Provider>;
}

export function useCurrentRun(): CurrentRunValue {
  const value = useContext(CurrentRunContext);
  if (!value) throw new Error('useCurrentRun outside a project page');
  return value;
}

/** Calls reload whenever a run of this project ends after the page was opened. */
export function useReloadWhenRunEnds(reload: () => void): void {
  const value = useContext(CurrentRunContext);
  const count = value?.finishedRuns ?? 0;
  const first = useRef(count);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    if (count !== first.current) reloadRef.current();
  }, [count]);
}

graphql(`
  fragment CurrentRun_Run on Run {
    id
    status
    scope
    error
    createdAt
    startedAt
    finishedAt
    lastSeq
    triggeredBy
  }
`);

const statusSubscription = graphql(`
  subscription CurrentRun_Status($projectId: ID!) {
    runStatus(projectId: $projectId, includeCurrent: true) {
      ...CurrentRun_Run
    }
  }
`);
