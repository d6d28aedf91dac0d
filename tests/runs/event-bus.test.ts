import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/runs/event-bus';

type Events = { run: { n: number }; project: { p: string } };

describe('EventBus', () => {
  it('delivers a topic to each of its subscribers only', async () => {
    const bus = new EventBus<Events>();
    const a = bus.subscribe('run', 1);
    const b = bus.subscribe('run', 1);
    const other = bus.subscribe('run', 2);
    const project = bus.subscribe('project', 1);
    bus.publish('run', 1, { n: 1 });
    bus.publish('run', 1, { n: 2 });
    expect((await a.next()).value).toEqual({ n: 1 });
    expect((await a.next()).value).toEqual({ n: 2 });
    expect((await b.next()).value).toEqual({ n: 1 });
    expect(other.buffered).toBe(0);
    expect(project.buffered).toBe(0);
    expect(bus.subscriptionCount).toBe(4);
    for (const s of [a, b, other, project]) s.close();
    expect(bus.subscriptionCount).toBe(0);
  });

  it('a reader waiting in next() gets the event at once', async () => {
    const bus = new EventBus<Events>();
    const sub = bus.subscribe('run', 1);
    const waiting = sub.next();
    bus.publish('run', 1, { n: 7 });
    expect(await waiting).toEqual({ value: { n: 7 }, done: false });
    sub.close();
  });

  it('each subscription has its own bounded buffer: a stuck reader drops its oldest events and is told, others are untouched', async () => {
    const bus = new EventBus<Events>();
    const stuck = bus.subscribe('run', 1, { capacity: 3 });
    const reader = bus.subscribe('run', 1, { capacity: 10_000 });
    for (let n = 1; n <= 10_000; n++) bus.publish('run', 1, { n });
    expect(stuck.buffered).toBe(3);
    expect(stuck.dropped).toBe(9_997);
    expect(stuck.lagged).toBe(true);
    expect(stuck.takeLagged()).toBe(true);
    expect(stuck.lagged).toBe(false);
    const kept = [];
    for (let i = 0; i < 3; i++) kept.push((await stuck.next()).value.n);
    expect(kept).toEqual([9_998, 9_999, 10_000]);
    let count = 0;
    for (let r = reader; count < 10_000; count++) expect((await r.next()).value.n).toBe(count + 1);
    expect(reader.buffered).toBe(0);
    stuck.close();
    reader.close();
  });

  it('releases subscriptions on return(), on abort and on close(); for-await break releases too', async () => {
    const bus = new EventBus<Events>();
    const controller = new AbortController();
    const byReturn = bus.subscribe('run', 1);
    const byAbort = bus.subscribe('run', 1, { signal: controller.signal });
    const byBreak = bus.subscribe('run', 1);
    expect(bus.subscriptionCount).toBe(3);
    await byReturn.return!();
    const pending = byAbort.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    bus.publish('run', 1, { n: 1 });
    for await (const event of byBreak) {
      expect(event).toEqual({ n: 1 });
      break;
    }
    expect(bus.subscriptionCount).toBe(0);
    expect(bus.subscribers('run', 1)).toBe(0);
    // Already-aborted signals never register.
    bus.subscribe('run', 1, { signal: controller.signal });
    expect(bus.subscriptionCount).toBe(0);
  });

  it('close() ends every iterator and refuses new subscriptions', async () => {
    const bus = new EventBus<Events>();
    const a = bus.subscribe('run', 1);
    const b = bus.subscribe('project', 2);
    const waiting = a.next();
    bus.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect((await b.next()).done).toBe(true);
    expect(bus.subscriptionCount).toBe(0);
    const late = bus.subscribe('run', 1);
    expect((await late.next()).done).toBe(true);
    expect(bus.subscriptionCount).toBe(0);
  });

  it('publishing with no subscribers or to closed subscriptions is a no-op', () => {
    const bus = new EventBus<Events>();
    expect(() => bus.publish('run', 5, { n: 1 })).not.toThrow();
    const sub = bus.subscribe('run', 5);
    sub.close();
    expect(() => bus.publish('run', 5, { n: 2 })).not.toThrow();
    expect(sub.buffered).toBe(0);
  });
});
