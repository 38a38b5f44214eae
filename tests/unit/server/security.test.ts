/**
 * Issue 16 (an outside probe's findings), the server's half: each test here failed on 2e2c130.
 */
import { appendAudit, AUDIT, auditRecord } from '../../../server/kernel/audit';
import { makeContext } from '../../../server/kernel/context';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { measure } from '../../../server/kernel/bounds';
import { defineAction, returns } from '../../../server/kernel/action';
import { KERNEL_ERRORS as ERRORS } from '../../../server/kernel/errors';
import { MAX_PAYLOAD_DEPTH, REQUEST_ID, route, type FunctionSpec } from '../../../server/kernel/router';
import { z } from 'zod';
import { keyOf } from '../../../server/deliberation/model';
import { codeOf, DAY, delibHarness, HOUR, nonce, P, Q } from '../deliberation/harness';
import { gridFunction } from '../../../server/grid/spec';
import { ledgerFunction } from '../../../server/ledger/spec';
import { fileOf, harness, rid } from './harness';
import { fileIdSchema } from '../../../server/kernel/file-id';
import { uploadPrefix } from '../../../server/kernel/files';
import { patrolFunction } from '../../../server/patrol/spec';
import { accountFunction } from '../../../server/account/spec';
import { deliberationFunction } from '../../../server/deliberation/spec';
import { DEMO_GROUP_OPENGID } from '../../../demo/village';

describe('1: a deep or big payload is refused before anything recursive touches it', () => {
  const seen: unknown[] = [];
  const spec: FunctionSpec = {
    name: 'demo',
    actions: { echo: defineAction({ input: z.object({ a: z.unknown() }), output: returns<number>(), who: 'anyone', run: async (_ctx, input) => seen.push(input) }) },
    errors: {},
  };
  const platform = () => ({ openid: 'o-user', clock: () => 1_700_000_000_000, store: new MemoryStore(), openapi: createFakeOpenApi(), log: () => undefined });
  const nested = (depth: number, leaf: unknown = 1): unknown => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };
  const call = (payload: unknown) => route(spec, { action: 'echo', payload, requestId: 'req-00000001' }, platform());

  it.each([
    ['a 100,000-deep array', { a: nested(100_000) }],
    ['a 5,000-deep object (≈ 40 KB)', nested(5_000)],
    ['one level too many', { a: nested(MAX_PAYLOAD_DEPTH) }],
  ])('%s: payload_too_deep, the action never runs', async (_label, payload) => {
    seen.length = 0;
    expect(await call(payload)).toEqual({ ok: false, error: { code: 'payload_too_deep', message: ERRORS.payload_too_deep } });
    expect(seen).toEqual([]);
  });

  it('the deepest allowed payload still runs; a wide one is too large', async () => {
    expect(await call({ a: nested(MAX_PAYLOAD_DEPTH - 1) })).toMatchObject({ ok: true });
    expect(await call({ a: Array.from({ length: 40_000 }, () => 0) })).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(await call({ a: 'é'.repeat(20_000) })).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('measures without recursion and stops at the first bound passed', () => {
    expect(measure(nested(1_000_000), 20, 1e9)).toBe('too_deep');
    expect(measure([[1]], 2, 100)).toBe('ok');
    expect(measure([[[1]]], 2, 100)).toBe('too_deep');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(measure(cyclic, 1e9, 10_000)).toBe('too_large');
  });
});

describe('3, 4: audit records are never dropped because their id exists', () => {
  it('a client cannot use the system namespace for its requestId', () => {
    expect(REQUEST_ID.test('sys:timer:pollClock:2025-05-02T02_00_00_000Z')).toBe(false);
    expect(REQUEST_ID.test('timer-looking-but-fine')).toBe(true);
  });

  it('a resident who takes the next tick\'s old-style id does not swallow the poll reminder', async () => {
    const h = await delibHarness();
    await h.dOk(P.committee, 'updateSettings', { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: 'tmpl-remind' });
    const topicId = await h.openPoll({ rollType: 'households', closesAt: h.now.value + 2 * DAY });
    const tickAt = h.now.value + DAY + HOUR;
    const tickTime = new Date(tickAt).toISOString();
    // the id the timer used to take for that tick (timer:<Trigger>:<Time>, dots made _)
    const stolen = `timer:pollClock:${tickTime}`.replace(/[^A-Za-z0-9_:-]/g, '_');
    expect(codeOf(await h.d(P.resident, 'subscribeReminder', { topicId, unitId: keyOf(`${Q}:h:h01`), templateId: 'tmpl-remind' }, stolen))).toBe('ok');
    // and the system's own namespace is refused outright
    expect(codeOf(await h.d(P.resident, 'subscribeReminder', { topicId, unitId: keyOf(`${Q}:h:h01`), templateId: 'tmpl-remind' }, `sys:${stolen}`))).toBe('invalid_envelope');
    h.now.value = tickAt;
    expect(await h.tick()).toMatchObject({ ok: true, data: { reminded: [topicId] } });
    const reminder = h.auditFor(topicId).find((a) => a.action === 'pollClock' && String(a.summary).includes('未投票'));
    expect(reminder).toBeDefined();
    expect(reminder!.notify).toContain(`${Q}:g1#grid_worker`);
  });

  it('a poll shorter than the reminder lead time: its opening and its reminder at one tick are two records', async () => {
    const h = await delibHarness();
    await h.dOk(P.committee, 'updateSettings', { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: 'tmpl-remind' });
    const opensAt = h.now.value + HOUR;
    const topicId = await h.openPoll({ rollType: 'households', opensAt, closesAt: opensAt + 2 * HOUR });
    h.now.value = opensAt;
    // the same minute's tick run twice (a platform retry): whatever it does on each run, nothing is lost
    await h.tick();
    await h.tick();
    const records = h.auditFor(topicId).filter((a) => a.action === 'pollClock');
    expect(records.map((r) => String(r.summary))).toEqual([expect.stringContaining('开始'), expect.stringContaining('未投票')]);
    expect(new Set(records.map((r) => r._id)).size).toBe(2);
  });

  it('an id taken by other content is logged and the record kept under an id of its own', async () => {
    const store = new MemoryStore();
    const logged: string[] = [];
    const ctx = (requestId: string, system = false) =>
      makeContext({ action: 'demo', requestId, payload: {}, openid: system ? '' : 'o-1', system, now: 1000, store, openapi: createFakeOpenApi(), log: (m) => logged.push(m) });
    const draft = { villageId: 'v1', actorId: 'v1:u:o-1', actorName: '甲', targetId: 'v1:t:1', summary: '一' };
    await appendAudit(ctx('req-00000001'), draft);
    await appendAudit(ctx('req-00000001'), { ...draft, summary: '一（重试时措辞变了）' }); // a retry: nothing new, nothing logged
    expect(store.all(AUDIT)).toHaveLength(1);
    expect(logged).toEqual([]);
    // two system records on one target in one tick: two ids, no collision at all
    const sys = { ...draft, actorId: 'system', actorName: '系统' };
    await appendAudit(ctx('sys:timer:t:1', true), { ...sys, summary: '开始' });
    await appendAudit(ctx('sys:timer:t:1', true), { ...sys, summary: '提醒' });
    await appendAudit(ctx('sys:timer:t:1', true), { ...sys, summary: '提醒' }); // the tick run again
    expect(store.all(AUDIT).filter((r) => r.actorId === 'system')).toHaveLength(2);
    expect(logged).toEqual([]);
    // a system record whose id is somehow taken by another actor's record: logged, kept aside, not dropped
    const record = auditRecord(ctx('sys:timer:t:2', true), { ...sys, summary: '截止提醒' });
    await store.create(AUDIT, { ...record, actorId: 'v1:u:o-9', action: 'subscribeReminder', summary: '别人的' });
    await appendAudit(ctx('sys:timer:t:2', true), { ...sys, summary: '截止提醒' });
    expect(store.all(AUDIT).map((r) => r.summary)).toEqual(expect.arrayContaining(['别人的', '截止提醒']));
    expect(logged).toHaveLength(1);
  });
});

describe('6: a grid worker acts only for an offline resident, or with the resident\'s consent recorded', () => {
  it('redeem and submitClaim for a resident who uses WeChat need their consent; an offline resident needs none', async () => {
    const h = await harness();
    const L = (openid: string, action: string, payload: Record<string, unknown>) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId: rid(action) }, ledgerFunction);
    const shop = (await L(P.resident, 'shop', {})) as { ok: true; data: { goods: { goodsId: string; price: number; stock: number }[] } };
    const goods = shop.data.goods.find((g) => g.stock > 0)!;
    const resident = `${Q}:u:${P.resident}`;
    const before = h.snapshot();
    expect(codeOf(await L(P.gridWorker, 'redeem', { goodsId: goods.goodsId, price: goods.price, residentId: resident }))).toBe('consent_required');
    expect(codeOf(await L(P.gridWorker, 'submitClaim', { ruleId: 'r05', residentId: resident, note: '帮邻居修篱笆' }))).toBe('consent_required');
    expect(h.snapshot()).toBe(before);

    const done = await L(P.gridWorker, 'redeem', { goodsId: goods.goodsId, price: goods.price, residentId: resident, consent: 'phone' });
    expect(codeOf(done)).toBe('ok');
    await h.raw('', { Type: 'Timer', TriggerName: 'ledgerClock', Time: new Date(h.now.value).toISOString() }, ledgerFunction);
    const record = h.store.all(AUDIT).find((a) => a.action === 'redeem' && a.onBehalfOf === resident)!;
    expect(record).toMatchObject({ details: { consent: 'phone' }, summary: expect.stringContaining('电话同意') });

    // an offline resident (no WeChat) is the case 代办 is for
    expect(codeOf(await L(P.gridWorker, 'submitClaim', { ruleId: 'r05', residentId: `${Q}:off:h01-1`, note: '王德福老人参加河道清理' }))).toBe('ok');
  });
});

describe('8: ids of another village (or another kind) are not stored', () => {
  it('recordOutcome and updateFollowUp refuse a ticket of the other village, and a non-ticket id', async () => {
    const h = await delibHarness();
    const topicId = await h.openPoll({ rollType: 'households', quorum: { kind: 'none' } });
    await h.dOk(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h01`), choices: ['yes'], nonce: nonce() });
    await h.closeAndCount(topicId);
    const before = JSON.stringify(h.topic(topicId));
    expect(codeOf(await h.d(P.committee, 'recordOutcome', { topicId, decision: '修桥', actions: [{ text: '通知住户', ticketId: 'liushu:t:0123456789abcdef0123' }] }))).toBe('village_mismatch');
    expect(codeOf(await h.d(P.committee, 'recordOutcome', { topicId, decision: '修桥', actions: [{ text: '通知住户', ticketId: `${Q}:h:h01` }] }))).toBe('not_found');
    expect(JSON.stringify(h.topic(topicId))).toBe(before);
    await h.dOk(P.committee, 'recordOutcome', { topicId, decision: '修桥', actions: [{ text: '通知住户', ticketId: `${Q}:t:0123456789abcdef0123` }] });
    expect(codeOf(await h.d(P.committee, 'updateFollowUp', { topicId, actionId: 'a1', ticketId: 'liushu:t:0123456789abcdef0123' }))).toBe('village_mismatch');
    expect(h.topic(topicId).outcome!.actions[0].ticketId).toBe(`${Q}:t:0123456789abcdef0123`);
  });

  it('submitReport takes a lead as its source only from the patrol function, and only a lead of its village', async () => {
    const h = await harness();
    const report = (leadId: string, source?: string) =>
      route(gridFunction, { action: 'submitReport', payload: { villageId: Q, categoryId: 'road', text: '路灯坏了', source: { kind: 'patrol_lead', leadId } }, requestId: rid('report') }, {
        openid: P.gridWorker,
        source,
        clock: () => h.now.value,
        store: h.store,
        openapi: h.openapi,
        log: () => undefined,
      });
    const before = h.snapshot();
    expect(codeOf(await report(`${Q}:m:abc123`))).toBe('forbidden'); // a client claiming a lead
    expect(codeOf(await report(`${Q}:m:abc123`, 'wx_client'))).toBe('forbidden');
    expect(codeOf(await report('liushu:m:abc123', 'wx_client,scf'))).toBe('village_mismatch');
    expect(codeOf(await report(`${Q}:t:abc123`, 'wx_client,scf'))).toBe('not_found');
    expect(h.snapshot()).toBe(before);
    expect(codeOf(await report(`${Q}:m:abc123`, 'wx_client,scf'))).toBe('ok');
  });
});

describe('13: the shop keeper does not see the pickup codes', () => {
  it('the keeper\'s list says what waits, not the codes; the typed code checks one off and shows that one', async () => {
    const h = await harness();
    const L = (openid: string, action: string, payload: Record<string, unknown>) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId: rid(action) }, ledgerFunction) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const goods = (await L(P.resident, 'shop', {})).data.goods.find((g: { stock: number }) => g.stock > 0);
    const r = (await L(P.resident, 'redeem', { goodsId: goods.goodsId, price: goods.price })).data.redemption;
    const keeperShop = await L(P.committee, 'shop', {});
    expect(keeperShop.data.openPickups.map((p: { redemptionId: string }) => p.redemptionId)).toContain(r.redemptionId);
    expect(JSON.stringify(keeperShop.data)).not.toContain(r.code);
    const checked = await L(P.committee, 'checkOff', { code: r.code });
    expect(checked.data.redemption).toMatchObject({ redemptionId: r.redemptionId, status: 'picked', goodsName: goods.name });
  });
});

describe('5: a share card\'s group is what WeChat says its CloudID is, never what the client wrote', () => {
  it('joinByGroupCard and bindGroup refuse plain data, and data beside a made-up CloudID', async () => {
    const h = await harness();
    const before = h.snapshot();
    const gid = DEMO_GROUP_OPENGID;
    expect(codeOf(await h.call('o-probe-0001', 'joinByGroupCard', { group: { data: { openGId: gid } } as never, name: '外人' }))).toBe('invalid_input');
    expect(codeOf(await h.call('o-probe-0001', 'joinByGroupCard', { group: { cloudID: 'made-up', data: { openGId: gid } } as never, name: '外人' }))).toBe('group_card_invalid');
    expect(codeOf(await h.call(P.committee, 'bindGroup', { villageId: Q, group: { cloudID: 'made-up', data: { openGId: 'G-made-up' } } as never }))).toBe('group_card_invalid');
    // CloudBase's own `{ cloudID, data }` is fine: only the CloudID counts
    expect(codeOf(await h.call(P.committee, 'bindGroup', { villageId: Q, group: { cloudID: 'dev-opengid:G-real', data: { openGId: 'G-other' } } as never }))).toBe('ok');
    expect(h.store.all('register').find((d) => d.kind === 'group' && d.villageId === Q && d.openGId === 'G-real')).toBeDefined();
    expect(h.store.all('register').find((d) => d.openGId === 'G-other' || d.openGId === 'G-made-up')).toBeUndefined();
    expect(codeOf(await h.call('o-probe-0002', 'joinByGroupCard', { group: { cloudID: `dev-opengid:${gid}` }, name: '群里的人' }))).toBe('ok');
    expect(before).not.toBe(h.snapshot());
  });
});

describe('11: a photo or voice note is a file the caller uploaded to this environment', () => {
  const actionsWithFiles = () => {
    const found: string[] = [];
    const walk = (s: unknown, name: string, seen = new Set<unknown>()): void => {
      if (!s || typeof s !== 'object' || seen.has(s)) return;
      seen.add(s);
      if (s === fileIdSchema) found.push(name);
      const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return;
      for (const v of Object.values(def)) {
        if (Array.isArray(v)) v.forEach((x) => walk(x, name, seen));
        else if (v && typeof v === 'object' && !('_zod' in v)) Object.values(v).forEach((x) => walk(x, name, seen));
        else walk(v, name, seen);
      }
    };
    const fns = [gridFunction, ledgerFunction, patrolFunction({ grid: {} as never }), accountFunction, deliberationFunction];
    for (const f of fns) for (const [n, a] of Object.entries(f.actions)) walk(a.input, `${f.name}.${n}`);
    return [...new Set(found)].sort();
  };

  it('the actions that take a fileID are exactly the ones checked below', () => {
    expect(actionsWithFiles()).toEqual(['grid.resolveTicket', 'grid.submitReport', 'ledger.saveGoods', 'ledger.submitClaim', 'patrol.createPost']);
  });

  it('refuses a URL, another environment\'s file and someone else\'s upload; takes the caller\'s own', async () => {
    const h = await harness();
    const call = (spec: FunctionSpec, openid: string, action: string, payload: Record<string, unknown>) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId: rid(action) }, spec);
    const patrol = patrolFunction({ grid: {} as never });
    const mine = fileOf(Q, P.resident, 'photo/2025-05/a.jpg');
    const theirs = fileOf(Q, P.elder, 'photo/2025-05/a.jpg');
    const otherEnv = mine.replace('cloud://cunqun-local.', 'cloud://prod-env.');
    const before = h.snapshot();
    expect(codeOf(await call(patrol, P.resident, 'createPost', { text: '看图', photos: [{ fileId: 'https://tracker.example/p.jpg' }] }))).toBe('invalid_input');
    for (const bad of [theirs, otherEnv, fileOf('liushu', P.resident, 'photo/a.jpg'), mine.replace('photo/', '../photo/')]) {
      expect(codeOf(await call(patrol, P.resident, 'createPost', { text: '看图', photos: [{ fileId: bad }] }))).toBe('file_not_allowed');
      expect(codeOf(await call(patrol, P.resident, 'createPost', { text: '听', voice: { fileId: bad.replace('.jpg', '.mp3'), durationS: 3 } }))).toBe('file_not_allowed');
      expect(codeOf(await call(gridFunction, P.resident, 'submitReport', { categoryId: 'road', text: '路坏了', photos: [{ fileId: bad, bytes: 100 }] }))).toBe('file_not_allowed');
      expect(codeOf(await call(ledgerFunction, P.resident, 'submitClaim', { ruleId: 'r05', note: '帮邻居', photos: [bad] }))).toBe('file_not_allowed');
      expect(codeOf(await call(ledgerFunction, P.committee, 'saveGoods', { name: '肥皂', unit: '块', price: 5, addStock: 1, photo: bad }))).toBe('file_not_allowed');
    }
    expect(h.snapshot()).toBe(before);
    expect(codeOf(await call(patrol, P.resident, 'createPost', { text: '看图', photos: [{ fileId: mine }] }))).toBe('ok');
    const report = await call(gridFunction, P.resident, 'submitReport', { categoryId: 'road', text: '路坏了', photos: [{ fileId: mine, bytes: 100 }] });
    expect(codeOf(report)).toBe('ok');
    expect(codeOf(await call(gridFunction, P.gridWorker, 'acceptTicket', { ticketId: (report as any).data.ticketId }))).toBe('ok'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(codeOf(await call(gridFunction, P.gridWorker, 'resolveTicket', { ticketId: (report as any).data.ticketId, note: '修好了', photos: [{ fileId: mine, bytes: 100 }] }))).toBe('file_not_allowed'); // eslint-disable-line @typescript-eslint/no-explicit-any
    // goods keep the photo another keeper took; a new one must be the keeper's own
    const goods = await call(ledgerFunction, P.committee, 'saveGoods', { name: '肥皂', unit: '块', price: 5, addStock: 1, photo: fileOf(Q, P.committee, 'photo/soap.jpg') });
    expect(codeOf(goods)).toBe('ok');
  });

  it('me tells each membership its upload prefix', async () => {
    const h = await harness();
    const me = await h.ok(P.resident, 'me', {});
    expect(me.memberships[0].uploadPrefix).toBe(uploadPrefix(me.memberships[0].villageId, P.resident));
    expect(me.memberships[0].uploadPrefix).toMatch(/^u\/qingshi\/[0-9a-f]{16}\/$/);
  });
});
