// One execution per subscription event, shared by every subscriber of the same operation.
// A subscription's source events are objects the run engine hands to all its followers (one log
// batch array, one status row, one progress snapshot); graphql-js would run the selection set over
// each event once per subscriber, so 500 GUIs watching one run cost 500 executions of every batch.
// This plugin runs each (event, operation) pair once and gives every subscriber a copy of the same
// result; SharedResults also keeps that result's JSON, so a transport can encode it once too
// (src/ws/payloads.ts).
// It relies on results depending on nothing about who asks but the role (the API has no per-user
// data; scope-auth checks roles), so the key includes the role.
import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';

/** On a subscriber's copy: the shared result it copies. */
const ORIGIN = Symbol('shared result');
type Copy = ExecutionResult & { [ORIGIN]?: ExecutionResult };

/**
 * Subscribers' copies of shared results, and each result's JSON, encoded at most once. A copy
 * links to its result through a symbol-keyed property, which JSON.stringify and Object.keys do
 * not see (a WeakMap entry per copy cost more than the rest of a delivery).
 */
export class SharedResults {
  /**
   * Executions run, results handed to a further subscriber without one, and results encoded as
   * JSON (tests and benches read them).
   */
  readonly stats = { executions: 0, shared: 0, encoded: 0 };
  private readonly encoded = new WeakMap<ExecutionResult, string>();

  /**
   * A subscriber's own shallow copy: a later plugin that replaces one of its fields touches no
   * other subscriber's. Built field by field: in V8 a spread plus a symbol key costs ~300 ns, a
   * literal a few. (graphql 16 results have no other fields: no incremental delivery.)
   */
  copy(result: ExecutionResult): ExecutionResult {
    const copy: Copy = { data: result.data, [ORIGIN]: result };
    if (result.errors) copy.errors = result.errors;
    if (result.extensions) copy.extensions = result.extensions;
    return copy;
  }

  /**
   * JSON.stringify(value) for a copy that still holds its shared result's data and extensions,
   * encoded once for all copies; undefined for anything else (other values, results with errors,
   * a copy a plugin has given other data or extensions), which the caller encodes itself.
   */
  jsonOf(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const copy = value as Copy;
    const origin = copy[ORIGIN];
    if (!origin || origin.errors || copy.errors || copy.data !== origin.data || copy.extensions !== origin.extensions) return undefined;
    let json = this.encoded.get(origin);
    if (json === undefined) {
      this.encoded.set(origin, (json = JSON.stringify(origin)));
      this.stats.encoded++;
    }
    return json;
  }
}

type Result = ExecutionResult | Promise<ExecutionResult>;

export function useSharedSubscriptionEvents(shared: SharedResults = new SharedResults()): Plugin {
  const results = new WeakMap<object, Map<string, Result>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;
  const { stats } = shared;

  /** Same document object (yoga's parser cache hands one per query text), operation and variables. */
  const operationKey = (args: ExecutionArgs): string => {
    let id = documentIds.get(args.document);
    if (id === undefined) documentIds.set(args.document, (id = ++nextDocumentId));
    const role = (args.contextValue as { principal?: { role?: string } | null } | undefined)?.principal?.role ?? '';
    return `${id}:${role}:${args.operationName ?? ''}:${JSON.stringify(args.variableValues ?? {})}`;
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
        return mapAsyncIterator(source, async (event: unknown) => shared.copy(await executeShared(event, key, args)));
      });
    },
  };
}
