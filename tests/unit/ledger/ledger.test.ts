/**
 * The ledger's commands through the real router over the demo village in a memory store: the claim's two
 * phases, period limits, the shop (stock held on the goods, then the account debited: every race and
 * crash between the two), the audit outbox, reversals, events, settlement, and each action's store calls.
 */
import { ledgerFunction } from '../../../server/ledger/spec';
import { DEMO_OPENIDS as P } from '../../../demo/village';
import { AUDIT } from '../../../server/kernel/audit';
import { harness, rid, type Harness } from '../server/harness';

const Q = 'qingshi';
const DAY = 24 * 3600_000;
const SHOPKEEPER = 'demo-qingshi-h11-22';

let h: Harness;
async function call(openid: string, action: string, payload: unknown, requestId = rid(action)) {
  return h.raw(openid, { action, payload, requestId }, ledgerFunction) as Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>;
}
async function ok(openid: string, action: string, payload: unknown, requestId?: string) {
  const a = await call(openid, action, payload, requestId);
  if (!a.ok) throw new Error(`${action}: ${a.error?.code}`);
  return a.data;
}
async function code(openid: string, action: string, payload: unknown, requestId?: string) {
  const a = await call(openid, action, payload, requestId);
  if (!a.ok) expect(a.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  return a.ok ? 'ok' : a.error!.code;
}
const timer = (name: string) => h.raw('', { Type: 'Timer', TriggerName: name, Time: new Date(h.now.value).toISOString() }, ledgerFunction);
const account = (hh: string) => h.store.all('ledger').find((d) => d._id === `${Q}:h:${hh}:acct`) as any;

beforeEach(async () => {
  h = await harness();
  // start from an empty 道德银行 (the demo seed fills one): numbers below are exact
  h.store.collections.delete('ledger');
  await ok(P.committee, 'openLedger', { villageId: Q });
  expect(await code(P.committee, 'openLedger', { villageId: Q })).toBe('ledger_already_open');
  // the committee makes 林大山 the shop keeper (account's assignRole, as the app would)
  await h.ok(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${SHOPKEEPER}`, role: 'shopkeeper' } as never);
});

/** a claim approved and posted after its 公示 window */
async function postedClaim(openid: string, payload: Record<string, unknown>) {
  const { claim } = await ok(openid, 'submitClaim', { villageId: Q, note: '帮助邻居', ...payload });
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
  h.now.value += 4 * DAY;
  expect((await timer('postDueClaims')).ok).toBe(true);
  return claim;
}

test('a grid worker claims for an elderly offline neighbour; review → 公示 → posts when the window ends', async () => {
  const { claim } = await ok(P.gridWorker, 'submitClaim', { villageId: Q, ruleId: 'r05', residentId: `${Q}:off:h01-1`, note: '王德福老人参加河道清理志愿服务' });
  expect(claim).toMatchObject({ status: 'pending', householdId: `${Q}:h:h01`, points: 5, onBehalfOfName: '王德福', claimantName: '张建军' });
  expect(h.store.all(AUDIT).find((a) => a.details && (a.details as any).claimId === claim.claimId)).toMatchObject({ onBehalfOf: `${Q}:off:h01-1` });

  const reviewed = await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: `${Q}:h:h01`, claimId: claim.claimId, decision: 'approve' });
  expect(reviewed.claim.status).toBe('public');
  const board = await ok(P.resident, 'listClaims', { villageId: Q });
  expect(board.items.map((c: any) => c.claimId)).toContain(claim.claimId);

  h.now.value += 2 * DAY;
  await timer('postDueClaims');
  expect(account('h01').balance).toBe(0); // still in 公示
  h.now.value += 2 * DAY;
  await timer('postDueClaims');
  expect(account('h01')).toMatchObject({ balance: 5, earned: 5 });
  expect(account('h01').legs).toMatchObject([{ id: `claim:${claim.claimId}`, amount: 5, ruleVersion: 1, balanceAfter: 5, counter: `${Q}:issuer` }]);
  // posting again changes nothing
  await timer('postDueClaims');
  expect(account('h01').legs).toHaveLength(1);
});

test('an objection sends a claim back for review; rejection gives the period usage back', async () => {
  const { claim } = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r03', note: '庭院整洁' });
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
  expect(await code(P.resident, 'objectClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, reason: '我自己的' })).toBe('cannot_object_own_claim');
  const objected = await ok(P.elder, 'objectClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, reason: '院子里还堆着柴火' });
  expect(objected.claim).toMatchObject({ status: 'pending', objections: [{ byName: '李桂兰' }] });
  h.now.value += 5 * DAY;
  await timer('postDueClaims');
  expect(account('h01').balance).toBe(0);
  // r03 allows one a month: the pending claim holds it …
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r03', note: '再次申报' })).toBe('over_period_limit');
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'reject', reason: '经核实未达标' });
  // … until it is rejected
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r03', note: '整改后再次申报' })).toBe('ok');
});

test('bad input: unknown rule, fractional or zero points, event rules, deductions by residents', async () => {
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r99', note: 'x' })).toBe('unknown_rule');
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r11', note: 'x' })).toBe('rule_disabled');
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  for (const points of [2.5, 0, -0.5, 1e6]) {
    expect(await code(P.committee, 'saveRule', { villageId: Q, baseVersion: cat.version, category: '志愿服务', name: '测试', points, period: 'month', limit: 1, source: 'claim', enabled: true })).toBe('invalid_input');
  }
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r09', note: '乱倒垃圾' })).toBe('deduction_committee_only');
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: `${Q}:goods:x`, qty: 1.5, price: 10 })).toBe('invalid_input');
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: `${Q}:goods:x`, qty: -1, price: 10 })).toBe('invalid_input');
});

test('a rule edit never changes points already posted or claimed', async () => {
  const first = await postedClaim(P.resident, { ruleId: 'r05' });
  const { claim: pending } = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r05', note: '第二次志愿服务' });
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveRule', { villageId: Q, ruleId: 'r05', baseVersion: cat.version, category: '志愿服务', name: '参加志愿服务（半天）', points: 8, period: 'month', limit: 4, source: 'claim', enabled: true });
  expect(await code(P.committee, 'saveRule', { villageId: Q, ruleId: 'r05', baseVersion: cat.version, category: '志愿服务', name: 'x', points: 9, period: 'month', limit: 4, source: 'claim', enabled: true })).toBe('catalogue_changed');
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: pending.householdId, claimId: pending.claimId, decision: 'approve' });
  h.now.value += 4 * DAY;
  await timer('postDueClaims');
  expect(account('h01').legs.map((l: any) => [l.source, l.amount, l.ruleVersion])).toEqual([
    [first.claimId, 5, 1],
    [pending.claimId, 5, 1],
  ]);
});

const goodsDoc = (id: string) => h.store.all('ledger').find((d) => d._id === id) as any;
const auditOf = (requestId: string) => h.store.all(AUDIT).find((a) => a.requestId === requestId) as any;
/** run `before` ahead of every store call of the next invocations (fault and race injection) */
function intercept(before: (method: string, args: any[]) => void | Promise<void>) {
  h.wrap(
    (s) =>
      new Proxy(s, {
        get(t, p) {
          const v = (t as any)[p];
          return typeof v === 'function'
            ? async (...args: any[]) => {
                await before(String(p), args);
                return v.apply(t, args);
              }
            : v;
        },
      }),
  );
}
const isDebit = (method: string, args: any[]) => method === 'updateWhere' && String(args[1]?._id).endsWith(':acct') && args[2]?.$inc?.spent > 0;

test('the shop: redeem holds the stock, then debits the account (3 round trips); 核销 once; cancel returns both', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  await postedClaim(P.resident, { ruleId: 'r05' });
  const rice = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '大米', unit: '袋', price: 8, addStock: 2 });
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 2, price: 8 })).toBe('insufficient_points');
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 1, price: 7 })).toBe('price_changed');
  const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 1, price: 8 });
  expect(r).toMatchObject({ balance: 2, redemption: { status: 'reserved', total: 8 } });
  expect(r.redemption.code).toMatch(/^\d{6}$/);
  expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'updateWhere', 'updateWhere']); // read, hold, debit
  expect(goodsDoc(rice.goodsId)).toMatchObject({ stock: 1, openHolds: 1, holds: { [r.redemption.redemptionId]: { qty: 1, total: 8 } } });

  expect(await code(P.resident, 'checkOff', { villageId: Q, code: r.redemption.code })).toBe('forbidden');
  expect((await ok(SHOPKEEPER, 'checkOff', { villageId: Q, code: r.redemption.code })).redemption.status).toBe('picked');
  expect(h.lastCalls.length).toBe(3);
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: r.redemption.code })).toBe('pickup_code_used');
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: '000000' === r.redemption.code ? '000001' : '000000' })).toBe('pickup_code_not_found');

  // cancelling a second one returns both
  const oil = await ok(P.committee, 'saveGoods', { villageId: Q, name: '食用油', unit: '桶', price: 2, addStock: 1 });
  const r2 = await ok(P.resident, 'redeem', { villageId: Q, goodsId: oil.goodsId, qty: 1, price: 2 });
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: oil.goodsId, qty: 1, price: 2 })).toBe('out_of_stock');
  const c = await ok(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r2.redemption.redemptionId });
  expect(h.lastCalls.map((x) => x.method)).toEqual(['aggregate', 'updateWhere', 'updateWhere']); // read, account, stock back
  expect(c).toMatchObject({ balance: 2, redemption: { status: 'cancelled' } });
  expect(goodsDoc(oil.goodsId)).toMatchObject({ stock: 1, openHolds: 0, holds: {} });
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: r2.redemption.code })).toBe('pickup_code_cancelled');
  expect(await code(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r2.redemption.redemptionId })).toBe('redemption_not_open');
  // the picked rice's hold is settled by the timer: dropped, the stock stays sold
  await timer('postDueClaims');
  expect(goodsDoc(rice.goodsId)).toMatchObject({ stock: 1, openHolds: 0, holds: {} });
});

test('the audit outbox: a redemption’s record waits on the account and the timer appends it as made; a replay writes nothing', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 2, addStock: 5 });
  const id = rid('redeem');
  const made = h.now.value;
  const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id);
  expect(auditOf(id)).toBeUndefined();
  expect(account('h01')).toMatchObject({ auditDueAt: made, pendingAudit: { [id]: { action: 'redeem', requestId: id } } });
  const before = h.snapshot();
  expect(await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id)).toEqual(r);
  expect(h.lastCalls.length).toBe(1);
  expect(h.snapshot()).toBe(before);
  h.now.value += 10 * 60_000;
  expect((await timer('postDueClaims') as any).data).toMatchObject({ audited: 1 });
  expect(auditOf(id)).toMatchObject({ action: 'redeem', at: made, targetId: `${Q}:h:h01:acct`, notify: [`${Q}#shopkeeper`] });
  expect(account('h01')).toMatchObject({ auditDueAt: null, pendingAudit: {} });
  // a replay after the timer finds the record there and adds nothing
  await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id);
  expect(h.store.all(AUDIT).filter((a) => a.requestId === id)).toHaveLength(1);
  // cancelling: record in the outbox too
  const cid = rid('cancel');
  await ok(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r.redemption.redemptionId }, cid);
  expect(auditOf(cid)).toBeUndefined();
  await timer('postDueClaims');
  expect(auditOf(cid)).toMatchObject({ action: 'cancelRedemption' });
});

test('ten concurrent redemptions of the last item: exactly one succeeds, the stock never below zero, no point lost', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  await postedClaim(P.elder, { ruleId: 'r04' });
  const cup = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '纪念杯', unit: '个', price: 1, addStock: 1 });
  const before = account('h01').balance + account('h02').balance;
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? P.elder : P.resident, 'redeem', { villageId: Q, goodsId: cup.goodsId, qty: 1, price: 1 })));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).every((a) => a.error!.code === 'out_of_stock' || a.error!.code === 'conflict')).toBe(true);
  expect(goodsDoc(cup.goodsId)).toMatchObject({ stock: 0, openHolds: 1 });
  expect(account('h01').balance + account('h02').balance).toBe(before - 1);
});

test('the debit loses a race the read could not see: the hold is given back (a 4th call, only then) and the retry answers afresh', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 4, addStock: 5 });
  // between the read and the debit, a deduction takes the household to 2 points
  let raced = false;
  intercept(async (method, args) => {
    if (!raced && isDebit(method, args)) {
      raced = true;
      await h.store.updateWhere('ledger', { _id: `${Q}:h:h01:acct` }, { $inc: { balance: -3 }, $push: { legs: { id: 'claim:x', amount: -3, balanceAfter: 2, kind: 'claim', counter: `${Q}:issuer` } } });
    }
  });
  const id = rid('redeem');
  expect((await call(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 4 }, id)).error?.code).toBe('conflict');
  expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'updateWhere', 'updateWhere', 'updateWhere']);
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 5, openHolds: 0, holds: {} });
  expect(account('h01')).toMatchObject({ balance: 2, spent: 0 });
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 4 }, id)).toBe('insufficient_points');
});

test('a crash between hold and debit: the retry finds the hold and debits once; never retried, the timer gives the stock back', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 2, addStock: 5 });
  let crash = true;
  intercept((method, args) => {
    if (crash && isDebit(method, args)) throw new Error('instance killed');
  });
  const id = rid('redeem');
  expect((await call(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id)).error?.code).toBe('internal');
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 4, openHolds: 1 });
  // other content under the same requestId is refused by the hold
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 2, price: 2 }, id)).toBe('exists_with_different_content');
  crash = false;
  const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id);
  expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'updateWhere', 'updateWhere']); // read, touch, debit
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 4, openHolds: 1 });
  expect(account('h01')).toMatchObject({ balance: 3, spent: 2 });
  expect(account('h01').legs.filter((l: any) => l.kind === 'redeem')).toHaveLength(1);
  // a reserved redemption keeps its hold through any number of ticks
  h.now.value += 3600_000;
  await timer('postDueClaims');
  expect(goodsDoc(soap.goodsId).holds[r.redemption.redemptionId]).toBeDefined();

  // a second crash, never retried: within the grace the hold stays, after it the stock comes back
  crash = true;
  await call(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 });
  crash = false;
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 3, openHolds: 2 });
  h.now.value += 5 * 60_000;
  await timer('postDueClaims');
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 3, openHolds: 2 });
  h.now.value += 6 * 60_000;
  expect((await timer('postDueClaims') as any).data).toMatchObject({ holdsReleased: 1 });
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 4, openHolds: 1 });
  expect(account('h01')).toMatchObject({ balance: 3, spent: 2 });
});

test('cancelling: a lost stock return is made by the retry or by the timer, once', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 1, addStock: 5 });
  const r1 = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 1 });
  const r2 = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 1 });
  expect(goodsDoc(soap.goodsId).stock).toBe(3);
  let crash = true;
  intercept((method, args) => {
    if (crash && method === 'updateWhere' && args[1]?._id === soap.goodsId) throw new Error('instance killed');
  });
  const id = rid('cancel');
  const cancel = (redemptionId: string, requestId?: string) => call(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId }, requestId);
  expect((await cancel(r1.redemption.redemptionId, id)).error?.code).toBe('internal');
  expect((await cancel(r2.redemption.redemptionId)).error?.code).toBe('internal');
  crash = false;
  expect(account('h01')).toMatchObject({ balance: 5, spent: 0 });
  expect(goodsDoc(soap.goodsId).stock).toBe(3);
  // the retry of the first returns its stock
  expect((await cancel(r1.redemption.redemptionId, id)).ok).toBe(true);
  expect(goodsDoc(soap.goodsId).stock).toBe(4);
  expect((await cancel(r1.redemption.redemptionId, id)).ok).toBe(true);
  expect(goodsDoc(soap.goodsId).stock).toBe(4);
  // the timer returns the second's
  await timer('postDueClaims');
  await timer('postDueClaims');
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 5, openHolds: 0 });
  expect(account('h01')).toMatchObject({ balance: 5, spent: 0 });
});

test('the same requestId: a retry is answered as before, other content is refused', async () => {
  const id = rid('claim');
  const a = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r05', note: '志愿服务' }, id);
  const before = h.snapshot();
  const b = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r05', note: '志愿服务' }, id);
  expect(b).toEqual(a);
  expect(h.snapshot()).toBe(before);
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r04', note: '别的' }, id)).toBe('exists_with_different_content');
  expect(h.snapshot()).toBe(before);
});

test('reversal corrects with an opposite entry, once, never below zero', async () => {
  const claim = await postedClaim(P.resident, { ruleId: 'r05' });
  const entryId = `claim:${claim.claimId}`;
  const r = await ok(P.committee, 'reverseEntry', { villageId: Q, householdId: `${Q}:h:h01`, entryId, reason: '重复申报' });
  expect(r).toMatchObject({ balance: 0, entry: { amount: -5, kind: 'reverse' } });
  expect(await code(P.committee, 'reverseEntry', { villageId: Q, householdId: `${Q}:h:h01`, entryId, reason: '再冲' })).toBe('entry_already_reversed');
  expect(account('h01').legs.map((l: any) => l.amount)).toEqual([5, -5]);
});

test('verified events post once per source key, only for rules the village switched on', async () => {
  const event = (key: string, at: number) => ({
    _id: `${Q}:t:${key}#evt-${key}`,
    villageId: Q,
    at,
    action: 'confirmTicket',
    actorId: `${Q}:u:${P.resident}`,
    actorName: '王小梅',
    onBehalfOf: null,
    targetId: `${Q}:t:${key}`,
    summary: '确认已解决',
    details: {},
    notify: [],
    event: { type: 'ticket_confirmed', residentId: `${Q}:u:${P.resident}`, householdId: `${Q}:h:h01`, sourceKey: `ticket_confirmed:${key}` },
    requestId: `evt-${key}`,
  });
  h.store.seed(AUDIT, [event('a', h.now.value - 1000)]);
  await timer('consumeEvents');
  expect(account('h01')).toBeUndefined(); // rule r11 is off
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveRule', { villageId: Q, ruleId: 'r11', baseVersion: cat.version, category: '参与治理', name: '反映的问题确认解决', points: 2, period: 'month', limit: 5, source: 'ticket_confirmed', enabled: true });
  h.store.seed(AUDIT, [event('b', h.now.value)]);
  h.now.value += 60_000;
  await timer('consumeEvents');
  await timer('consumeEvents');
  const sources = account('h01').legs.map((l: any) => l.source);
  // the grid job's demo seed confirms a ticket of this household too: a real event from another job
  expect(sources.filter((s: string) => s === 'ticket_confirmed:a' || s === 'ticket_confirmed:b').sort()).toEqual(['ticket_confirmed:a', 'ticket_confirmed:b']);
  expect(new Set(sources).size).toBe(sources.length);
  expect(account('h01').balance).toBe(2 * sources.length);

  // a record a retry appended hours after its moment (postedAt), far behind the watermark: still posted, once
  h.now.value += 6 * 3600_000;
  h.store.seed(AUDIT, [{ ...event('late', h.now.value - 7 * 3600_000), postedAt: h.now.value }]);
  h.now.value += 60_000;
  await timer('consumeEvents');
  await timer('consumeEvents');
  expect(account('h01').legs.filter((l: any) => l.source === 'ticket_confirmed:late')).toHaveLength(1);
});

test('year-end settlement by the village setting: expire moves every balance back, once', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveSettings', { villageId: Q, baseVersion: cat.version, publicNoticeDays: 3, yearEnd: 'expire' });
  h.now.value = Date.UTC(2026, 0, 1, 0, 0, 0); // 2026-01-01 08:00 Beijing
  await timer('settleYear');
  await timer('settleYear');
  expect(account('h01').balance).toBe(0);
  expect(account('h01').legs.filter((l: any) => l.kind === 'settle')).toMatchObject([{ amount: -5, id: 'settle:2025' }]);
  const report = await ok(P.committee, 'report', { villageId: Q });
  expect(report.accounts.issuer + report.accounts.shop + report.accounts.households).toBe(0);
});

test('红榜 hides a household that opted out; the report sums to zero', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  await postedClaim(P.elder, { ruleId: 'r04' });
  expect((await ok(P.resident, 'ranking', { villageId: Q })).rows.map((r: any) => [r.householdName, r.earned, r.mine])).toEqual([
    ['王德福户', 5, true],
    ['李桂兰户', 3, false],
  ]);
  await ok(P.resident, 'setRankingOptOut', { villageId: Q, optOut: true });
  expect((await ok(P.elder, 'ranking', { villageId: Q })).rows.map((r: any) => r.householdName)).toEqual(['李桂兰户']);
  const report = await ok(P.committee, 'report', { villageId: Q });
  expect(report).toMatchObject({ issued: 8, outstanding: 8, redeemed: 0 });
  expect(report.accounts.issuer + report.accounts.shop + report.accounts.households).toBe(0);
  expect(await code(P.resident, 'report', { villageId: Q })).toBe('forbidden');
});

test('isolation: 柳树村 sees and changes nothing of 青石村', async () => {
  for (const [action, payload] of [
    ['ledgerHome', { villageId: Q }],
    ['listClaims', { villageId: Q }],
    ['submitClaim', { villageId: Q, ruleId: 'r05', note: 'x' }],
    ['shop', { villageId: Q }],
  ] as const) {
    expect(await code(P.otherVillager, action, payload)).toBe('not_member');
  }
});

test('the committee claims (or deducts) for a household that already has an account', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const { claim } = await ok(P.committee, 'submitClaim', { villageId: Q, ruleId: 'r09', householdId: `${Q}:h:h01`, note: '门口乱堆杂物' });
  expect(claim).toMatchObject({ householdId: `${Q}:h:h01`, points: -3 });
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
  h.now.value += 4 * DAY;
  await timer('postDueClaims');
  expect(account('h01').balance).toBe(2);
});
