/**
 * The notices job's demo data in 青石村 (村务公开): three notices — 党务, 村务 (pinned), 财务 — published by
 * the committee through the real commands (so each has its audit record and markers as the app makes
 * them), at times in the past; 王小梅's household has opened the 财务 one, 张建军 told 杨秀英 (no WeChat)
 * in person, and a question of 王小梅's has the committee's answer.
 * Idempotent: its own marker `seed:notices:v1` is written last.
 */
import { REGISTER } from '../server/kernel/auth';
import { createFakeOpenApi } from '../server/kernel/openapi';
import { route } from '../server/kernel/router';
import type { Doc, Store } from '../server/kernel/store';
import { noticesFunction } from '../server/notices/spec';
import { demoRegister, DEMO_OPENIDS as P } from './village';

export const NOTICES_SEED_MARKER_ID = 'seed:notices:v1';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export async function seedNoticesDemo(store: Store, now: number): Promise<{ seeded: boolean; notices: number }> {
  if (await store.get(REGISTER, NOTICES_SEED_MARKER_ID)) return { seeded: false, notices: 0 };
  const people = demoRegister(now).filter((d) => d.kind === 'person') as (Doc & { name: string })[];
  const idOf = (name: string) => people.find((p) => p.name === name && p._id.startsWith('qingshi:'))!._id;
  const openapi = createFakeOpenApi();
  let n = 0;
  const run = async (openid: string, at: number, action: string, payload: Record<string, unknown>): Promise<any> => {
    const answer = await route(noticesFunction, { action, payload: { villageId: 'qingshi', ...payload }, requestId: `seed-notices-${++n}` }, { openid, clock: () => at, store, openapi });
    if (!answer.ok) throw new Error(`demo notices seed: ${action} failed: ${answer.error.code}`);
    return answer.data;
  };

  await run(P.committee, now - 20 * DAY, 'publishNotice', {
    category: 'party',
    title: '七月党员活动日安排',
    text: '全体党员：\n7月1日上午9点在村委会二楼会议室开展主题党日活动，内容为学习党章、重温入党誓词，会后到村口清理垃圾。\n年老体弱的党员可请假，由网格员上门送学。',
  });
  const finance = await run(P.committee, now - 6 * DAY, 'publishNotice', {
    category: 'finance',
    title: '2025年第一季度村级财务收支公示',
    text: '一、收入：村集体山林承包费 12.6 万元，上级转移支付 8.4 万元，合计 21.0 万元。\n二、支出：道路修补 5.2 万元，路灯电费 0.9 万元，保洁员工资 3.6 万元，办公费 0.7 万元，合计 10.4 万元。\n三、结余 10.6 万元。\n对公示内容有疑问的，可在下面提问，或到村委会查看原始凭证。公示期 10 天。',
  });
  await run(P.committee, now - 2 * DAY, 'publishNotice', {
    category: 'village',
    title: '关于开展人居环境整治的通知',
    text: '为迎接镇里人居环境检查，本周六（早上8点起）全村开展大扫除：各户清理房前屋后杂物，不在路边堆放柴草；东头组、西头组在村口集合，河滨组、新村组在文化礼堂集合。\n请各位乡亲互相转告，家里有老人的请帮忙告诉他们。',
    pinnedUntil: now + 12 * DAY,
  });

  // 王小梅's household opened the accounts and asked about them; the committee answered
  await run(P.resident, now - 5 * DAY, 'openNotice', { noticeId: finance.noticeId });
  const q = await run(P.resident, now - 5 * DAY + HOUR, 'askQuestion', { noticeId: finance.noticeId, text: '道路修补5.2万元修的是哪几段路？' });
  await run(P.committee, now - 4 * DAY, 'answerQuestion', { questionId: q.questionId, text: '修的是西头组到河滨组的1.2公里水泥路和村口的两处塌陷，合同和验收单在村委会可以查看。' });
  // 张建军 read it to 杨秀英, who has no WeChat
  await run(P.gridWorker, now - 3 * DAY, 'markToldInPerson', { noticeId: finance.noticeId, residentId: idOf('杨秀英'), note: '上门念给老人听' });

  await store.put(REGISTER, { _id: NOTICES_SEED_MARKER_ID, kind: 'meta', villageId: 'qingshi', seededAt: now, notices: 3 });
  return { seeded: true, notices: 3 };
}
