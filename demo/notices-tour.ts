/**
 * A walk through every user action of the `notices` function (村务公开) on the seeded demo village, as the
 * people who would do it — each write sent twice with the same requestId (the retry is measured too).
 * Used by bench/round-trips.ts and, through demo/*-tour.ts, by the crash harness and the fuzzer.
 */
import { uploadPrefix } from '../server/kernel/files';
import type { TourInvoke, TourStep } from './account-tour';
import { DEMO_OPENIDS as P } from './village';

/** `now`: the emulator's clock (a pin date is checked against it); `env`: the emulator's environment (its default): photos are fileIDs of this environment under the committee's upload prefix */
export async function noticesTour(invoke: TourInvoke, now = Date.now(), tag = now.toString(36), env = 'cunqun-local'): Promise<TourStep[]> {
  const Q = 'qingshi';
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: Record<string, unknown>) => {
    const requestId = `ntour-${tag}-${++n}`;
    const event = { action, payload: { villageId: Q, ...payload }, requestId };
    const first = await invoke(openid, event);
    const retry = await invoke(openid, event);
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: retry.dbCalls });
    return first;
  };
  const photo = { fileId: `cloud://${env}.tour/${uploadPrefix(Q, P.committee)}photo/2025-05/notice-${tag}.jpg`, bytes: 200_000 };

  const published = await run(P.committee, 'publishNotice', { category: 'finance', title: '村道修补费用公示', text: '村道修补共支出5.2万元，明细见附件照片。', photos: [photo], pinnedUntil: null });
  const noticeId = published.data?.noticeId as string;
  await run(P.committee, 'editNotice', { noticeId, category: 'finance', title: '村道修补费用公示（附明细）', text: '村道修补共支出5.2万元，明细见附件照片。公示期10天。', photos: [photo], pinnedUntil: now + 5 * 24 * 3600_000 });
  await run(P.elder, 'listNotices', {});
  await run(P.elder, 'openNotice', { noticeId });
  await run(P.resident, 'openNotice', { noticeId });
  const q = await run(P.resident, 'askQuestion', { noticeId, text: '修的是哪一段路？' });
  await run(P.committee, 'answerQuestion', { questionId: q.data?.questionId, text: '西头组到河滨组那一段。' });
  await run(P.gridWorker, 'listNoticeHouseholds', { noticeId });
  await run(P.gridWorker, 'markToldInPerson', { noticeId, residentId: 'qingshi:off:h05-11', note: '上门告知' });
  await run(P.committee, 'openNotice', { noticeId });
  await run(P.committee, 'unpinNotice', { noticeId });
  return steps;
}
