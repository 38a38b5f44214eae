/**
 * A walk through every user action of the `ledger` function on the seeded demo village, as the people who
 * would do it — for the integration test and db_round_trips_max. Each write is sent twice with the same
 * requestId (the retry is measured too).
 */
import { DEMO_OPENIDS as P } from './village';
import { DEMO_SHOPKEEPER_OPENID } from './ledger';
import type { TourInvoke, TourStep } from './account-tour';

export async function ledgerTour(invoke: TourInvoke, tag = Date.now().toString(36)): Promise<TourStep[]> {
  const Q = 'qingshi';
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: Record<string, unknown>, retry = true) => {
    const requestId = `ltour-${tag}-${++n}`;
    const event = { action, payload: { villageId: Q, ...payload }, requestId };
    const first = await invoke(openid, event);
    const again = retry ? await invoke(openid, event) : first;
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: again.dbCalls });
    return first;
  };
  const home = await run(P.committee, 'ledgerHome', {}, false);
  await run(P.resident, 'ledgerHome', {}, false);
  await run(P.committee, 'ledgerHome', { householdId: `${Q}:h:h02` }, false);
  const catalogue = home.data?.catalogue;
  const rule = catalogue?.rules?.find((r: { ruleId: string }) => r.ruleId === 'r02');
  await run(P.committee, 'saveRule', { ...rule, baseVersion: catalogue?.version ?? 0, note: `${tag} 年度评选` });
  const after = (await run(P.committee, 'ledgerHome', {}, false)).data?.catalogue;
  await run(P.committee, 'saveSettings', { baseVersion: after?.version ?? 0, publicNoticeDays: after?.settings?.publicNoticeDays ?? 3, yearEnd: 'carry_over' });
  const own = await run(P.elder, 'submitClaim', { ruleId: 'r04', note: `${tag} 参加环境整治` });
  const forNeighbour = await run(P.gridWorker, 'submitClaim', { ruleId: 'r05', note: `${tag} 代老人申报志愿服务`, residentId: `${Q}:off:h05-11` });
  await run(P.committee, 'listClaims', { status: 'pending' }, false);
  await run(P.committee, 'reviewClaim', { householdId: own.data?.claim?.householdId, claimId: own.data?.claim?.claimId, decision: 'approve' });
  await run(P.committee, 'reviewClaim', { householdId: forNeighbour.data?.claim?.householdId, claimId: forNeighbour.data?.claim?.claimId, decision: 'reject', reason: '请补充照片' });
  await run(P.resident, 'listClaims', {}, false);
  await run(P.resident, 'objectClaim', { householdId: own.data?.claim?.householdId, claimId: own.data?.claim?.claimId, reason: '那天没看到她参加' });
  await run(P.committee, 'voidClaim', { householdId: own.data?.claim?.householdId, claimId: own.data?.claim?.claimId, reason: '经核实未参加' });
  const shop = await run(P.resident, 'shop', {}, false);
  await run(DEMO_SHOPKEEPER_OPENID, 'shop', {}, false);
  const towel = shop.data?.goods?.find((g: { name: string }) => g.name === '毛巾');
  await run(DEMO_SHOPKEEPER_OPENID, 'saveGoods', { goodsId: towel?.goodsId, name: '毛巾', unit: '条', price: towel?.price ?? 2, addStock: 5 });
  const r1 = await run(P.elder, 'redeem', { goodsId: towel?.goodsId, qty: 1, price: towel?.price ?? 2 });
  await run(DEMO_SHOPKEEPER_OPENID, 'checkOff', { code: r1.data?.redemption?.code ?? '000000' });
  const r2 = await run(P.elder, 'redeem', { goodsId: towel?.goodsId, qty: 1, price: towel?.price ?? 2 });
  await run(P.elder, 'cancelRedemption', { householdId: `${Q}:h:h02`, redemptionId: r2.data?.redemption?.redemptionId ?? 'none' });
  await run(P.committee, 'reverseEntry', { householdId: `${Q}:h:h02`, entryId: `redeem:${r1.data?.redemption?.redemptionId}`, reason: '演示：兑换不能冲正' });
  await run(P.resident, 'ranking', {}, false);
  await run(P.elder, 'setRankingOptOut', { optOut: false });
  await run(P.committee, 'report', {}, false);
  return steps;
}
