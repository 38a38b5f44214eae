/**
 * A walk through every `account` action on the seeded demo township, as the people who would do it —
 * used by the integration test (every action within the round-trip budget) and available to the bench
 * (`db_round_trips_max` = the largest `dbCalls` of a tour). Each write is sent twice with the same
 * requestId, so retries are measured too. `tag` keeps the tour's new people apart when it runs again on
 * the same data.
 */
import { DEMO_INVITE_CODE, DEMO_OPENIDS as P } from './village';

export interface TourAnswer {
  ok: boolean;
  data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: { code: string; message: string };
  dbCalls: number;
}
/** `group`: a share card's CloudID, sent in a top-level field as the client does (CloudBase resolves only those). */
export type TourInvoke = (openid: string, event: { action: string; payload: unknown; requestId: string; group?: unknown }) => Promise<TourAnswer>;

export interface TourStep {
  action: string;
  ok: boolean;
  code?: string;
  dbCalls: number;
  retryDbCalls: number;
}

export async function accountTour(invoke: TourInvoke, tag = Date.now().toString(36)): Promise<TourStep[]> {
  const Q = 'qingshi';
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: unknown): Promise<TourAnswer> => {
    const requestId = `tour-${tag}-${++n}`;
    const { group: card, ...rest } = payload as { group?: unknown };
    const event = card ? { action, payload: rest, requestId, group: card } : { action, payload, requestId };
    const first = await invoke(openid, event);
    const retry = await invoke(openid, event);
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: retry.dbCalls });
    return first;
  };
  const newcomer = (k: number) => `tour-${tag}-visitor-${k}`;
  const group = { cloudID: `dev-opengid:tour-${tag}-group` };

  await run(P.resident, 'me', {});
  await run(P.resident, 'villageOverview', { villageId: Q });
  const invite = await run(P.committee, 'createInvite', { villageId: Q, expiresInDays: 7, maxUses: 10 });
  await run(P.committee, 'listInvites', { villageId: Q });
  await run(newcomer(1), 'joinByInvite', { code: invite.data?.code ?? DEMO_INVITE_CODE, name: '游客甲' });
  await run(P.committee, 'revokeInvite', { villageId: Q, inviteId: invite.data?.inviteId ?? `invite:${DEMO_INVITE_CODE}` });
  await run(P.committee, 'bindGroup', { villageId: Q, group, groupName: '青石村巡逻群' });
  await run(newcomer(2), 'joinByGroupCard', { group, name: '游客乙' });
  await run(P.committee, 'listApplications', { villageId: Q });
  await run(P.committee, 'reviewApplication', { villageId: Q, applicationId: `${Q}:u:${newcomer(1)}`, decision: 'approve', householdId: `${Q}:h:h03` });
  await run(P.committee, 'reviewApplication', { villageId: Q, applicationId: `${Q}:u:${newcomer(2)}`, decision: 'reject', reason: '请先与网格员核对住址' });
  await run(P.gridWorker, 'listHouseholds', { villageId: Q });
  await run(P.gridWorker, 'listResidents', { villageId: Q });
  const household = await run(P.gridWorker, 'createHousehold', { villageId: Q, gridId: `${Q}:g2`, headName: '游客丙', address: '青石村西头组99号' });
  const offline = await run(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: household.data?.householdId ?? `${Q}:h:h09`, name: '游老汉', elderly: true });
  await run(P.gridWorker, 'updateOfflineResident', { villageId: Q, residentId: offline.data?.residentId ?? `${Q}:off:none`, patch: { note: '耳背，上门时多敲门' } });
  await run(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${newcomer(1)}`, role: 'grid_worker', gridIds: [`${Q}:g1`] });
  await run(P.committee, 'revokeRole', { villageId: Q, memberId: `${Q}:u:${newcomer(1)}`, role: 'grid_worker' });
  await run(P.committee, 'auditLog', { villageId: Q });
  // 成效看板: the committee's village, the township's villages side by side, a figure's items, an export, the chain check
  await run(P.committee, 'dashboard', { villageId: Q });
  await run(P.township, 'dashboard', {});
  await run(P.committee, 'dashboardItems', { villageId: Q, metric: 'tickets_opened' });
  await run(P.committee, 'exportTable', { villageId: Q, table: 'audit' });
  await run(P.committee, 'verifyAudit', { villageId: Q });
  // 消息: the inbox every job's audit records reach
  const box = await run(P.gridWorker, 'inbox', { villageId: Q });
  await run(P.gridWorker, 'inboxUnread', { villageId: Q });
  await run(P.gridWorker, 'markInboxRead', { villageId: Q, auditIds: [box.data?.items?.[0]?.auditId ?? 'none'] });
  await run(P.gridWorker, 'markInboxRead', { villageId: Q, upTo: box.data?.items?.[0]?.at ?? 0 });
  await run(P.resident, 'subscribeDigest', { villageId: Q, templateIds: ['demo-daily-digest'] });
  return steps;
}
