/**
 * The notices commands through the real router over the seeded demo township (memory store, movable clock,
 * fake openapi). `notices(openid, action, payload)` answers like the wire; `lastCalls` counts the store calls.
 */
import type * as noticesActions from '../../../server/notices/actions';
import type { InputOf, OutputOf } from '../../../server/kernel/action';
import type { Answer } from '../../../server/kernel/router';
import { noticesFunction } from '../../../server/notices/spec';
import { DEMO_OPENIDS } from '../../../demo/village';
import { fileOf, harness, rid, type Harness } from '../server/harness';

export type NoticesAction = keyof typeof noticesActions;
type In<A extends NoticesAction> = InputOf<(typeof noticesActions)[A]>;
type Out<A extends NoticesAction> = OutputOf<(typeof noticesActions)[A]>;

export const Q = 'qingshi';
export const DAY = 24 * 3600_000;
export const P = { ...DEMO_OPENIDS, gridWorker2: 'demo-qingshi-gridworker-2', shopkeeper: 'demo-qingshi-h11-22' };

export interface NoticesHarness extends Harness {
  notices<A extends NoticesAction>(openid: string, action: A, payload: Omit<In<A>, 'villageId'> & { villageId?: string }, requestId?: string): Promise<Answer<Out<A>>>;
  noticesOk<A extends NoticesAction>(openid: string, action: A, payload: Omit<In<A>, 'villageId'> & { villageId?: string }, requestId?: string): Promise<Out<A>>;
  /** the register id of the demo person with this name in 青石村 */
  personId(name: string): string;
  /** the documents of a collection written since the demo seed (the seed has notices of its own) */
  docs(collection: string): Record<string, any>[];
  auditFor(targetId: string): Record<string, any>[];
  photo(openid: string, name: string): { fileId: string; bytes: number };
}

export async function noticesHarness(options: { risky?: string[] } = {}): Promise<NoticesHarness> {
  const h = (await harness(options)) as NoticesHarness;
  const seeded = new Set(['notices', 'noticeviews', 'noticeqa', 'audit', 'register'].flatMap((c) => h.store.all(c).map((d) => `${c}|${d._id}`)));
  h.notices = (openid, action, payload, requestId = rid(action)) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId }, noticesFunction) as never;
  h.noticesOk = async (openid, action, payload, requestId) => {
    const answer = await h.notices(openid, action, payload, requestId);
    if (!answer.ok) throw new Error(`${action} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  };
  h.personId = (name) => {
    const p = h.store.all('register').find((d) => d.kind === 'person' && d.name === name && String(d._id).startsWith(`${Q}:`));
    if (!p) throw new Error(`no demo person ${name}`);
    return p._id as string;
  };
  h.docs = (collection) => h.store.all(collection).filter((d) => !seeded.has(`${collection}|${d._id}`));
  h.auditFor = (targetId) => h.store.all('audit').filter((a) => a.targetId === targetId);
  h.photo = (openid, name) => ({ fileId: fileOf(Q, openid, name), bytes: 300_000 });
  return h;
}

export const codeOf = (a: Answer): string => (a.ok ? 'ok' : a.error.code);
