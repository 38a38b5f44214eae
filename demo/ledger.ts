/**
 * The 道德银行's demo data in 青石村, made by running the real commands through the router at times in the
 * past — so every balance is built from real postings (claims reviewed, shown for 公示, posted by the
 * timer), with audit records and markers exactly as the app makes them. Afterwards: households with points,
 * a claim in 公示, one waiting for review, goods in the 积分超市 (大米、食用油、洗衣粉、毛巾), a pickup
 * waiting with its code and one already picked up; 林大山 keeps the shop.
 * Idempotent: its own marker `seed:ledger:v1` is written last.
 */
import { accountFunction } from '../server/account/spec';
import { createFakeOpenApi } from '../server/kernel/openapi';
import { route, type FunctionSpec } from '../server/kernel/router';
import type { Doc, Store } from '../server/kernel/store';
import { ledgerFunction } from '../server/ledger/spec';
import { LEDGER } from '../server/ledger/model';
import { demoRegister, DEMO_OPENIDS as P } from './village';

export const LEDGER_SEED_MARKER_ID = 'seed:ledger:v1';
/** 林大山 (西头组6号) keeps the 积分超市 */
export const DEMO_SHOPKEEPER_OPENID = 'demo-qingshi-h11-22';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const Q = 'qingshi';

export async function seedLedgerDemo(store: Store, now: number): Promise<{ seeded: boolean }> {
  if (await store.get(LEDGER, LEDGER_SEED_MARKER_ID)) return { seeded: false };
  const people = demoRegister(now).filter((d) => d.kind === 'person') as (Doc & { name: string; householdId: string })[];
  const person = (name: string) => people.find((p) => p.name === name && p._id.startsWith(`${Q}:`))!;
  const openapi = createFakeOpenApi();
  let n = 0;
  const run = async (openid: string, at: number, action: string, payload: Record<string, unknown>, spec: FunctionSpec = ledgerFunction): Promise<any> => {
    const event = openid ? { action, payload: { villageId: Q, ...payload }, requestId: `seed-ledger-${++n}` } : { Type: 'Timer', TriggerName: action, Time: new Date(at).toISOString() };
    const answer = await route(spec, event, { openid, clock: () => at, store, openapi });
    if (!answer.ok) throw new Error(`demo ledger seed: ${action} failed: ${answer.error.code}`);
    return answer.data;
  };
  const claim = async (openid: string, at: number, ruleId: string, note: string, extra: Record<string, unknown> = {}) => (await run(openid, at, 'submitClaim', { ruleId, note, ...extra })).claim;
  const approve = (at: number, c: { householdId: string; claimId: string }) => run(P.committee, at, 'reviewClaim', { householdId: c.householdId, claimId: c.claimId, decision: 'approve' });

  const t0 = now - 40 * DAY;
  await run(P.committee, t0, 'openLedger', {});
  await run(P.committee, t0, 'assignRole', { memberId: `${Q}:u:${DEMO_SHOPKEEPER_OPENID}`, role: 'shopkeeper' }, accountFunction);
  // the village rewards confirmed tickets and patrol leads automatically
  const catalogue = await run(P.committee, t0 + HOUR, 'ledgerHome', {});
  const r11 = catalogue.catalogue.rules.find((r: { ruleId: string }) => r.ruleId === 'r11');
  await run(P.committee, t0 + HOUR, 'saveRule', { ...r11, baseVersion: catalogue.catalogue.version, enabled: true });

  // a month of good deeds, reviewed and posted after 公示
  const early = t0 + 2 * DAY;
  const posted = [
    await claim(P.gridWorker, early, 'r05', '王德福老人参加村口河道清理志愿服务半天', { residentId: person('王德福')._id }),
    await claim(P.elder, early, 'r01', '照顾隔壁独居的杨秀英老人，帮她买菜做饭'),
    await claim(P.resident, early, 'r04', '参加东头组环境整治，清理路边杂草'),
    await claim(P.committee, early, 'r07', '董建平家喜事简办，不摆流水席', { householdId: `${Q}:h:h25` }),
    await claim(P.gridWorker, early + HOUR, 'r01', '赵长顺常年照顾卧床的老伴', { residentId: person('赵长顺')._id }),
    await claim('demo-qingshi-gridworker-2', early + HOUR, 'r06', '韩德明汛期夜间巡堤', { residentId: person('韩德明')._id }),
    await claim(P.committee, early + 2 * HOUR, 'r08', '胡学文调解西头组宅基地纠纷', { householdId: `${Q}:h:h10` }),
    await claim(P.committee, early + 2 * HOUR, 'r09', '在河边乱倒建筑垃圾，已劝导清理', { householdId: `${Q}:h:h18` }),
  ];
  for (const c of posted) await approve(early + DAY, c);
  await run('', early + 5 * DAY, 'ledgerClock', {});

  // the 积分超市
  const keeper = DEMO_SHOPKEEPER_OPENID;
  const rice = await run(keeper, t0 + 3 * DAY, 'saveGoods', { name: '大米（10斤）', unit: '袋', price: 5, addStock: 10 });
  await run(keeper, t0 + 3 * DAY, 'saveGoods', { name: '食用油（5升）', unit: '桶', price: 8, addStock: 6 });
  const soap = await run(keeper, t0 + 3 * DAY, 'saveGoods', { name: '洗衣粉', unit: '袋', price: 3, addStock: 20 });
  await run(keeper, t0 + 3 * DAY, 'saveGoods', { name: '毛巾', unit: '条', price: 2, addStock: 30 });

  // 李桂兰 picked up washing powder; 王小梅 has a bag of rice waiting
  const picked = await run(P.elder, early + 7 * DAY, 'redeem', { goodsId: soap.goodsId, qty: 1, price: 3 });
  await run(keeper, early + 8 * DAY, 'checkOff', { code: picked.redemption.code });
  await run(P.resident, now - 2 * DAY, 'redeem', { goodsId: rice.goodsId, qty: 1, price: 5 });

  // now: one claim in 公示 (ends in two days), one waiting for the committee
  const inNotice = await claim(P.gridWorker, now - 2 * DAY, 'r05', '王德福老人帮忙看护村小放学路口', { residentId: person('王德福')._id });
  await approve(now - DAY, inNotice);
  await claim('demo-qingshi-gridworker-2', now - 3 * HOUR, 'r03', '邓凤英老人家庭院打扫得干干净净', { residentId: person('邓凤英')._id });

  // the timer's tick (nothing is due: the claim in 公示 posts in two days)
  await run('', now, 'ledgerClock', {});

  await store.put(LEDGER, { _id: LEDGER_SEED_MARKER_ID, kind: 'meta', villageId: Q, seededAt: now });
  return { seeded: true };
}
