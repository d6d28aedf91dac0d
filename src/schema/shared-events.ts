// One execution per subscription event, shared by every subscriber of the same operation.
// A subscription's source events are objects the run engine hands to all its followers (one log
// batch array, one status row, one progress snapshot); graphql-js would run the selection set over
// each event once per subscriber, so 500 GUIs watching one run cost 500 executions of every batch.
// This plugin runs each (event, operation) pair once and gives every subscriber the same result.
// It relies on results not depending on who asks: the API has no per-user data or authorization.
// If that changes, the key must include the viewer.
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** Counts executions and shared hand-outs (the plugin's test and the fan-out bench read them). */
export interface SharedEventStats {
  executions: number;
  shared: number;
}

export function useSharedSubscriptionEvents(stats: SharedEventStats = { executions: 0, shared: 0 }): Plugin {
  const results = new WeakMap<object, Map<string, Result>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;

  /** Same document object (yoga's parser cache hands one per query text), operation and variables. */
  const operationKey = (args: ExecutionArgs): string => {
    let id = documentIds.get(args.document);
    if (id === undefined) documentIds.set(args.document, (id = ++nextDocumentId));
    return `${id}:${args.operationName ?? ''}:${JSON.stringify(args.variableValues ?? {})}`;
  };

  const executeShared = (event: unknown, key: string, args: ExecutionArgs): Result => {
    if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
    let perEvent = results.get(event);
    if (!perEvent) results.set(event, (perEvent = new Map()));
    const cached = perEvent.get(key);
    if (cached) {
      stats.shared++;
      return cached;
    }
    stats.executions++;
    const result = execute({ ...args, rootValue: event });
    perEvent.set(key, result);
    // An error may depend on the moment (a database hiccup): the next subscriber executes again.
    const forget = (r: ExecutionResult) => {
      if (r.errors?.length) perEvent.delete(key);
    };
    if (result instanceof Promise) void result.then(forget, () => perEvent.delete(key));
    else forget(result);
    return result;
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source;
        const key = operationKey(args);
        // A shallow copy each: a later plugin that sets fields on its result cannot touch another subscriber's.
        return mapAsyncIterator(source, async (event: unknown) => ({ ...(await executeShared(event, key, args)) }));
      });
    },
  };
}
