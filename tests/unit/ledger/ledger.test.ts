/**
 * The ledger's commands through the real router over the demo village in a memory store: the claim's two
 * phases and its usage slots, period limits, the shop (one transaction per money move: all or nothing),
 * reversals, events, settlement, the statement paged by index, documents that stay small, and each
 * action's store calls.
 */
import { ledgerFunction } from '../../../server/ledger/spec';
import type { Store, TxnOps } from '../../../server/kernel/store';
import { DEMO_OPENIDS as P } from '../../../demo/village';
import { AUDIT } from '../../../server/kernel/audit';
import { harness, overriding, rid, type Harness } from '../server/harness';
import { route } from '../../../server/kernel/router';

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
/** a household's entries, oldest first */
const entries = (hh: string) => (h.store.all('ledger') as any[]).filter((d) => d.kind === 'entry' && d.householdId === `${Q}:h:${hh}`).sort((a, b) => a.seq - b.seq);

/** `n` approved claims whose 公示 ended an hour ago (oldest first), spread over `households` households (h01 …) */
function publicClaims(n: number, households: number, tag: string) {
  const due = h.now.value - 3600_000;
  return Array.from({ length: n }, (_, i) => {
    const hh = `h${String(1 + (i % households)).padStart(2, '0')}`;
    const claimId = `r05-${tag}-${i}`;
    return {
      _id: `${Q}:h:${hh}:claim:${claimId}`, kind: 'claim', villageId: Q, householdId: `${Q}:h:${hh}`, householdName: `${hh}户`, gridId: `${Q}:g1`,
      claimId, ruleId: 'r05', ruleName: '参加志愿服务', category: '志愿服务', points: 5, ruleVersion: 1, period: 'month', periodKey: 'seed', slot: i,
      status: 'public', note: '志愿服务', photos: [], claimantId: `${Q}:u:${P.resident}`, claimantName: '王小梅', onBehalfOf: null, onBehalfOfName: null,
      createdAt: due - 4 * DAY, reviewedBy: `${Q}:u:${P.committee}`, publicUntil: due + i, reason: null, objections: [], postedAt: null,
    };
  });
}

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
  expect((await timer('ledgerClock')).ok).toBe(true);
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
  await timer('ledgerClock');
  expect(account('h01')).toBeUndefined(); // still in 公示: no posting, no account yet
  h.now.value += 2 * DAY;
  await timer('ledgerClock');
  expect(account('h01')).toMatchObject({ balance: 5, earned: 5 });
  expect(entries('h01')).toMatchObject([{ entryId: `claim:${claim.claimId}`, seq: 1, amount: 5, ruleVersion: 1, balanceAfter: 5, counter: `${Q}:issuer` }]);
  // posting again changes nothing
  await timer('ledgerClock');
  expect(entries('h01')).toHaveLength(1);
  expect(account('h01').entries).toBe(1);
});

test('a household\'s due claims post in one transaction: its account read once, each claim once; another household in its own', async () => {
  const claims: any[] = [];
  for (const [openid, note] of [[P.resident, '河道清理'], [P.resident, '敬老院帮厨'], [P.elder, '村口扫雪']] as const) {
    const { claim } = await ok(openid, 'submitClaim', { villageId: Q, ruleId: 'r05', note });
    await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
    claims.push(claim);
  }
  const [mine, other] = [claims[0].householdId, claims[2].householdId];
  expect(other).not.toBe(mine);
  // a claim the transaction reads as no longer public (objected since the find) is left alone; the rest of its household posts
  const objected = claims[1];
  let gets = 0;
  h.wrap((s: Store) =>
    overriding(s, {
      transaction: (run) =>
        s.transaction((t: TxnOps) =>
          run({
            get: async (c, id) => {
              gets += 1;
              const doc = await t.get(c, id);
              return id === `${mine}:claim:${objected.claimId}` ? { ...doc!, status: 'pending', publicUntil: null } : doc;
            },
            create: (c, d) => t.create(c, d),
            update: (c, id, u) => t.update(c, id, u),
          }),
        ),
    }),
  );
  h.now.value += 4 * DAY;
  expect(await timer('ledgerClock')).toMatchObject({ ok: true, data: { claims: { processed: 3, posted: 2, skipped: 0 } } });
  // the clock's one find, then h01: its account + two claims, the elder's household: its account + one claim
  expect(h.lastCalls.filter((c) => c.method === 'find' && c.collection === 'ledger')).toHaveLength(1);
  expect(gets).toBe(5);
  expect(h.lastCalls.filter((c) => c.method === 'transaction' && c.collection === 'start')).toHaveLength(2);
  h.wrap((s) => s);
  const hh = (id: string) => id.split(':h:')[1];
  expect(entries(hh(mine)).map((e: any) => [e.source, e.seq, e.balanceAfter])).toEqual([[claims[0].claimId, 1, 5]]);
  expect(account(hh(mine))).toMatchObject({ balance: 5, earned: 5, entries: 1 });
  expect(account(hh(other))).toMatchObject({ balance: 5, entries: 1, householdName: claims[2].householdName });
  const docIds = claims.map((c) => `${c.householdId}:claim:${c.claimId}`);
  const recorded = () => h.store.all(AUDIT).filter((a: any) => docIds.includes(a.targetId) && a.actorName === '系统（公示期满）').map((a: any) => a.targetId);
  expect(recorded().sort()).toEqual([docIds[0], docIds[2]].sort());
  // the claim that was not taken posts on the next tick, after the first in its household's statement
  expect(await timer('ledgerClock')).toMatchObject({ ok: true, data: { claims: { posted: 1 } } });
  expect(entries(hh(mine)).map((e: any) => [e.source, e.seq, e.balanceAfter])).toEqual([
    [claims[0].claimId, 1, 5],
    [objected.claimId, 2, 10],
  ]);
  expect(recorded()).toHaveLength(3);
  expect(await timer('ledgerClock')).toMatchObject({ ok: true, data: { claims: { processed: 0, posted: 0 } } });
});

test('one clock read: more claims due than a tick posts (50, then the rest), and events still post in the same tick', async () => {
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveRule', { villageId: Q, ruleId: 'r11', baseVersion: cat.version, category: '参与治理', name: '反映的问题确认解决', points: 2, period: 'month', limit: 5, source: 'ticket_confirmed', enabled: true });
  // 60 claims in 公示 that ended an hour ago, over 30 households (two each)
  const claims = publicClaims(60, 30, 'seed');
  h.store.seed('ledger', claims);
  h.store.seed(AUDIT, [{ _id: `${Q}:t:clock#evt-clock`, villageId: Q, at: h.now.value - 1000, action: 'confirmTicket', actorId: `${Q}:u:${P.resident}`, actorName: '王小梅', onBehalfOf: null, targetId: `${Q}:t:clock`, summary: '确认已解决', details: {}, notify: [], event: { type: 'ticket_confirmed', residentId: `${Q}:u:${P.resident}`, householdId: `${Q}:h:h01`, sourceKey: 'ticket_confirmed:clock' }, requestId: 'evt-clock' }]);
  const first = await timer('ledgerClock');
  // (the demo's own confirmed ticket posts as an event too)
  expect(first).toMatchObject({ ok: true, data: { claims: { processed: 50, posted: 50 }, events: { posted: 2 } } });
  // oldest 公示 first: the first 50 posted, the last 10 wait
  const posted = () => (h.store.all('ledger') as any[]).filter((d) => d.kind === 'claim' && d.claimId.startsWith('r05-seed-') && d.status === 'posted').map((d) => Number(d.claimId.split('-')[2]));
  expect(posted().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(await timer('ledgerClock')).toMatchObject({ ok: true, data: { claims: { processed: 10, posted: 10 } } });
  expect(posted()).toHaveLength(60);
  // every household: two entries, numbered, running balance; h01 also its event
  for (let n = 2; n <= 30; n += 1) {
    const hh = `h${String(n).padStart(2, '0')}`;
    expect(entries(hh).filter((e: any) => e.source.startsWith('r05-seed-')).map((e: any) => e.amount)).toEqual([5, 5]);
    expect(account(hh).balance).toBe(entries(hh).reduce((sum: number, e: any) => sum + e.amount, 0));
  }
  expect(entries('h01').filter((e: any) => e.source === 'ticket_confirmed:clock')).toHaveLength(1);
  expect(await timer('ledgerClock')).toMatchObject({ ok: true, data: { claims: { processed: 0 }, events: { posted: 0 } } });
});

test('a paced tick (kernel/pace.ts) posts the households its budget holds and leaves the rest for the next', async () => {
  // ten claims in 公示 that ended an hour ago, two for each of five households
  h.store.seed('ledger', publicClaims(10, 5, 'paced'));
  // a budget of 30 requests, refilled at once (the test does not wait): the clock's read, then 12 a household
  // of two claims (start, commit, the account read and written, each claim read, marked, recorded and entered)
  const tick = () =>
    route(ledgerFunction, { Type: 'Timer', TriggerName: 'ledgerClock', Time: new Date(h.now.value).toISOString() }, {
      openid: '', clock: () => h.now.value, store: h.store, openapi: h.openapi, log: () => undefined, timerPace: { perSecond: 1000, burst: 30, tickSeconds: 0 },
    }) as Promise<{ ok: boolean; data?: any }>;
  expect(await tick()).toMatchObject({ ok: true, data: { claims: { processed: 4, posted: 4 } } });
  expect(await tick()).toMatchObject({ ok: true, data: { claims: { processed: 4, posted: 4 } } });
  expect(await tick()).toMatchObject({ ok: true, data: { claims: { processed: 2, posted: 2 } } });
  for (let n = 1; n <= 5; n += 1) expect(account(`h0${n}`)).toMatchObject({ balance: 10, entries: 2 });
});

test('an objection sends a claim back for review; rejection gives the period usage back', async () => {
  const { claim } = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r03', note: '庭院整洁' });
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
  expect(await code(P.resident, 'objectClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, reason: '我自己的' })).toBe('cannot_object_own_claim');
  const objected = await ok(P.elder, 'objectClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, reason: '院子里还堆着柴火' });
  expect(objected.claim).toMatchObject({ status: 'pending', objections: [{ byName: '李桂兰' }] });
  h.now.value += 5 * DAY;
  await timer('ledgerClock');
  expect(account('h01')).toBeUndefined();
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
  await timer('ledgerClock');
  expect(entries('h01').map((l: any) => [l.source, l.amount, l.ruleVersion])).toEqual([
    [first.claimId, 5, 1],
    [pending.claimId, 5, 1],
  ]);
});

const goodsDoc = (id: string) => h.store.all('ledger').find((d) => d._id === id) as any;
const auditOf = (requestId: string) => h.store.all(AUDIT).filter((a) => a.requestId === requestId) as any[];
/** the next invocations' transactions fail at the operation `when` picks (an instance killed mid-transaction) */
function failInTransaction(when: (op: string, collection: string, arg: any) => boolean) {
  h.wrap((s: Store) =>
    overriding(s, {
      transaction: (run) =>
        s.transaction((t: TxnOps) => {
          const guard = (op: string, c: string, arg: any) => {
            if (when(op, c, arg)) throw new Error('instance killed');
          };
          return run({
            get: (c, id) => (guard('get', c, id), t.get(c, id)),
            create: (c, d) => (guard('create', c, d), t.create(c, d)),
            update: (c, id, u) => (guard('update', c, id), t.update(c, id, u)),
          });
        }),
    }),
  );
}
const methods = () => h.lastCalls.map((c) => (c.method === 'transaction' ? `t:${c.collection}` : c.method));

test('the shop: a redemption is one transaction (8 round trips); 核销 once; cancelling returns points and stock together', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  await postedClaim(P.resident, { ruleId: 'r05' });
  const rice = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '大米', unit: '袋', price: 8, addStock: 2 });
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 2, price: 8 })).toBe('insufficient_points');
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 1, price: 7 })).toBe('price_changed');
  const redeemId = rid('redeem');
  const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: rice.goodsId, qty: 1, price: 8 }, redeemId);
  expect(r).toMatchObject({ balance: 2, redemption: { status: 'reserved', total: 8 } });
  expect(r.redemption.code).toMatch(/^\d{6}$/);
  // start, the goods, the one read, stock, account, the redemption's entry, its audit record, commit
  expect(methods()).toEqual(['t:start', 't:ledger', 'aggregate', 't:ledger', 't:ledger', 't:ledger', 't:audit', 't:commit']);
  expect(goodsDoc(rice.goodsId)).toMatchObject({ stock: 1 });
  expect(entries('h01').at(-1)).toMatchObject({ entryId: `redeem:${r.redemption.redemptionId}`, seq: 3, amount: -8, balanceAfter: 2, pickup: { status: 'reserved', code: r.redemption.code } });
  expect(auditOf(redeemId)).toMatchObject([{ action: 'redeem', notify: [`${Q}#shopkeeper`] }]);

  expect(await code(P.resident, 'checkOff', { villageId: Q, code: r.redemption.code })).toBe('forbidden');
  expect((await ok(SHOPKEEPER, 'checkOff', { villageId: Q, code: r.redemption.code })).redemption.status).toBe('picked');
  expect(h.lastCalls.length).toBe(3);
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: r.redemption.code })).toBe('pickup_code_used');
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: '000000' === r.redemption.code ? '000001' : '000000' })).toBe('pickup_code_not_found');
  expect(await code(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r.redemption.redemptionId })).toBe('redemption_not_open');
  expect(goodsDoc(rice.goodsId)).toMatchObject({ stock: 1 });

  const oil = await ok(P.committee, 'saveGoods', { villageId: Q, name: '食用油', unit: '桶', price: 2, addStock: 1 });
  const r2 = await ok(P.resident, 'redeem', { villageId: Q, goodsId: oil.goodsId, qty: 1, price: 2 });
  expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: oil.goodsId, qty: 1, price: 2 })).toBe('out_of_stock');
  const c = await ok(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r2.redemption.redemptionId });
  // start, the redemption marked, the one read, stock, account, the refund entry, its audit record, commit
  expect(methods()).toEqual(['t:start', 't:ledger', 'aggregate', 't:ledger', 't:ledger', 't:ledger', 't:audit', 't:commit']);
  expect(c).toMatchObject({ balance: 2, redemption: { status: 'cancelled' } });
  expect(goodsDoc(oil.goodsId)).toMatchObject({ stock: 1 });
  expect(entries('h01').slice(-2).map((e: any) => [e.entryKind, e.amount, e.balanceAfter])).toEqual([
    ['redeem', -2, 0],
    ['cancel', 2, 2],
  ]);
  expect(await code(SHOPKEEPER, 'checkOff', { villageId: Q, code: r2.redemption.code })).toBe('pickup_code_cancelled');
  expect(await code(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r2.redemption.redemptionId })).toBe('redemption_not_open');
  expect(goodsDoc(oil.goodsId)).toMatchObject({ stock: 1 });
  // the keeper's list: waiting pickups without their codes
  const r3 = await ok(P.resident, 'redeem', { villageId: Q, goodsId: oil.goodsId, qty: 1, price: 2 });
  const shop = await ok(SHOPKEEPER, 'shop', { villageId: Q });
  expect(shop.openPickups.map((x: any) => x.redemptionId)).toEqual([r3.redemption.redemptionId]);
  expect(shop.openPickups[0].code).toBeUndefined();
  expect(h.lastCalls.length).toBe(1);
});

test('a crash at any operation of a redemption or a cancellation leaves nothing half written; the retry does it once', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 2, addStock: 5 });
  for (const [op, c] of [['update', 'goods'], ['update', 'acct'], ['create', 'ledger'], ['create', 'audit']] as const) {
    const before = h.snapshot();
    const id = rid('redeem');
    failInTransaction((o, coll, arg) => o === op && (c === 'goods' ? String(arg).includes(':goods:') : c === 'acct' ? String(arg).endsWith(':acct') : coll === c));
    expect((await call(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id)).error?.code).toBe('internal');
    expect(h.snapshot()).toBe(before);
    h.wrap((s) => s);
    const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id);
    // a retry of the retry: answered from the account's marker, nothing written
    const after = h.snapshot();
    expect(await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 }, id)).toEqual(r);
    expect(h.snapshot()).toBe(after);
    expect(auditOf(id)).toHaveLength(1);
    // other content under the same requestId is refused
    expect(await code(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 2, price: 2 }, id)).toBe('exists_with_different_content');

    const cid = rid('cancel');
    const cancel = () => call(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r.redemption.redemptionId }, cid);
    const beforeCancel = h.snapshot();
    failInTransaction((o, coll, arg) => o === op && (c === 'goods' ? String(arg).includes(':goods:') : c === 'acct' ? String(arg).endsWith(':acct') : coll === c));
    expect((await cancel()).error?.code).toBe('internal');
    expect(h.snapshot()).toBe(beforeCancel);
    h.wrap((s) => s);
    expect((await cancel()).ok).toBe(true);
    const afterCancel = h.snapshot();
    expect((await cancel()).ok).toBe(true);
    expect(h.snapshot()).toBe(afterCancel);
  }
  expect(account('h01')).toMatchObject({ balance: 5, spent: 0 });
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 5 });
  expect(entries('h01').reduce((s: number, e: any) => s + e.amount, 0)).toBe(5);
});

test('a transaction that runs again (a write conflict on CloudBase) changes nothing twice', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const soap = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '洗衣粉', unit: '袋', price: 2, addStock: 5 });
  h.store.rerunTransactions = true;
  const r = await ok(P.resident, 'redeem', { villageId: Q, goodsId: soap.goodsId, qty: 1, price: 2 });
  await ok(P.resident, 'cancelRedemption', { villageId: Q, householdId: `${Q}:h:h01`, redemptionId: r.redemption.redemptionId });
  await ok(P.committee, 'reverseEntry', { villageId: Q, householdId: `${Q}:h:h01`, entryId: entries('h01')[0].entryId, reason: '重复申报' });
  h.store.rerunTransactions = false;
  expect(account('h01')).toMatchObject({ balance: 0, spent: 0, entries: 4 });
  expect(entries('h01').map((e: any) => [e.seq, e.entryKind, e.balanceAfter])).toEqual([
    [1, 'claim', 5],
    [2, 'redeem', 3],
    [3, 'cancel', 5],
    [4, 'reverse', 0],
  ]);
  expect(goodsDoc(soap.goodsId)).toMatchObject({ stock: 5 });
});

test('ten concurrent redemptions of the last item: exactly one succeeds, the stock never below zero, no point lost', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  await postedClaim(P.elder, { ruleId: 'r04' });
  const cup = await ok(SHOPKEEPER, 'saveGoods', { villageId: Q, name: '纪念杯', unit: '个', price: 1, addStock: 1 });
  const before = account('h01').balance + account('h02').balance;
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? P.elder : P.resident, 'redeem', { villageId: Q, goodsId: cup.goodsId, qty: 1, price: 1 })));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).every((a) => a.error!.code === 'out_of_stock' || a.error!.code === 'conflict')).toBe(true);
  expect(goodsDoc(cup.goodsId)).toMatchObject({ stock: 0 });
  expect(account('h01').balance + account('h02').balance).toBe(before - 1);
});

test('usage slots: two claims cannot both take the last one; a rejected claim frees its count', async () => {
  // r02 allows one a year
  const a = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r02', note: '评为好媳妇' });
  expect(a.claim.claimId).toMatch(/^r02-\d{4}-1$/);
  expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'create', 'create']); // read, the claim, its audit record
  expect(await code(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r02', note: '再来一次' })).toBe('over_period_limit');
  await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: a.claim.householdId, claimId: a.claim.claimId, decision: 'reject', reason: '材料不全' });
  expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'updateWhere', 'create']);
  const b = await ok(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r02', note: '补齐材料再申报' });
  expect(b.claim.claimId).toMatch(/^r02-\d{4}-2$/);
  // two at once for the last slot: one insert wins, the other hears `conflict` (its retry then finds the limit)
  await ok(P.committee, 'voidClaim', { villageId: Q, householdId: b.claim.householdId, claimId: b.claim.claimId, reason: '重复' });
  const both = await Promise.all([
    call(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r02', note: '第一份' }),
    call(P.resident, 'submitClaim', { villageId: Q, ruleId: 'r02', note: '第二份' }),
  ]);
  expect(both.filter((x) => x.ok)).toHaveLength(1);
  expect(both.find((x) => !x.ok)!.error!.code).toMatch(/^(conflict|over_period_limit)$/);
  const counted = (h.store.all('ledger') as any[]).filter((d) => d.kind === 'claim' && d.ruleId === 'r02' && ['pending', 'public', 'posted'].includes(d.status));
  expect(counted).toHaveLength(1);
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
  // start, the original entry, the one read, account, the reversing entry, its audit record, commit
  expect(methods()).toEqual(['t:start', 't:ledger', 'aggregate', 't:ledger', 't:ledger', 't:audit', 't:commit']);
  expect(await code(P.committee, 'reverseEntry', { villageId: Q, householdId: `${Q}:h:h01`, entryId, reason: '再冲' })).toBe('entry_already_reversed');
  expect(entries('h01').map((l: any) => l.amount)).toEqual([5, -5]);
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
  await timer('ledgerClock');
  expect(account('h01')).toBeUndefined(); // rule r11 is off
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveRule', { villageId: Q, ruleId: 'r11', baseVersion: cat.version, category: '参与治理', name: '反映的问题确认解决', points: 2, period: 'month', limit: 5, source: 'ticket_confirmed', enabled: true });
  h.store.seed(AUDIT, [event('b', h.now.value)]);
  h.now.value += 60_000;
  await timer('ledgerClock');
  await timer('ledgerClock');
  const sources = entries('h01').map((l: any) => l.source);
  // the grid job's demo seed confirms a ticket of this household too: a real event from another job
  expect(sources.filter((s: string) => s === 'ticket_confirmed:a' || s === 'ticket_confirmed:b').sort()).toEqual(['ticket_confirmed:a', 'ticket_confirmed:b']);
  expect(new Set(sources).size).toBe(sources.length);
  expect(account('h01').balance).toBe(2 * sources.length);

  // a record a retry appended hours after its moment (postedAt), far behind the watermark: still posted, once
  h.now.value += 6 * 3600_000;
  h.store.seed(AUDIT, [{ ...event('late', h.now.value - 7 * 3600_000), postedAt: h.now.value }]);
  h.now.value += 60_000;
  await timer('ledgerClock');
  await timer('ledgerClock');
  expect(entries('h01').filter((l: any) => l.source === 'ticket_confirmed:late')).toHaveLength(1);
});

test('year-end settlement by the village setting: expire moves every balance back, once', async () => {
  await postedClaim(P.resident, { ruleId: 'r05' });
  const cat = (await ok(P.committee, 'ledgerHome', { villageId: Q })).catalogue;
  await ok(P.committee, 'saveSettings', { villageId: Q, baseVersion: cat.version, publicNoticeDays: 3, yearEnd: 'expire' });
  h.now.value = Date.UTC(2026, 0, 1, 0, 0, 0); // 2026-01-01 08:00 Beijing
  await timer('settleYear');
  await timer('settleYear');
  expect(account('h01').balance).toBe(0);
  expect(entries('h01').filter((l: any) => l.entryKind === 'settle')).toMatchObject([{ amount: -5, entryId: 'settle:2025' }]);
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
  await timer('ledgerClock');
  expect(account('h01').balance).toBe(2);
});

test('the statement is paged by index, newest first, with the running balance; the account stays small however long it lives', async () => {
  // three years of a busy household: 36 months × 4 volunteer claims, each posted after 公示
  for (let month = 0; month < 36; month += 1) {
    for (let i = 0; i < 4; i += 1) {
      const { claim } = await ok(P.resident, 'submitClaim', { villageId: Q, note: `志愿服务 ${month}-${i}`, ruleId: 'r05' });
      await ok(P.committee, 'reviewClaim', { villageId: Q, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
    }
    h.now.value += 31 * DAY;
    await timer('ledgerClock');
  }
  expect(account('h01')).toMatchObject({ balance: 720, entries: 144 });
  // the account holds no history: its size does not grow with it
  expect(JSON.stringify(account('h01')).length).toBeLessThan(2_000);
  const seen: any[] = [];
  let cursor: string | undefined;
  do {
    const home = await ok(P.resident, 'ledgerHome', { villageId: Q, pageSize: 50, ...(cursor ? { cursor } : {}) });
    expect(h.lastCalls.length).toBe(1);
    expect(home.statement.total).toBe(144);
    seen.push(...home.statement.items);
    cursor = home.statement.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toHaveLength(144);
  expect(seen[0].balanceAfter).toBe(720);
  expect(seen.map((e) => e.balanceAfter)).toEqual(Array.from({ length: 144 }, (_, i) => 720 - 5 * i));
  expect(new Set(seen.map((e) => e.entryId)).size).toBe(144);
  expect(await code(P.resident, 'ledgerHome', { villageId: Q, cursor: 'abc' })).toBe('invalid_input');
});

test('markers on an account (read through a $lookup) go past the idempotency window with the next write', async () => {
  await ok(P.resident, 'setRankingOptOut', { villageId: Q, optOut: true });
  await ok(P.resident, 'setRankingOptOut', { villageId: Q, optOut: false });
  expect(Object.keys(account('h01').reqs)).toHaveLength(2);
  h.now.value += 8 * DAY;
  await ok(P.resident, 'setRankingOptOut', { villageId: Q, optOut: true });
  // the creation marker stays (a late retry of the create is answered), the week-old one is gone
  expect(Object.values(account('h01').reqs).map((m: any) => !!m.created).sort()).toEqual([false, true]);
});
