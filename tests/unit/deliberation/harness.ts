/**
 * The deliberation commands through the real router over the seeded demo township (memory store,
 * movable clock, fake openapi recording subscribe messages).
 */
import { randomBytes } from 'node:crypto';
import { deliberationFunction } from '../../../server/deliberation/spec';
import type * as deliberationActions from '../../../server/deliberation/actions';
import type { PollInput } from '../../../server/deliberation/contract';
import type { InputOf, OutputOf } from '../../../server/kernel/action';
import type { Ballot, BoxDoc, TopicDoc, UnitDoc } from '../../../server/deliberation/model';
import { masterKey, openBallot, unwrapPollKey } from '../../../server/deliberation/seal';
import { localBallotKey } from '../../../demo/deliberation-key';
import type { Answer } from '../../../server/kernel/router';
import { harness, rid, type Harness } from '../server/harness';
import { DEMO_OPENIDS } from '../../../demo/village';

export const Q = 'qingshi';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const P = DEMO_OPENIDS;

export type DeliberationAction = keyof typeof deliberationActions;
type DeliberationInput<A extends DeliberationAction> = InputOf<(typeof deliberationActions)[A]>;
type DeliberationOutput<A extends DeliberationAction> = OutputOf<(typeof deliberationActions)[A]>;
type Payload<A extends DeliberationAction> = Omit<DeliberationInput<A>, 'villageId'> & { villageId?: string };

export interface DelibHarness extends Harness {
  d<A extends DeliberationAction>(openid: string, action: A, payload: Payload<A>, requestId?: string): Promise<Answer<DeliberationOutput<A>>>;
  dOk<A extends DeliberationAction>(openid: string, action: A, payload: Payload<A>, requestId?: string): Promise<DeliberationOutput<A>>;
  /** fire the poll timer at the harness clock */
  tick(): Promise<Answer>;
  topic(id: string): TopicDoc;
  /** the units of a topic's current roll, by unit key */
  units(topicId: string): Record<string, UnitDoc>;
  /** the published box of a counted poll, in stored order */
  box(topicId: string): Ballot[];
  /** open a unit's sealed ballot with the function's key (what only the key holder can do) */
  unseal(topicId: string, unitKey: string): { receipt: string; choices: string[] };
  /** the committee closes the poll and the timer counts it */
  closeAndCount(topicId: string): Promise<void>;
  auditFor(targetId: string): Record<string, any>[];
  /** active residents of 青石村 with a WeChat account: openid, register id, household */
  residents(): { openid: string; id: string; householdId: string; name: string }[];
  /** a topic on the agenda with an open poll */
  openPoll(poll: Partial<PollInput>, by?: string): Promise<string>;
}

export const nonce = (): string => randomBytes(18).toString('base64url');

export async function delibHarness(options: { risky?: string[] } = {}): Promise<DelibHarness> {
  localBallotKey();
  const h = (await harness(options)) as DelibHarness;
  h.d = (openid, action, payload, requestId = rid(action)) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId }, deliberationFunction) as never;
  h.dOk = async (openid, action, payload, requestId) => {
    const answer = await h.d(openid, action, payload, requestId);
    if (!answer.ok) throw new Error(`${action} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  };
  h.tick = () => h.raw('', { Type: 'Timer', TriggerName: 'pollClock', Time: new Date(h.now.value).toISOString() }, deliberationFunction);
  h.topic = (id) => h.store.all('delib').find((t) => t._id === id) as TopicDoc;
  h.units = (topicId) => {
    const rollId = h.topic(topicId).poll?.rollId;
    const out: Record<string, UnitDoc> = {};
    for (const d of h.store.all('delib')) if (d.kind === 'unit' && d.topicId === topicId && d.rollId === rollId) out[d.unit as string] = d as UnitDoc;
    return out;
  };
  h.box = (topicId) =>
    (h.store.all('delib').filter((d) => d.kind === 'box' && d.topicId === topicId) as BoxDoc[]).sort((a, b) => a._id.localeCompare(b._id, 'en', { numeric: true })).flatMap((b) => b.ballots);
  h.unseal = (topicId, unitKey) => {
    const unit = h.units(topicId)[unitKey];
    const poll = h.topic(topicId).poll!;
    return openBallot(unwrapPollKey(masterKey(), topicId, poll.wrappedKey!), unit._id, unit.sealed!, poll.options.map((o) => o.id));
  };
  h.closeAndCount = async (topicId) => {
    await h.dOk(P.committee, 'closePoll', { topicId });
    const tick = await h.tick();
    if (!tick.ok || !(tick.data as { counted: string[] }).counted.includes(topicId)) throw new Error(`not counted: ${JSON.stringify(tick)}`);
  };
  h.auditFor = (targetId) => h.store.all('audit').filter((a) => a.targetId === targetId).sort((a, b) => (a.at as number) - (b.at as number));
  h.residents = () =>
    h.store
      .all('register')
      .filter((d) => d.kind === 'person' && d.villageId === Q && d.status === 'active' && (d.roles as string[]).includes('resident') && d.openid)
      .map((d) => ({ openid: d.openid as string, id: d._id, householdId: d.householdId as string, name: d.name as string }));
  h.openPoll = async (poll, by = P.committee) => {
    const t = await h.dOk(by, 'proposeTopic', { title: '修缮村口石桥', body: '村口石桥栏杆松动，雨季前要修。' });
    await h.dOk(P.committee, 'putOnAgenda', { topicId: t.topicId });
    await h.dOk(P.committee, 'schedulePoll', {
      topicId: t.topicId,
      poll: { kind: 'approve', question: '同意动用集体资金修缮石桥吗？', rollType: 'households', quorum: { kind: 'more_than_half' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: h.now.value + 3 * DAY, ...poll } as PollInput,
    });
    return t.topicId;
  };
  return h;
}

export const codeOf = (a: Answer): string => (a.ok ? 'ok' : a.error.code);
