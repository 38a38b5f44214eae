/**
 * 积分超市 and 红榜 in one call each: shop answers my household's pickup codes and whether I may redeem for
 * a resident (代办) beside the shelf; ranking answers my household's opt-out beside the list — one read each,
 * agreeing with what ledgerHome says of the same household.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCron } from '../../../emulator/timers/cron';
import { ledgerFunction } from '../../../server/ledger/spec';
import { DEMO_OPENIDS as P } from '../../../demo/village';
import { harness, rid, type Harness } from '../server/harness';

const Q = 'qingshi';
const DAY = 24 * 3600_000;
const SHOPKEEPER = 'demo-qingshi-h11-22';

let h: Harness;
async function call(openid: string, action: string, payload: unknown) {
  return h.raw(openid, { action, payload: { villageId: Q, ...(payload as object) }, requestId: rid(action) }, ledgerFunction) as Promise<{ ok: boolean; data?: any; error?: { code: string } }>;
}
async function ok(openid: string, action: string, payload: unknown = {}) {
  const a = await call(openid, action, payload);
  if (!a.ok) throw new Error(`${action}: ${a.error?.code}`);
  return a.data;
}
/** the ledger's frequent timers (config.json: every hour or more often, all year) fire once, as a tick would */
const FREQUENT = (JSON.parse(readFileSync(join(__dirname, '../../../cloudfunctions/ledger/config.json'), 'utf8')).triggers as { name: string; config: string }[]).filter((t) => {
  const cron = parseCron(t.config);
  // a March day: its next two ticks within the hour
  const start = Date.UTC(2026, 2, 10);
  const first = cron.next(start);
  const second = first === null ? null : cron.next(first);
  return first !== null && second !== null && first - start <= 3600_000 && second - first <= 3600_000;
});
async function tick() {
  expect(FREQUENT.length).toBeGreaterThan(0);
  for (const t of FREQUENT) expect((await h.raw('', { Type: 'Timer', TriggerName: t.name, Time: new Date(h.now.value).toISOString() }, ledgerFunction)).ok).toBe(true);
}

beforeEach(async () => {
  h = await harness();
  h.store.collections.delete('ledger');
  await ok(P.committee, 'openLedger');
  await h.ok(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${SHOPKEEPER}`, role: 'shopkeeper' } as never);
});

/** points for a household: a claim approved, posted when its 公示 ends */
async function earn(openid: string, ruleId: string) {
  const { claim } = await ok(openid, 'submitClaim', { ruleId, note: '帮助邻居' });
  await ok(P.committee, 'reviewClaim', { householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
  h.now.value += 4 * DAY;
  await tick();
}

test('shop: my household’s codes waiting (with the code), not others’; the keeper’s list without codes; one read', async () => {
  await earn(P.resident, 'r05');
  const soap = await ok(SHOPKEEPER, 'saveGoods', { name: '洗衣粉', unit: '袋', price: 1, addStock: 9 });
  const first = await ok(P.resident, 'redeem', { goodsId: soap.goodsId, qty: 1, price: 1 });
  const second = await ok(P.resident, 'redeem', { goodsId: soap.goodsId, qty: 1, price: 1 });
  const third = await ok(P.resident, 'redeem', { goodsId: soap.goodsId, qty: 1, price: 1 });
  await ok(P.resident, 'cancelRedemption', { householdId: first.redemption.householdId, redemptionId: first.redemption.redemptionId });
  await ok(SHOPKEEPER, 'checkOff', { code: second.redemption.code });

  const shop = await ok(P.resident, 'shop');
  expect(h.lastCalls.length).toBe(1);
  expect(shop.myPickups.map((r: any) => [r.redemptionId, r.code, r.status])).toEqual([[third.redemption.redemptionId, third.redemption.code, 'reserved']]);
  expect(shop.openPickups).toEqual([]);
  expect(shop.can).toEqual({ keepShop: false, redeemForOthers: false });
  // what the page showed before from ledgerHome: the reserved among the household's latest redemptions
  const home = await ok(P.resident, 'ledgerHome', { pageSize: 1 });
  expect(shop.myPickups).toEqual(home.redemptions.filter((r: any) => r.status === 'reserved'));
  expect(shop.householdId).toBe(home.householdId);

  // another household sees none of them; the keeper sees the waiting pickup without its code
  expect((await ok(P.elder, 'shop')).myPickups).toEqual([]);
  const keeper = await ok(SHOPKEEPER, 'shop');
  expect(keeper.openPickups.map((r: any) => r.redemptionId)).toEqual([third.redemption.redemptionId]);
  expect(JSON.stringify(keeper.openPickups)).not.toContain(third.redemption.code);
  expect(keeper.myPickups).toEqual([]);
  expect(keeper.can.keepShop).toBe(true);
  // a grid worker and the committee may redeem for a resident (代办), as ledgerHome said
  for (const who of [P.gridWorker, P.committee]) {
    expect((await ok(who, 'shop')).can.redeemForOthers).toBe(true);
    expect((await ok(who, 'ledgerHome', { pageSize: 1 })).can.claimForOthers).toBe(true);
  }
});

test('ranking: my household and its opt-out come with the list; one read', async () => {
  await earn(P.resident, 'r05');
  await earn(P.elder, 'r04');
  const before = await ok(P.resident, 'ranking');
  expect(h.lastCalls.length).toBe(1);
  expect(before).toMatchObject({ householdId: `${Q}:h:h01`, myOptOut: false, optedOut: 0 });
  await ok(P.resident, 'setRankingOptOut', { optOut: true });
  const after = await ok(P.resident, 'ranking');
  expect(after).toMatchObject({ householdId: `${Q}:h:h01`, myOptOut: true, optedOut: 1 });
  expect(after.rows.map((r: any) => r.householdName)).toEqual(['李桂兰户']);
  expect((await ok(P.resident, 'ledgerHome', { pageSize: 1 })).optOut).toBe(true);
  // the neighbour's switch is their own
  expect(await ok(P.elder, 'ranking')).toMatchObject({ myOptOut: false });
  await ok(P.resident, 'setRankingOptOut', { optOut: false });
  expect(await ok(P.resident, 'ranking')).toMatchObject({ myOptOut: false, optedOut: 0 });
});
