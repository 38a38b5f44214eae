/**
 * A timer's DB requests, paced. A basic CloudBase environment takes 30 DB requests a second (bench/day/bill.ts
 * cites the quota page); a timer that posts a morning's claims for twenty villages makes its requests back to
 * back, ~66 a second at 15 ms a request, and would be throttled — and so would the people using the app at
 * that moment. A timer's store therefore takes a token per request from a bucket (`burst` at most, refilled
 * at `perSecond`): in any one second a tick makes at most burst + perSecond requests, and a tick with a few
 * requests never waits. The triggers are staggered (cloudfunctions/<name>/config.json), so two ticks do not
 * share a second either.
 *
 * A paced tick is slower, so it also has a budget: `left()` is the requests it may still start and finish
 * within `tickSeconds` (well inside the function's timeout). A timer asks before each unit of work (one
 * household's claims, one poll, a batch of tickets) and leaves the rest for its next tick, as it already does
 * when a tick is cut.
 */
import type { Doc, FindOptions, Query, Stage, Store, TxnOps, Update } from './store';

export interface Pace {
  /** tokens refilled each second */
  perSecond: number;
  /** tokens the bucket holds: the requests a tick makes before it first waits */
  burst: number;
  /** the seconds a tick may spend on requests (the function's timeout is longer) */
  tickSeconds: number;
}

/** 10 + 15 = 25 requests in any second at most, leaving at least 5 of the 30 to the people using the app */
export const TIMER_PACE: Pace = { perSecond: 15, burst: 10, tickSeconds: 7 };

export interface PacedStore extends Store {
  /** requests this tick may still make within its budget (never below 0) */
  left(): number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `wait` and `now` are the real wall clock (a pace is about CloudBase's seconds, not the app's clock). */
export function pacedStore(inner: Store, pace: Pace, wait: (ms: number) => Promise<void> = sleep, now: () => number = () => performance.now()): PacedStore {
  let tokens = pace.burst;
  let last = now();
  let made = 0;
  // requests take their tokens in the order they asked (parallel ones queue)
  let queue: Promise<void> = Promise.resolve();
  const take = (n: number): Promise<void> => {
    const turn = queue.then(async () => {
      for (;;) {
        const t = now();
        tokens = Math.min(pace.burst, tokens + ((t - last) * pace.perSecond) / 1000);
        last = t;
        if (tokens >= n) {
          tokens -= n;
          made += n;
          return;
        }
        await wait(Math.ceil(((n - tokens) * 1000) / pace.perSecond));
      }
    });
    queue = turn;
    return turn;
  };
  const paced = <T>(n: number, request: () => Promise<T>): Promise<T> => take(n).then(request);
  const txnOps = (t: TxnOps): TxnOps => ({
    get: (c: string, id: string) => paced(1, () => t.get(c, id)),
    create: (c: string, d: Doc) => paced(1, () => t.create(c, d)),
    update: (c: string, id: string, u: Update) => paced(1, () => t.update(c, id, u)),
  });
  return {
    left: () => Math.max(0, Math.floor(pace.burst + pace.perSecond * pace.tickSeconds - made)),
    getMany: (c: string, ids: string[]) => paced(1, () => inner.getMany(c, ids)),
    get: (c: string, id: string) => paced(1, () => inner.get(c, id)),
    find: (c: string, q: Query, o?: FindOptions) => paced(1, () => inner.find(c, q, o)),
    create: (c: string, d: Doc) => paced(1, () => inner.create(c, d)),
    createMany: (c: string, docs: Doc[]) => paced(1, () => inner.createMany(c, docs)),
    put: (c: string, d: Doc) => paced(1, () => inner.put(c, d)),
    updateWhere: (c: string, q: Query, u: Update) => paced(1, () => inner.updateWhere(c, q, u)),
    aggregate: (c: string, p: Stage[]) => paced(1, () => inner.aggregate(c, p)),
    // starting and committing are requests too: both taken before the transaction starts, so a paced
    // transaction never waits between its start and its commit for them
    transaction: <T>(run: (t: TxnOps) => Promise<T>) => paced(2, () => inner.transaction((t) => run(txnOps(t)))),
  };
}
