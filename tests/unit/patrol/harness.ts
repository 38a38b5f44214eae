/**
 * Unit-test harness for the patrol commands: the demo township in a memory store, a movable clock, a
 * msgSecCheck stand-in with risky and review words, a recording grid port, and `call` routing through
 * the real router with the store calls of that invocation counted.
 */
import { seedDemoStore } from '../../../demo/seed';
import { DEMO_OPENIDS } from '../../../demo/village';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { devOpenData, type OpenApi, type SecCheckResult } from '../../../server/kernel/openapi';
import { route, type Answer } from '../../../server/kernel/router';
import { CountingStore } from '../../../server/kernel/store';
import type * as patrolActions from '../../../server/patrol/actions';
import type { InputOf, OutputOf } from '../../../server/kernel/action';
import { patrolFunction } from '../../../server/patrol/spec';
import type { GridPort, SubmitReportPayload } from '../../../server/patrol/grid-port';

export type PatrolAction = keyof typeof patrolActions;
type PatrolInput<A extends PatrolAction> = InputOf<(typeof patrolActions)[A]>;
type PatrolOutput<A extends PatrolAction> = OutputOf<(typeof patrolActions)[A]>;

export const T0 = Date.UTC(2025, 4, 1, 2, 0, 0);
export const V = 'qingshi';
export const WHO = {
  resident: DEMO_OPENIDS.resident, // 王小梅, grid 1
  elder: DEMO_OPENIDS.elder, // 李桂兰, grid 1
  worker: DEMO_OPENIDS.gridWorker, // 张建军, grids 1 and 2
  worker2: 'demo-qingshi-gridworker-2', // 高建华, grids 3 and 4
  committee: DEMO_OPENIDS.committee, // 陈国强
  committee2: 'demo-qingshi-committee-2', // 胡学文, a resident of grid 2
  other: DEMO_OPENIDS.otherVillager,
} as const;

let counter = 0;
export const rid = (label = 'r'): string => `${label}-${(++counter).toString().padStart(6, '0')}-unit`;

/** WeChat's model, small: the same words the emulator's stand-in knows. */
export const SEC_WORDS: [string, SecCheckResult][] = [
  ['刷单返利', { suggest: 'risky', label: 20008 }],
  ['王八蛋', { suggest: 'risky', label: 20003 }],
  ['代开发票', { suggest: 'risky', label: 10001 }],
  ['稳赚不赔', { suggest: 'review', label: 20008 }],
  ['滚蛋', { suggest: 'review', label: 20003 }],
];

export function fakeSecCheck(): OpenApi & { checked: string[] } {
  const checked: string[] = [];
  return {
    checked,
    async msgSecCheck({ content }) {
      checked.push(content);
      const hits = SEC_WORDS.filter(([w]) => content.includes(w)).map(([, r]) => r);
      return hits.find((h) => h.suggest === 'risky') ?? hits.find((h) => h.suggest === 'review') ?? { suggest: 'pass', label: 100 };
    },
    async sendSubscribe() {},
    getOpenData: async (cloudIDs: string[]) => cloudIDs.map(devOpenData),
  };
}

export function fakeGrid(): GridPort & { calls: { payload: SubmitReportPayload; requestId: string }[]; answer?: unknown } {
  const g = {
    calls: [] as { payload: SubmitReportPayload; requestId: string }[],
    answer: undefined as unknown,
    async call(_action: 'submitReport', payload: SubmitReportPayload, requestId: string) {
      g.calls.push({ payload, requestId });
      return g.answer ?? { ok: true, data: { ticketId: `${payload.villageId}:t:${requestId}` } };
    },
    // the id the fake files under, known before filing as the real grid's is
    ticketIdFor: (villageId: string, requestId: string) => `${villageId}:t:${requestId}`,
  };
  return g;
}

export async function patrolHarness() {
  const store = new MemoryStore();
  await seedDemoStore(store, T0);
  // these tests start from an empty board: the demo's patrol data (and its audit trail) is taken out
  store.collections.delete('patrol');
  const audit = store.collections.get('audit');
  for (const [id, doc] of [...(audit ?? new Map()).entries()]) if (String(doc.requestId).startsWith('seed-patrol-')) audit!.delete(id);
  const now = { value: T0 };
  const openapi = fakeSecCheck();
  const grid = fakeGrid();
  const spec = patrolFunction({ grid });
  const h = {
    store,
    now,
    openapi,
    grid,
    lastCalls: [] as CountingStore['calls'],
    async call<A extends PatrolAction>(openid: string, action: A, payload: PatrolInput<A>, requestId = rid(action)): Promise<Answer<PatrolOutput<A>>> {
      const counting = new CountingStore(store);
      const answer = await route(spec, { action, payload, requestId }, { openid, clock: () => now.value, store: counting, openapi, log: (m, e) => console.error(m, e) });
      h.lastCalls = counting.calls;
      return answer as Answer<PatrolOutput<A>>;
    },
    async ok<A extends PatrolAction>(openid: string, action: A, payload: PatrolInput<A>, requestId?: string): Promise<PatrolOutput<A>> {
      const answer = await h.call(openid, action, payload, requestId);
      if (!answer.ok) throw new Error(`${action} failed: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    },
    async code<A extends PatrolAction>(openid: string, action: A, payload: PatrolInput<A>, requestId?: string): Promise<string> {
      const answer = await h.call(openid, action, payload, requestId);
      return answer.ok ? 'ok' : answer.error.code;
    },
    patrolDocs() {
      return store.all('patrol');
    },
    audit() {
      return store.all('audit');
    },
    snapshot() {
      return JSON.stringify([...store.collections.entries()].filter(([, docs]) => docs.size > 0).map(([name, docs]) => [name, [...docs.entries()].sort()]));
    },
  };
  return h;
}
export type PatrolHarness = Awaited<ReturnType<typeof patrolHarness>>;

/** A grid worker turns a pasted phishing text into a lead and pins a fraud warning from it; answers the lead. */
export async function pinWarning(h: PatrolHarness, text: string): Promise<string> {
  const lead = (await h.ok(WHO.worker, 'submitLead', { villageId: V, text: '【通知】您的医保卡已冻结，请点击链接解冻，需要提供短信验证码' })).leadId;
  await h.ok(WHO.worker, 'warnLead', { villageId: V, leadId: lead, text });
  return lead;
}
