/**
 * Unit-test harness for server commands: the demo township in a memory store, a movable clock, a fake
 * openapi, and `call(openid, action, payload, requestId?)` routing through the real router — with the
 * store calls of that one invocation counted.
 */
import type * as accountActions from '../../../server/account/actions';
import { accountFunction } from '../../../server/account/spec';
import type { InputOf, OutputOf } from '../../../server/kernel/action';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { route, type Answer, type FunctionSpec } from '../../../server/kernel/router';
import { CountingStore, type Store } from '../../../server/kernel/store';
import { seedDemoStore } from '../../../demo/seed';
import { uploadPrefix } from '../../../server/kernel/files';

type AccountAction = keyof typeof accountActions;
type AccountInput<A extends AccountAction> = InputOf<(typeof accountActions)[A]>;
type AccountOutput<A extends AccountAction> = OutputOf<(typeof accountActions)[A]>;

export const T0 = Date.UTC(2025, 4, 1, 2, 0, 0); // 2025-05-01 10:00 in Beijing

/** A fileID as this person's phone gets it after uploading `name` (in process the environment is the emulator's default). */
export const fileOf = (villageId: string, openid: string, name: string): string => `cloud://cunqun-local.bucket-1/${uploadPrefix(villageId, openid)}${name}`;

let counter = 0;
export const rid = (label = 'r'): string => `${label}-${(++counter).toString().padStart(6, '0')}-test`;

export interface Harness {
  store: MemoryStore;
  now: { value: number };
  openapi: ReturnType<typeof createFakeOpenApi>;
  /** the last invocation's store calls */
  lastCalls: CountingStore['calls'];
  call<A extends AccountAction>(openid: string, action: A, payload: AccountInput<A>, requestId?: string): Promise<Answer<AccountOutput<A>>>;
  raw(openid: string, event: unknown, spec?: FunctionSpec): Promise<Answer>;
  ok<A extends AccountAction>(openid: string, action: A, payload: AccountInput<A>, requestId?: string): Promise<AccountOutput<A>>;
  /** wrap the store for the next calls (fault injection) */
  wrap(f: (s: Store) => Store): void;
  snapshot(): string;
}

export async function harness(options: { risky?: string[] } = {}): Promise<Harness> {
  const store = new MemoryStore();
  await seedDemoStore(store, T0);
  const now = { value: T0 };
  const openapi = createFakeOpenApi(options.risky ?? ['刷单返利']);
  let wrapper: (s: Store) => Store = (s) => s;
  const h: Harness = {
    store,
    now,
    openapi,
    lastCalls: [],
    async raw(openid, event, spec = accountFunction) {
      const counting = new CountingStore(wrapper(store));
      const answer = await route(spec, event, { openid, clock: () => now.value, store: counting, openapi, log: () => undefined });
      h.lastCalls = counting.calls;
      return answer;
    },
    async call(openid, action, payload, requestId = rid(action)) {
      return h.raw(openid, { action, payload, requestId }) as never;
    },
    async ok(openid, action, payload, requestId) {
      const answer = await h.call(openid, action, payload, requestId);
      if (!answer.ok) throw new Error(`${action} failed: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    },
    wrap(f) {
      wrapper = f;
    },
    snapshot() {
      return JSON.stringify([...store.collections.entries()].map(([name, docs]) => [name, [...docs.entries()].sort()]));
    },
  };
  return h;
}

/** The store with some methods replaced (fault injection); every other method is the store's own, bound to it. */
export function overriding(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, key) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key as keyof Store];
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
