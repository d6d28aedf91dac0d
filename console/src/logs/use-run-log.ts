// One run's log as React sees it: a LogBuffer that lines are appended to as they arrive (outside
// React state and outside urql's cache), loaded tail first for long logs (run-log-loader.ts), and
// a render scheduled at most once per animation frame and every ~100 ms, so a run logging
// thousands of lines a second re-renders the panel a few times a second, not once per batch.
import { useEffect, useRef, useState } from 'react';
import { stringifyDocument } from 'urql';
import { client, wsClient } from '../app/urql';
import { graphql } from '../gql';
import { graphqlWsLogTransport } from './graphql-ws-transport';
import { LogBuffer } from './log-buffer';
import { type RunLogLoader, startRunLogLoader } from './run-log-loader';
import type { ConnectionState } from './run-log-stream';

export const RunLogBatchesSubscription = graphql(`
  subscription LogPanel_RunLogBatches($runId: ID!, $afterSeq: Int!) {
    runLogBatches(runId: $runId, afterSeq: $afterSeq) {
      firstSeq
      lastSeq
      lines {
        seq
        time
        level
        step
        message
      }
    }
  }
`);

const RunLastSeqQuery = graphql(`
  query LogPanel_RunLastSeq($id: ID!) {
    run(id: $id) {
      id
      lastSeq
    }
  }
`);

const FLUSH_EVERY_MS = 100;

export interface RunLog {
  buffer: LogBuffer;
  /** Changes whenever lines were added (and the panel should render them). */
  version: number;
  state: ConnectionState;
  error: string | undefined;
  /** The beginning of a long log is still arriving (its end is already shown). */
  backfilling: boolean;
  resume(): void;
}

export function useRunLog(runId: string | null): RunLog {
  const [view, setView] = useState(() => ({ buffer: new LogBuffer(), version: 0, backfilling: false }));
  const [state, setState] = useState<ConnectionState>('connecting');
  const [error, setError] = useState<string | undefined>();
  const loader = useRef<RunLogLoader | null>(null);

  useEffect(() => {
    setView({ buffer: new LogBuffer(), version: 0, backfilling: false });
    setState('connecting');
    setError(undefined);
    if (!runId) return;
    let stopped = false;
    let frame = 0;
    let lastFlush = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      frame = 0;
      timer = undefined;
      lastFlush = performance.now();
      const current = loader.current;
      if (current && !stopped) setView({ buffer: current.buffer, version: current.buffer.version, backfilling: current.backfilling });
    };
    const scheduleFlush = () => {
      if (frame || timer) return;
      const wait = FLUSH_EVERY_MS - (performance.now() - lastFlush);
      if (wait <= 0) frame = requestAnimationFrame(flush);
      else timer = setTimeout(() => (frame = requestAnimationFrame(flush)), wait);
    };
    const transport = graphqlWsLogTransport(wsClient, stringifyDocument(RunLogBatchesSubscription));
    // The run's lastSeq decides whether to load the end first; if it cannot be read, stream from
    // the start (the subscription reports the error, e.g. NOT_FOUND, itself).
    void client
      .query(RunLastSeqQuery, { id: runId }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (stopped) return;
        loader.current = startRunLogLoader({
          runId,
          transport,
          knownLastSeq: result.data?.run.lastSeq ?? null,
          onChange: scheduleFlush,
          onState(next, message) {
            setState(next);
            setError(message);
            // Show what arrived before the stream ended without waiting for the next frame.
            if (next === 'ended' || next === 'error') flush();
          },
        });
      });
    return () => {
      stopped = true;
      loader.current?.stop();
      loader.current = null;
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [runId]);

  return { ...view, state, error, resume: () => loader.current?.resume() };
}
