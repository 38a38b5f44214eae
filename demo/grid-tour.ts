/**
 * A walk through every user action of the `grid` function on the seeded demo village, as the people who
 * would do it — each write sent twice with the same requestId (the retry is measured too). Used by the
 * integration test (every action within the round-trip budget) and by bench/round-trips.ts.
 */
import { uploadPrefix } from '../server/kernel/files';
import type { TourInvoke, TourStep } from './account-tour';
import { DEMO_OPENIDS as P } from './village';

/** `env`: the emulator's environment (its default): photos are fileIDs of this environment under each person's upload prefix */
export async function gridTour(invoke: TourInvoke, tag = Date.now().toString(36), env = 'cunqun-local'): Promise<TourStep[]> {
  const Q = 'qingshi';
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: Record<string, unknown>) => {
    const requestId = `gtour-${tag}-${++n}`;
    const event = { action, payload: { villageId: Q, ...payload }, requestId };
    const first = await invoke(openid, event);
    const retry = await invoke(openid, event);
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: retry.dbCalls });
    return first;
  };
  const photoOf = (openid: string) => ({ fileId: `cloud://${env}.tour/${uploadPrefix(Q, openid)}photo/2025-05/tour-${tag}.jpg`, bytes: 200_000 });

  await run(P.resident, 'reportSetup', {});
  const t = await run(P.resident, 'submitReport', { categoryId: 'water_power', text: '东头组水管爆了', photos: [photoOf(P.resident)], subscribe: { templateIds: ['demo-ticket-update'] } });
  const id = t.data?.ticketId as string;
  await run(P.elder, 'supportTicket', { ticketId: id });
  await run(P.gridWorker, 'listDueTickets', {});
  await run(P.gridWorker, 'acceptTicket', { ticketId: id });
  await run(P.gridWorker, 'startTicket', { ticketId: id });
  await run(P.gridWorker, 'resolveTicket', { ticketId: id, note: '已更换水管', photos: [photoOf(P.gridWorker)] });
  await run(P.resident, 'reopenTicket', { ticketId: id, reason: '又漏了' });
  await run(P.gridWorker, 'startTicket', { ticketId: id });
  await run(P.gridWorker, 'resolveTicket', { ticketId: id, note: '接口重新密封' });
  await run(P.resident, 'confirmTicket', { ticketId: id, rating: 5, comment: '好了' });
  await run(P.resident, 'getTicket', { ticketId: id });
  await run(P.resident, 'listMyTickets', {});
  await run(P.elder, 'publicBoard', { bucket: 'fixed' });

  const u = await run(P.elder, 'submitReport', { categoryId: 'road', text: '路上有坑' });
  const uid = u.data?.ticketId as string;
  await run(P.gridWorker, 'transferTicket', { ticketId: uid, reason: '在河滨组', to: { kind: 'grid', gridId: `${Q}:g3` } });
  await run(P.committee, 'rejectTicket', { ticketId: uid, reason: '属于公路段', referral: '县公路段 12345' });
  const d = await run(P.elder, 'submitReport', { categoryId: 'water_power', text: '水管又漏水' });
  await run(P.gridWorker, 'markDuplicate', { ticketId: d.data?.ticketId, duplicateOf: id });
  const c = await run(P.resident, 'submitReport', { categoryId: 'unsafe_house', text: '后墙裂缝' });
  await run(P.committee, 'acceptTicket', { ticketId: c.data?.ticketId });
  await run(P.committee, 'closeUnresolved', { ticketId: c.data?.ticketId, reason: '需镇里立项' });
  return steps;
}
