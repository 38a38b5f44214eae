/**
 * 消息: the inbox (account function) over the grid's audit records — role addresses reach whoever holds
 * the role, read state, and the evening digest that sends only where a consent exists.
 */
import { DEMO_OPENIDS as P } from '../../../demo/village';
import { accountFunction } from '../../../server/account/spec';
import { codeOf, gridHarness, HOUR, Q, type GridHarness } from '../grid/harness';
import { rid } from '../server/harness';

let h: GridHarness;
beforeEach(async () => {
  h = await gridHarness();
});
const account = (openid: string, action: string, payload: Record<string, unknown>) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId: rid(action) }, accountFunction);
const ok = async (openid: string, action: string, payload: Record<string, unknown> = {}): Promise<any> => {
  const a = await account(openid, action, payload);
  if (!a.ok) throw new Error(`${action}: ${a.error.code}`);
  return a.data;
};
const digest = () => h.raw('', { Type: 'Timer', TriggerName: 'dailyDigest', Time: new Date(h.now.value).toISOString() }, accountFunction);

describe('inbox', () => {
  it('a report reaches the grid’s worker through the role address; the accept reaches the reporter; nobody hears of their own doing', async () => {
    const t = await h.gridOk(P.resident, 'submitReport', { categoryId: 'water_power', text: '水管爆了' });
    const worker = await ok(P.gridWorker, 'inbox');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(worker.items[0]).toMatchObject({ targetId: t.ticketId, action: 'submitReport', read: false, link: expect.stringContaining('/grid/ticket/index') });
    expect(worker.unread).toBeGreaterThan(0);
    expect((await ok(P.resident, 'inbox')).items.map((i: any) => i.targetId)).not.toContain(t.ticketId);

    h.now.value += HOUR;
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId });
    const mine = await ok(P.resident, 'inbox');
    expect(mine.items[0]).toMatchObject({ targetId: t.ticketId, action: 'acceptTicket', read: false, actorName: '张建军' });
    // a worker of another grid hears nothing of it
    expect((await ok('demo-qingshi-gridworker-2', 'inbox')).items.map((i: any) => i.targetId)).not.toContain(t.ticketId);
  });

  it('read state: one item, then everything up to a moment; later items stay unread', async () => {
    const t = await h.gridOk(P.resident, 'submitReport', { categoryId: 'water_power', text: '水管爆了' });
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId });
    const box = await ok(P.resident, 'inbox');
    const before = box.unread;
    const one = await ok(P.resident, 'markInboxRead', { auditIds: [box.items[0].auditId] });
    expect(one.unread).toBe(before - 1);
    expect((await ok(P.resident, 'inbox')).items[0].read).toBe(true);
    const all = await ok(P.resident, 'markInboxRead', { upTo: h.now.value });
    expect(all.unread).toBe(0);
    expect((await ok(P.resident, 'inboxUnread')).unread).toBe(0);
    h.now.value += HOUR;
    await h.gridOk(P.gridWorker, 'startTicket', { ticketId: t.ticketId });
    expect((await ok(P.resident, 'inboxUnread')).unread).toBe(1);
  });

  it('a record that reaches the trail late (a retry healing a crash) is unread and in the digest, though it happened before the read mark', async () => {
    const t = await h.gridOk(P.resident, 'submitReport', { categoryId: 'water_power', text: '水管爆了' });
    const id = rid('late');
    // the accept is stored, then the function dies before its audit record
    h.wrap((s) => ({ ...bindStore(s), create: async (c, d) => { if (c === 'audit') throw new Error('crash'); return s.create(c, d); } }));
    expect(codeOf(await h.grid(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId }, id))).toBe('internal');
    h.wrap((s) => s);
    h.now.value += HOUR;
    await ok(P.resident, 'markInboxRead', { upTo: h.now.value });
    await ok(P.resident, 'subscribeDigest', { templateIds: ['demo-daily-digest'] });
    expect((await ok(P.resident, 'inboxUnread')).unread).toBe(0);

    // the worker's phone retries an hour later: the record is appended with the moment of the accept
    h.now.value += HOUR;
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId }, id);
    const late = h.auditFor(t.ticketId).find((a) => a.action === 'acceptTicket')!;
    expect(late.postedAt).toBe(h.now.value);
    expect(late.at as number).toBeLessThan(h.now.value - HOUR);
    const box = await ok(P.resident, 'inbox');
    expect(box.unread).toBe(1);
    expect(box.items.find((i: any) => i.action === 'acceptTicket')).toMatchObject({ read: false, postedAt: h.now.value });
    await digest();
    expect(h.openapi.sent.filter((m) => m.touser === P.resident)).toHaveLength(1);
    // reading up to the newest arrival clears it
    expect((await ok(P.resident, 'markInboxRead', { upTo: Math.max(...box.items.map((i: any) => i.postedAt)) })).unread).toBe(0);
  });

  it('is paged and refuses people of other villages', async () => {
    for (let i = 0; i < 3; i++) await h.gridOk(P.resident, 'submitReport', { categoryId: 'unsafe_house', text: `老房子裂缝${i}` });
    const first = await ok(P.committee, 'inbox', { pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await ok(P.committee, 'inbox', { pageSize: 2, cursor: first.nextCursor });
    expect(second.items[0].auditId).not.toBe(first.items[0].auditId);
    expect(codeOf(await account(P.otherVillager, 'inbox', {}))).toBe('not_member');
  });
});

describe('daily digest', () => {
  it('sends one message to a person who consented (and spends the consent); others keep theirs in the inbox', async () => {
    const t = await h.gridOk(P.resident, 'submitReport', { categoryId: 'water_power', text: '水管爆了' });
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId });
    await ok(P.resident, 'subscribeDigest', { templateIds: ['demo-daily-digest'] });
    h.now.value += 2 * HOUR;
    const first = await digest();
    expect(first).toMatchObject({ ok: true });
    const out = (first as any).data;
    expect(out.sent).toBe(1);
    expect(out.people).toBeGreaterThan(1);
    expect(h.openapi.sent.filter((m) => m.templateId === 'demo-daily-digest')).toMatchObject([{ touser: P.resident, page: 'account/inbox/index' }]);
    expect(h.store.all('register').find((d) => d._id === `${Q}:u:${P.resident}`)!.digestConsent).toBeNull();
    // the next evening: no consent left, no message — the items are still in the inbox
    await digest();
    expect(h.openapi.sent.filter((m) => m.templateId === 'demo-daily-digest')).toHaveLength(1);
    expect((await ok(P.resident, 'inboxUnread')).unread).toBeGreaterThan(0);
  });

  it('nothing read is summed up again', async () => {
    const t = await h.gridOk(P.resident, 'submitReport', { categoryId: 'water_power', text: '水管爆了' });
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: t.ticketId });
    await ok(P.resident, 'markInboxRead', { upTo: h.now.value });
    await ok(P.resident, 'subscribeDigest', { templateIds: ['demo-daily-digest'] });
    h.now.value += HOUR;
    await digest();
    expect(h.openapi.sent.filter((m) => m.touser === P.resident)).toHaveLength(0);
  });
});

function bindStore<T extends object>(s: T): T {
  const out: Record<string, unknown> = {};
  for (const k of ['getMany', 'get', 'find', 'create', 'createMany', 'put', 'updateWhere', 'aggregate']) if (typeof (s as Record<string, any>)[k] === 'function') out[k] = (s as Record<string, any>)[k].bind(s);
  return out as T;
}
