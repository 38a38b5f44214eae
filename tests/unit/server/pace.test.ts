/**
 * kernel/pace.ts: a timer's DB requests stay under the environment's QPS quota, and a paced tick knows how
 * many requests it may still make. Time here is a fake wall clock that `wait` moves.
 */
import { z } from 'zod';
import { defineAction, returns } from '../../../server/kernel/action';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { pacedStore, TIMER_PACE, type Pace } from '../../../server/kernel/pace';
import { route, type FunctionSpec } from '../../../server/kernel/router';
import type { Store } from '../../../server/kernel/store';

const PACE: Pace = { perSecond: 15, burst: 10, tickSeconds: 7 };

/** a paced store over a memory store, the start time of every request it let through, and the fake clock */
function paced(pace = PACE) {
  let now = 0;
  const starts: number[] = [];
  const inner = new MemoryStore();
  const noted = new Proxy(inner, {
    get(target, key: keyof Store) {
      const member = target[key];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        if (key !== 'transaction') starts.push(now);
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  const store = pacedStore(noted, pace, async (ms) => void (now += ms), () => now);
  return { store, starts, now: () => now };
}

/** the most requests that started in any window of one second */
const busiestSecond = (starts: number[]) => Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 1000).length));

describe('a paced timer store', () => {
  it('lets a small tick through without waiting', async () => {
    const { store, now } = paced();
    for (let i = 0; i < PACE.burst; i++) await store.get('c', `d${i}`);
    expect(now()).toBe(0);
  });

  it('keeps any second at burst + perSecond requests at most, however many the tick makes, sequential or parallel', async () => {
    const { store, starts, now } = paced();
    for (let i = 0; i < 60; i++) await store.create('c', { _id: `a${i}` });
    await Promise.all(Array.from({ length: 60 }, (_, i) => store.get('c', `a${i}`)));
    expect(starts).toHaveLength(120);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(PACE.burst + PACE.perSecond);
    // and no slower than the pace: 110 requests past the burst at 15 a second
    expect(now()).toBeLessThanOrEqual(Math.ceil(((120 - PACE.burst) / PACE.perSecond) * 1000) + 100);
  });

  it('counts a transaction as its start and commit plus each operation', async () => {
    const { store } = paced();
    const before = store.left();
    await store.transaction(async (t) => {
      await t.create('c', { _id: 'x', n: 1 });
      await t.update('c', 'x', { $inc: { n: 1 } });
      return t.get('c', 'x');
    });
    expect(before - store.left()).toBe(2 + 3);
    expect(await store.get('c', 'x')).toMatchObject({ n: 2 });
  });

  it('tells the tick what it may still spend, never below zero', async () => {
    const { store } = paced({ perSecond: 10, burst: 5, tickSeconds: 1 });
    expect(store.left()).toBe(15);
    for (let i = 0; i < 20; i++) await store.get('c', `d${i}`);
    expect(store.left()).toBe(0);
  });

  it('leaves at least 5 of the basic environment\'s 30 requests a second to people', () => {
    expect(TIMER_PACE.burst + TIMER_PACE.perSecond).toBeLessThanOrEqual(25);
  });
});

describe('the router paces timers only', () => {
  const seen: { budget: number; system: boolean }[] = [];
  const note = (ctx: { budget(): number; system: boolean }) => {
    seen.push({ budget: ctx.budget(), system: ctx.system });
    return null;
  };
  const spec: FunctionSpec = {
    name: 'demo',
    actions: {
      tick: defineAction({ input: z.object({}), output: returns<null>(), who: 'timer', run: async (ctx) => note(ctx) }),
      look: defineAction({ input: z.object({}), output: returns<null>(), who: 'anyone', run: async (ctx) => note(ctx) }),
    },
    errors: {},
  };
  const platform = (openid: string) => ({ openid, clock: () => 1_700_000_000_000, store: new MemoryStore(), openapi: createFakeOpenApi(), log: () => undefined, timerPace: PACE });

  it('gives a timer tick a budget and a person\'s call none', async () => {
    seen.length = 0;
    await route(spec, { Type: 'Timer', TriggerName: 'tick' }, platform(''));
    await route(spec, { action: 'look', payload: {}, requestId: 'req-00000001' }, platform('o-user'));
    expect(seen).toEqual([
      { budget: PACE.burst + PACE.perSecond * PACE.tickSeconds, system: true },
      { budget: Infinity, system: false },
    ]);
  });
});
