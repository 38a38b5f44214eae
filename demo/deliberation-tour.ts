/**
 * A walk through every `deliberation` action on the seeded demo village, as the people who would do it —
 * for the integration test (every action within the round-trip budget) and the bench
 * (`db_round_trips_max`). Each write is sent twice with the same requestId (and, for votes, the same
 * nonce), so retries are measured too. `tag` keeps the tour's topics apart when it runs again.
 */
import { createHash } from 'node:crypto';
import type { TourInvoke, TourStep } from './account-tour';
import { DEMO_OPENIDS as P } from './village';

const Q = 'qingshi';
const DAY = 24 * 3600 * 1000;
const key = (id: string) => id.replace(/:/g, '~');

/** a vote's secret, deterministic per tour so a rerun is reproducible */
const nonceFor = (tag: string, n: number) => createHash('sha256').update(`tour|${tag}|${n}`).digest('base64url').slice(0, 32);

export async function deliberationTour(invoke: TourInvoke, now: number, tag = Date.now().toString(36)): Promise<TourStep[]> {
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: Record<string, unknown>, retry = true) => {
    const requestId = `tour-${tag}-d${++n}`;
    const event = { action, payload: { villageId: Q, ...payload }, requestId };
    const first = await invoke(openid, event);
    const again = retry ? await invoke(openid, event) : first;
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: again.dbCalls });
    return first;
  };
  const neighbours = ['demo-qingshi-h03-7', 'demo-qingshi-h06-12', 'demo-qingshi-h10-21'];

  await run(P.resident, 'getSettings', {});
  await run(P.committee, 'updateSettings', { secondsNeeded: 3, remindBeforeHours: 24, reminderTemplateId: 'demo-poll-reminder' });
  const topic = await run(P.resident, 'proposeTopic', { title: `巡游路线改道（${tag}）`, body: '元宵巡游经过的老街太窄，建议改走新村路。' });
  const topicId = topic.data?.topicId as string;
  for (const who of neighbours) await run(who, 'secondTopic', { topicId });
  const reply = await run(P.elder, 'postReply', { topicId, text: '新村路宽，老人孩子看着也安全。' });
  await run(P.resident, 'listTopics', {});
  await run(P.resident, 'getTopic', { topicId });
  // the page before the first reply: empty, but read as any earlier page is
  await run(P.resident, 'listReplies', { topicId, before: `${reply.data?.at}|${reply.data?.replyId}` });

  const other = await run(P.resident, 'proposeTopic', { title: `村办公室开放时间（${tag}）`, body: '希望周六上午也开门办事。' });
  await run(P.committee, 'putOnAgenda', { topicId: other.data?.topicId });
  const third = await run(P.resident, 'proposeTopic', { title: `祠堂翻修（${tag}）`, body: '祠堂屋顶漏雨。' });
  await run(P.committee, 'declineTopic', { topicId: third.data?.topicId, reason: '已列入镇文保修缮计划' });

  await run(P.committee, 'schedulePoll', {
    topicId,
    poll: {
      kind: 'approve',
      question: '同意元宵巡游改走新村路吗？',
      rollType: 'households',
      quorum: { kind: 'more_than_half' },
      threshold: 'majority_cast',
      secret: true,
      changeable: true,
      closesAt: now + 3 * DAY,
    },
  });
  await run(P.resident, 'subscribeReminder', { topicId, unitId: key(`${Q}:h:h01`), templateId: 'demo-poll-reminder' });
  await run(P.resident, 'castVote', { topicId, unitId: key(`${Q}:h:h01`), choices: ['yes'], nonce: nonceFor(tag, 1) });
  await run(P.resident, 'castVote', { topicId, unitId: key(`${Q}:h:h01`), choices: ['no'], nonce: nonceFor(tag, 1), change: true });
  await run(P.gridWorker, 'listRoll', { topicId });
  await run(P.gridWorker, 'castVote', { topicId, unitId: key(`${Q}:h:h05`), choices: ['yes'], nonce: nonceFor(tag, 2), assist: { residentId: `${Q}:off:h05-11`, consent: 'thumbprint' } });
  await run(P.elder, 'castVote', { topicId, unitId: key(`${Q}:h:h02`), choices: ['yes'], nonce: nonceFor(tag, 3) });
  await run(P.committee, 'closePoll', { topicId });
  // the timer counts the closed poll (a timer, not a user action: not a step of the round-trip budget)
  const tick = await invoke('', { Type: 'Timer', TriggerName: 'pollClock', Time: new Date().toISOString() } as never);
  if (!tick.ok) throw new Error(`deliberation tour: pollClock failed: ${tick.error?.code}`);
  await run(P.resident, 'listReceipts', { topicId });
  await run(P.committee, 'recordOutcome', { topicId, decision: '元宵巡游改走新村路，由村委通知各户。', actions: [{ text: '网格员逐户通知' }, { text: '新村路提前清扫' }] });
  await run(P.committee, 'updateFollowUp', { topicId, actionId: 'a1', done: true });
  return steps;
}
