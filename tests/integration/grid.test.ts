/**
 * The built `grid` bundle (cloudfunctions/grid/index.js) in the emulator's function host, through the
 * real wx-server-sdk: the $lookup read, races between worker threads, retries, bad input, deadlines on the
 * emulator clock (runDueTimers), the H5 route, and the round-trip budget of every action.
 * Each check reads the store afterwards: an answer alone could hide a half-written state.
 */
import { DEMO_OPENIDS as P } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { personas } from '../../demo/personas';
import { gridTour } from '../../demo/grid-tour';
import { gridActions } from '../../server/grid/spec';
import { callH5, devLogin, sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { uploadPrefix } from '../../server/kernel/files';

const Q = 'qingshi';
/** a fileID as this person's phone gets it from an upload (this environment, their prefix) */
const fileOf = (openid: string, name: string) => `cloud://${emu.envId}.${emu.storage.bucket}/${uploadPrefix(Q, openid)}${name}`;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let emu: Emulator;
let seq = 0;
const rid = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;

async function call(openid: string, action: string, payload: Record<string, unknown>, requestId = rid(action)) {
  const out = await emu.invoke('grid', { action, payload: { villageId: Q, ...payload }, requestId }, { openid });
  if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
  return { answer: out.result as { ok: boolean; data?: any; error?: { code: string; message: string } }, dbCalls: out.dbCalls };
}
async function ok(openid: string, action: string, payload: Record<string, unknown>, requestId?: string) {
  const { answer } = await call(openid, action, payload, requestId);
  if (!answer.ok) throw new Error(`${action}: ${answer.error?.code}`);
  return answer.data;
}
async function codeOf(openid: string, action: string, payload: Record<string, unknown>, requestId?: string): Promise<string> {
  const { answer } = await call(openid, action, payload, requestId);
  if (!answer.ok) expect(answer.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  return answer.ok ? 'ok' : answer.error!.code;
}
const tickets = () => emu.store.all('tickets');
const ticket = (id: string) => tickets().find((t) => t._id === id)!;
const auditOf = (id: string) => emu.store.all('audit').filter((a) => a.targetId === id).sort((a, b) => (a.at as number) - (b.at as number));
const snapshot = () => JSON.stringify([tickets(), emu.store.all('audit')]);
const pipe = { categoryId: 'water_power', text: '东头组1号水管爆了，一直冒水' };

beforeAll(async () => {
  emu = await startTestEmulator({ personas });
  await seedDemo(sdkFor(emu).database(), emu.clock.now());
});
afterAll(async () => {
  await emu?.close();
});

describe('grid in the emulator', () => {
  it('the demo holds tickets in several states in 青石村, one overdue', () => {
    const q = tickets().filter((t) => t.villageId === Q);
    const states = new Set(q.map((t) => t.status));
    for (const s of ['in_progress', 'resolved', 'confirmed', 'accepted', 'submitted', 'rejected', 'duplicate']) expect(states).toContain(s);
    expect(q.some((t) => t.status === 'submitted' && (t.dueAt as number) < emu.clock.now())).toBe(true);
  });

  it('report → accept → resolve with a photo → confirm, each within 3 round trips, with the verified event', async () => {
    const t = await call(P.elder, 'submitReport', { ...pipe, voice: { fileId: fileOf(P.elder, 'voice/2025-05/a.mp3'), durationS: 12, bytes: 40_000 } });
    expect(t.answer.ok).toBe(true);
    expect(t.dbCalls).toBeLessThanOrEqual(3);
    const id = t.answer.data.ticketId;
    const due = await ok(P.gridWorker, 'listDueTickets', {});
    expect(due.items.map((i: any) => i.ticketId)).toContain(id);
    for (const [who, action, payload] of [
      [P.gridWorker, 'acceptTicket', {}],
      [P.gridWorker, 'resolveTicket', { note: '已换新管', photos: [{ fileId: fileOf(P.gridWorker, 'photo/2025-05/fixed.jpg'), bytes: 300_000 }] }],
      [P.elder, 'confirmTicket', { rating: 5, comment: '很快' }],
    ] as const) {
      const r = await call(who, action, { ticketId: id, ...payload });
      expect([action, r.answer.ok, r.dbCalls <= 3]).toEqual([action, true, true]);
    }
    expect(ticket(id)).toMatchObject({ status: 'confirmed', bucket: 'fixed', rating: { stars: 5 } });
    expect(auditOf(id).at(-1)).toMatchObject({ event: { type: 'ticket_confirmed', residentId: `${Q}:u:${P.elder}`, sourceKey: `ticket_confirmed:${id}` } });
  });

  it('two workers accepting at once (separate worker threads): one wins, the other is told', async () => {
    const id = (await ok(P.resident, 'submitReport', pipe)).ticketId;
    const [a, b] = await Promise.all([call(P.gridWorker, 'acceptTicket', { ticketId: id }), call(P.committee, 'acceptTicket', { ticketId: id })]);
    const codes = [a.answer, b.answer].map((r) => (r.ok ? 'ok' : r.error!.code)).sort();
    expect(codes).toEqual(['already_accepted', 'ok']);
    expect(auditOf(id).filter((r) => r.action === 'acceptTicket')).toHaveLength(1);
  });

  it('the same requestId sent twice at once makes one ticket', async () => {
    const requestId = rid('twice');
    const before = tickets().length;
    const [a, b] = await Promise.all([call(P.resident, 'submitReport', pipe, requestId), call(P.resident, 'submitReport', pipe, requestId)]);
    expect(a.answer.ok && b.answer.ok).toBe(true);
    expect(a.answer.data.ticketId).toBe(b.answer.data.ticketId);
    expect(tickets().length).toBe(before + 1);
    expect(auditOf(a.answer.data.ticketId)).toHaveLength(1);
  });

  it.each([
    ['missing category', { text: '水管爆了' }, 'category_required'],
    ['oversize text', { categoryId: 'road', text: '坑'.repeat(600) }, 'text_too_long'],
    ['a photo of the wrong type', { ...pipe, photos: [{ fileId: 'cloud://demo.bucket/photo/a.bmp', bytes: 100 }] }, 'photo_type_not_allowed'],
    ['a photo too large', { ...pipe, photos: [{ fileId: 'cloud://demo.bucket/photo/a.jpg', bytes: 9_000_000 }] }, 'photo_too_large'],
    ['a place outside the village', { ...pipe, place: { kind: 'point', latitude: 39.9, longitude: 116.4 } }, 'place_outside_village'],
  ])('refuses %s and writes nothing', async (_label, payload, code) => {
    const before = snapshot();
    expect(await codeOf(P.resident, 'submitReport', payload)).toBe(code);
    expect(snapshot()).toBe(before);
  });

  it('refuses a transition the state or the role does not allow', async () => {
    const id = (await ok(P.resident, 'submitReport', pipe)).ticketId;
    expect(await codeOf(P.resident, 'acceptTicket', { ticketId: id })).toBe('transition_not_allowed');
    expect(await codeOf(P.gridWorker, 'confirmTicket', { ticketId: id, rating: 5 })).toBe('transition_not_allowed');
    expect(await codeOf(P.gridWorker, 'resolveTicket', { ticketId: id, note: '好了' })).toBe('transition_not_allowed');
    expect(ticket(id).status).toBe('submitted');
  });

  it('escalates on the emulator clock: committee, then township; 7 days unanswered → resolved_unconfirmed', async () => {
    const late = (await ok(P.resident, 'submitReport', pipe)).ticketId;
    const quiet = (await ok(P.resident, 'submitReport', { categoryId: 'road', text: '路灯不亮' })).ticketId;
    await ok(P.gridWorker, 'acceptTicket', { ticketId: quiet });
    await ok(P.gridWorker, 'resolveTicket', { ticketId: quiet, note: '换了灯泡' });

    emu.clock.advance(4 * HOUR + 10 * 60_000);
    await emu.runDueTimers();
    expect(ticket(late)).toMatchObject({ escalation: 1 });
    expect(auditOf(late).at(-1)!.notify).toContain(`${Q}#committee`);

    emu.clock.advance(DAY + 10 * 60_000);
    await emu.runDueTimers();
    expect(ticket(late)).toMatchObject({ escalation: 2 });
    expect(auditOf(late).at(-1)!.notify).toContain(`${Q}#township`);

    emu.clock.advance(6 * DAY);
    await emu.runDueTimers();
    expect(ticket(quiet)).toMatchObject({ status: 'resolved_unconfirmed', bucket: 'fixed' });
    // the township's staff see it in their inbox (account function) and their due list
    const box = await emu.invoke('account', { action: 'inbox', payload: { villageId: Q }, requestId: rid('inbox') }, { openid: P.township });
    expect((box.result as any).data.items.map((i: any) => i.targetId)).toContain(late);
  });

  it('the public board masks names, phones and house numbers', async () => {
    const id = (await ok(P.resident, 'submitReport', { categoryId: 'water_power', text: '王小梅家东头组1号停水，电话13912345678' })).ticketId;
    const board = await ok(P.elder, 'publicBoard', { bucket: 'open', pageSize: 50 });
    const row = board.items.find((i: any) => i.ticketId === id);
    expect(row.text).not.toMatch(/王小梅|13912345678|1号/);
    expect(row.reporter).toBe('王*梅');
    const closed = await ok(P.elder, 'publicBoard', { bucket: 'closed' });
    expect(closed.items.length).toBeGreaterThan(0);
  });

  it('answers the browser build through POST /api/functions/grid with a dev-login token', async () => {
    const { token } = await devLogin(emu, { personaId: 'elder' });
    const res = await callH5(emu, token, 'grid', { action: 'reportSetup', payload: { villageId: Q }, requestId: rid('h5') });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ ok: true, data: { villageName: '青石村', boundary: { radiusM: 1500 } } });
    expect(res.body.result.data.categories.map((c: any) => c.name)).toEqual(expect.arrayContaining(['水电', '道路', '环境卫生', '治安', '邻里纠纷', '危房安全', '政策咨询']));
  });

  it('every user action makes at most 3 database round trips (first try and retry), and no DNS look-ups', async () => {
    emu.stats.reset();
    const steps = await gridTour(async (openid, event) => {
      const out = await emu.invoke('grid', event, { openid });
      if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
      return { ...(out.result as { ok: boolean }), dbCalls: out.dbCalls };
    });
    for (const s of steps) {
      expect([s.action, s.ok, s.code]).toEqual([s.action, true, undefined]);
      expect([s.action, s.dbCalls > 0 && s.dbCalls <= 3, s.retryDbCalls <= 3]).toEqual([s.action, true, true]);
    }
    const userActions = Object.keys(gridActions).filter((a) => gridActions[a as keyof typeof gridActions].who !== 'timer');
    expect([...new Set(steps.map((s) => s.action))].sort()).toEqual([...userActions].sort());
    expect(emu.stats.invocations.flatMap((i) => i.dnsLookups)).toEqual([]);
  });
});
