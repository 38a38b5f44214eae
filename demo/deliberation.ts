/**
 * The deliberation job's demo data in 青石村, made by running the real commands through the router at
 * times in the past (every topic has its audit trail, markers, roll units, sealed ballots and box exactly
 * as the app makes them; the ballots are sealed with this process's ballot key — deliberation-key.ts):
 *   1. 太阳能路灯 — proposed by 王小梅, 2 of 5 seconds: still collecting 附议, with discussion;
 *   2. 村口石桥修缮 — on the agenda, an open household poll (secret, quorum: more than half of the
 *      households), 12 households have voted (one by 代办) — 王小梅's and 李桂兰's have not;
 *   3. 垃圾分类投放点选址 — a closed single-choice poll with published results, a decision and
 *      follow-ups (one linked to a grid ticket).
 * Idempotent: its own marker `seed:deliberation:v1` is written last.
 */
import { createHash } from 'node:crypto';
import { createFakeOpenApi } from '../server/kernel/openapi';
import { route } from '../server/kernel/router';
import type { Store } from '../server/kernel/store';
import { deliberationFunction } from '../server/deliberation/spec';
import { DELIB } from '../server/deliberation/model';
import { localBallotKey } from './deliberation-key';
import { DEMO_OPENIDS as P } from './village';

export const DELIBERATION_SEED_MARKER_ID = 'seed:deliberation:v1';
export const DEMO_POLL_TEMPLATE = 'demo-poll-reminder';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const Q = 'qingshi';
const key = (id: string) => id.replace(/:/g, '~');

/** online members, one per household (h01 王小梅 and h02 李桂兰 left out: the personas vote themselves) */
const HOUSEHOLD_VOTERS: [household: string, openid: string][] = [
  ['h03', P.gridWorker],
  ['h04', P.committee],
  ['h06', 'demo-qingshi-h06-12'],
  ['h07', 'demo-qingshi-h07-15'],
  ['h08', 'demo-qingshi-h08-17'],
  ['h10', 'demo-qingshi-committee-2'],
  ['h11', 'demo-qingshi-h11-23'],
  ['h13', 'demo-qingshi-gridworker-2'],
  ['h16', 'demo-qingshi-h16-32'],
  ['h18', 'demo-qingshi-h18-36'],
  ['h25', 'demo-qingshi-h25-49'],
];

export async function seedDeliberationDemo(store: Store, now: number): Promise<{ seeded: boolean; topics: number }> {
  if (await store.get(DELIB, DELIBERATION_SEED_MARKER_ID)) return { seeded: false, topics: 0 };
  // the commands run here: they seal ballots with this process's key (the one the emulator hands the function)
  localBallotKey();
  const openapi = createFakeOpenApi();
  let n = 0;
  const nonce = (label: string) => createHash('sha256').update(`demo-nonce|${label}`).digest('base64url').slice(0, 32);
  const run = async (openid: string, at: number, action: string, payload: Record<string, unknown>): Promise<any> => {
    const answer = await route(deliberationFunction, { action, payload: { villageId: Q, ...payload }, requestId: `seed-delib-${++n}` }, { openid, clock: () => at, store, openapi });
    if (!answer.ok) throw new Error(`demo deliberation seed: ${action} failed: ${answer.error.code}`);
    return answer.data;
  };
  const tick = async (at: number) => {
    const answer = await route(deliberationFunction, { Type: 'Timer', TriggerName: 'pollClock', Time: new Date(at).toISOString() }, { openid: '', clock: () => at, store, openapi });
    if (!answer.ok) throw new Error(`demo deliberation seed: pollClock failed: ${answer.error.code}`);
  };

  await run(P.committee, now - 30 * DAY, 'updateSettings', { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: DEMO_POLL_TEMPLATE });

  // 3. a closed poll: where to put the sorting point on 新村路 (everyone votes, single choice, secret)
  const bins = await run('demo-qingshi-h26-52', now - 20 * DAY, 'proposeTopic', {
    title: '新村路垃圾分类投放点选址',
    body: '新村路住户多了，垃圾桶放在路口不够用，夏天味道大。想在新村路设一个分类投放点，请大家一起定个位置。',
  });
  for (const [i, who] of ['demo-qingshi-h25-49', 'demo-qingshi-h28-56', 'demo-qingshi-h30-59', 'demo-qingshi-h31-62', 'demo-qingshi-h27-55'].entries()) {
    await run(who, now - 19 * DAY + i * HOUR, 'secondTopic', { topicId: bins.topicId });
  }
  await run('demo-qingshi-h30-60', now - 18 * DAY, 'postReply', { topicId: bins.topicId, text: '别放在小学门口，孩子上学要经过。' });
  await run(P.committee, now - 15 * DAY, 'schedulePoll', {
    topicId: bins.topicId,
    poll: {
      kind: 'single',
      question: '新村路垃圾分类投放点设在哪里？',
      options: ['新村路2号旁空地', '新村路与河滨组路口', '新村路18号后面'],
      rollType: 'households',
      quorum: { kind: 'more_than_half' },
      threshold: 'majority_cast',
      secret: true,
      changeable: false,
      closesAt: now - 8 * DAY,
    },
  });
  const binVoters: [string, string, string][] = [
    ['h01', P.resident, 'o2'],
    ['h02', P.elder, 'o2'],
    ...HOUSEHOLD_VOTERS.map(([h, openid], i): [string, string, string] => [h, openid, i % 4 === 3 ? 'o1' : i % 5 === 4 ? 'o3' : 'o2']),
    ['h19', 'demo-qingshi-h19-39', 'o1'],
    ['h21', 'demo-qingshi-h21-41', 'o2'],
    ['h26', 'demo-qingshi-h26-52', 'o2'],
    ['h30', 'demo-qingshi-h30-59', 'o3'],
  ];
  for (const [i, [h, openid, choice]] of binVoters.entries()) {
    await run(openid, now - 14 * DAY + i * 3 * HOUR, 'castVote', { topicId: bins.topicId, unitId: key(`${Q}:h:${h}`), choices: [choice], nonce: nonce(`bins-${h}`) });
  }
  await run(P.gridWorker, now - 10 * DAY, 'castVote', {
    topicId: bins.topicId,
    unitId: key(`${Q}:h:h12`),
    choices: ['o2'],
    nonce: nonce('bins-h12'),
    assist: { residentId: `${Q}:off:h12-24`, consent: 'verbal' },
  });
  await tick(now - 8 * DAY);
  const ticket = (await store.find('tickets', { villageId: Q, categoryId: 'sanitation' }, { limit: 1 }).catch(() => []))[0];
  await run(P.committee, now - 7 * DAY, 'recordOutcome', {
    topicId: bins.topicId,
    decision: '投放点设在新村路与河滨组路口（得票最多且过半），由村委出资，月底前建成；原路口垃圾桶撤走。',
    actions: [{ text: '向镇环卫站申请分类垃圾桶和清运排班' }, { text: '清理路口杂物，平整场地', ...(ticket ? { ticketId: ticket._id } : {}) }, { text: '网格员上门讲解分类方法' }],
  });
  await run(P.committee, now - 3 * DAY, 'updateFollowUp', { topicId: bins.topicId, actionId: 'a1', done: true });

  // 2. on the agenda with an open household poll
  const bridge = await run(P.committee, now - 6 * DAY, 'proposeTopic', {
    title: '村口石桥修缮',
    body: '村口石桥栏杆松动、桥面有裂缝，雨季前需要修缮。施工队初步报价两万三千元，拟从村集体经营收入中列支。请各户表决。',
  });
  await run(P.elder, now - 5 * DAY, 'postReply', { topicId: bridge.topicId, text: '我每天去菜地都要过这座桥，栏杆晃得厉害，早该修了。' });
  await run('demo-qingshi-h18-36', now - 5 * DAY + 2 * HOUR, 'postReply', { topicId: bridge.topicId, text: '报价能不能再找一家比一比？钱要花在明处。' });
  await run(P.committee, now - 4 * DAY, 'postReply', { topicId: bridge.topicId, text: '已请第二家施工队报价，报价单贴在村务公开栏，也会拍照发到群里。' });
  await run(P.committee, now - 4 * DAY + HOUR, 'putOnAgenda', { topicId: bridge.topicId });
  await run(P.committee, now - 2 * DAY, 'schedulePoll', {
    topicId: bridge.topicId,
    poll: {
      kind: 'approve',
      question: '同意从村集体经营收入中列支两万三千元修缮村口石桥吗？',
      rollType: 'households',
      quorum: { kind: 'more_than_half' },
      threshold: 'majority_cast',
      secret: true,
      changeable: true,
      closesAt: now + 3 * DAY,
    },
  });
  // the timer's next tick appends the opening's audit record (the roll took the request's round trip)
  await tick(now - 2 * DAY + 10 * 60_000);
  for (const [i, [h, openid]] of HOUSEHOLD_VOTERS.entries()) {
    await run(openid, now - 2 * DAY + (i + 1) * 2 * HOUR, 'castVote', { topicId: bridge.topicId, unitId: key(`${Q}:h:${h}`), choices: [i % 6 === 5 ? 'no' : i === 8 ? 'abstain' : 'yes'], nonce: nonce(`bridge-${h}`) });
  }
  await run(P.gridWorker, now - DAY, 'castVote', {
    topicId: bridge.topicId,
    unitId: key(`${Q}:h:h05`),
    choices: ['yes'],
    nonce: nonce('bridge-h05'),
    assist: { residentId: `${Q}:off:h05-11`, consent: 'thumbprint' },
  });

  // 1. still collecting seconds
  const lights = await run(P.resident, now - 3 * DAY, 'proposeTopic', {
    title: '西头到河滨装太阳能路灯',
    body: '西头组到河滨组这段路晚上没有灯，老人晚上出门看不清，去年冬天有人摔过。建议装十盏太阳能路灯，不用拉电线。',
  });
  await run('demo-qingshi-h09-19', now - 2 * DAY, 'secondTopic', { topicId: lights.topicId });
  await run('demo-qingshi-h14-29', now - DAY, 'secondTopic', { topicId: lights.topicId });
  await run('demo-qingshi-h09-19', now - DAY + HOUR, 'postReply', { topicId: lights.topicId, text: '支持，我家老人晚上去河边散步，一直担心。' });

  await store.put(DELIB, { _id: DELIBERATION_SEED_MARKER_ID, kind: 'meta', villageId: Q, seededAt: now });
  return { seeded: true, topics: 3 };
}
