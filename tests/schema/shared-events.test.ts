// useSharedSubscriptionEvents: subscribers of the same operation (document and variables) get
// one execution per source event between them; everything else executes as graphql-js would.
// Driven through yoga's envelope, as src/server.ts drives it for graphql-ws (parse, validate,
// subscribe per subscriber).
import { createYoga, createSchema } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SharedResults, useSharedSubscriptionEvents } from '../../src/schema/shared-events';

interface Tick {
  n: number;
}

/** A source every subscriber reads: each published event is one object handed to all of them; null ends it. */
function ticker() {
  const followers = new Set<{ queue: (Tick | null)[]; wake: () => void }>();
  return {
    publish(tick: Tick | null) {
      for (const f of followers) {
        f.queue.push(tick);
        f.wake();
      }
    },
    get followers() {
      return followers.size;
    },
    follow(): AsyncIterable<Tick> {
      const follower = { queue: [] as (Tick | null)[], wake: () => {} };
      followers.add(follower);
      return (async function* () {
        for (;;) {
          if (follower.queue.length === 0) await new Promise<void>((resolve) => (follower.wake = resolve));
          const tick = follower.queue.shift();
          if (tick === null) return;
          if (tick) yield tick;
        }
      })();
    },
  };
}

function setup(options: { failOnce?: boolean } = {}) {
  const source = ticker();
  const calls = { label: 0 };
  let failNext = options.failOnce ?? false;
  const shared = new SharedResults();
  const { stats } = shared;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Tick { n: Int!, label(prefix: String!): String! }
        type Query { ok: Boolean }
        type Subscription { ticks: Tick!, numbers: Int! }
      `,
      resolvers: {
        Subscription: {
          ticks: { subscribe: () => source.follow(), resolve: (tick: Tick) => tick },
          numbers: {
            subscribe: async function* () {
              for await (const tick of source.follow()) yield tick.n;
            },
            resolve: (n: number) => n,
          },
        },
        Tick: {
          label: (tick: Tick, args: { prefix: string }) => {
            calls.label++;
            if (failNext) {
              failNext = false;
              throw new Error('flaky');
            }
            return `${args.prefix}${tick.n}`;
          },
        },
      },
    }),
    plugins: [useSharedSubscriptionEvents(shared)],
    maskedErrors: false,
  });

  /** One subscriber: its own envelope, parse and context, as each graphql-ws subscribe gets. */
  async function subscribe(query: string, variables: Record<string, unknown> = {}) {
    const enveloped = yoga.getEnveloped({});
    const document = enveloped.parse(query);
    expect(enveloped.validate(enveloped.schema, document)).toEqual([]);
    const stream = (await enveloped.subscribe({
      schema: enveloped.schema,
      document,
      variableValues: variables,
      contextValue: await enveloped.contextFactory(),
    })) as AsyncIterable<ExecutionResult>;
    const results: ExecutionResult[] = [];
    const done = (async () => {
      // As a transport sends them: JSON (a result also carries symbol-keyed links to its origin).
      for await (const result of stream) results.push(JSON.parse(JSON.stringify(result)) as ExecutionResult);
    })();
    return { results, done };
  }

  return { source, calls, stats, shared, subscribe };
}

const LABELS = `subscription ($prefix: String!) { ticks { n label(prefix: $prefix) } }`;

describe('useSharedSubscriptionEvents', () => {
  it('executes each event once for all subscribers of one operation; each gets every result', async () => {
    const { source, calls, stats, subscribe } = setup();
    const subscribers = await Promise.all([1, 2, 3].map(() => subscribe(LABELS, { prefix: '#' })));
    for (let n = 1; n <= 4; n++) source.publish({ n });
    source.publish(null);
    await Promise.all(subscribers.map((s) => s.done));

    const expected = [1, 2, 3, 4].map((n) => ({ data: { ticks: { n, label: `#${n}` } } }));
    for (const s of subscribers) expect(s.results).toEqual(expected);
    expect(calls.label).toBe(4);
    expect(stats).toMatchObject({ executions: 4, shared: 8 });
  });

  it('keeps operations apart: other variables or another selection execute on their own', async () => {
    const { source, calls, stats, subscribe } = setup();
    const hash = await subscribe(LABELS, { prefix: '#' });
    const at = await subscribe(LABELS, { prefix: '@' });
    const onlyN = await subscribe(`subscription { ticks { n } }`);
    source.publish({ n: 7 });
    source.publish(null);
    await Promise.all([hash.done, at.done, onlyN.done]);

    expect(hash.results).toEqual([{ data: { ticks: { n: 7, label: '#7' } } }]);
    expect(at.results).toEqual([{ data: { ticks: { n: 7, label: '@7' } } }]);
    expect(onlyN.results).toEqual([{ data: { ticks: { n: 7 } } }]);
    expect(calls.label).toBe(2);
    expect(stats).toMatchObject({ executions: 3, shared: 0 });
  });

  it('does not hand a failed execution to the next subscriber: it executes again', async () => {
    const { source, calls, subscribe } = setup({ failOnce: true });
    const first = await subscribe(LABELS, { prefix: '#' });
    const second = await subscribe(LABELS, { prefix: '#' });
    source.publish({ n: 1 });
    source.publish(null);
    await Promise.all([first.done, second.done]);

    expect(calls.label).toBe(2);
    const outcomes = [first.results[0], second.results[0]].map((r) => (r?.errors ? 'error' : r?.data));
    expect(outcomes).toContainEqual('error');
    expect(outcomes).toContainEqual({ ticks: { n: 1, label: '#1' } });
  });

  it('passes events that are not objects through one execution per subscriber', async () => {
    const { source, stats, subscribe } = setup();
    const a = await subscribe(`subscription { numbers }`);
    const b = await subscribe(`subscription { numbers }`);
    source.publish({ n: 5 });
    source.publish(null);
    await Promise.all([a.done, b.done]);
    expect(a.results).toEqual([{ data: { numbers: 5 } }]);
    expect(b.results).toEqual([{ data: { numbers: 5 } }]);
    expect(stats).toMatchObject({ executions: 0, shared: 0 });
  });
});

describe('SharedResults.jsonOf', () => {
  it('encodes a shared result once for all its copies, and only what a copy still holds', () => {
    const shared = new SharedResults();
    const result = { data: { ticks: { n: 1, label: '#1' } } };
    const [a, b] = [shared.copy(result), shared.copy(result)];
    const json = shared.jsonOf(a);
    expect(json).toBe(JSON.stringify(result));
    expect(shared.jsonOf(b)).toBe(json);
    expect(shared.stats.encoded).toBe(1);

    // Each subscriber holds its own object: a plugin that rewrites one touches no other.
    expect(a).not.toBe(b);
    // Anything it cannot vouch for is left to the caller's own encoding.
    expect(shared.jsonOf({ data: { ticks: { n: 1, label: '#1' } } })).toBeUndefined();
    expect(shared.jsonOf('text')).toBeUndefined();
    expect(shared.jsonOf(shared.copy({ data: null, errors: [] }))).toBeUndefined();
    const changed = shared.copy(result);
    (changed as { extensions?: unknown }).extensions = { cost: 1 };
    expect(shared.jsonOf(changed)).toBeUndefined();
    const replaced = shared.copy(result);
    replaced.data = { ticks: null };
    expect(shared.jsonOf(replaced)).toBeUndefined();
  });
});
