// One run's log as React sees it: a LogBuffer that lines are appended to as they arrive (outside
// React state and outside urql's cache), and a version number bumped at most once per animation
// frame and every ~100 ms, so a run logging thousands of lines a second re-renders the panel a
// few times a second, not once per batch.
import { stringifyDocument } from 'urql';
import { useEffect, useRef, useState } from 'react';
import { wsClient } from '../app/urql';
import { graphql } from '../gql';
import { graphqlWsLogTransport } from './graphql-ws-transport';
import { LogBuffer } from './log-buffer';
import { type ConnectionState, startRunLogStream, type RunLogStream } from './run-log-stream';

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

const FLUSH_EVERY_MS = 100;

export interface RunLog {
  buffer: LogBuffer;
  /** Changes whenever lines were added (and the panel should render them). */
  version: number;
  state: ConnectionState;
  error: string | undefined;
  resume(): void;
}

export function useRunLog(runId: string | null): RunLog {
  const [buffer, setBuffer] = useState(() => new LogBuffer());
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [error, setError] = useState<string | undefined>();
  const stream = useRef<RunLogStream | null>(null);

  useEffect(() => {
    const fresh = new LogBuffer();
    setBuffer(fresh);
    setVersion(0);
    setError(undefined);
    if (!runId) return;
    let frame = 0;
    let lastFlush = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      frame = 0;
      timer = undefined;
      lastFlush = performance.now();
      setVersion(fresh.version);
    };
    const scheduleFlush = () => {
      if (frame || timer) return;
      const wait = FLUSH_EVERY_MS - (performance.now() - lastFlush);
      if (wait <= 0) frame = requestAnimationFrame(flush);
      else timer = setTimeout(() => (frame = requestAnimationFrame(flush)), wait);
    };
    const transport = graphqlWsLogTransport(wsClient, stringifyDocument(RunLogBatchesSubscription));
    stream.current = startRunLogStream({
      runId,
      transport,
      onLines(lines) {
        fresh.append(lines);
        scheduleFlush();
      },
      onState(next, message) {
        setState(next);
        setError(message);
        // Show what arrived before the stream ended without waiting for the next frame.
        if (next === 'ended' || next === 'error') flush();
      },
    });
    return () => {
      stream.current?.stop();
      stream.current = null;
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [runId]);

  return { buffer, version, state, error, resume: () => stream.current?.resume() };
}
