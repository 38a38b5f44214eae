/**
 * 成效看板, export and the tamper-evident audit trail — the built `account` bundle in the emulator, over the
 * demo township after every job's tour ran through its own function (tickets, leads, topics, polls, points:
 * real activity written the way the app writes it). Figures are checked against the store itself.
 */
import { DEMO_OPENIDS as P } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { deliberationTour, gridTour, ledgerTour, patrolTour, personas } from '../../demo';
import { postedAtOf, type AuditRecord } from '../../server/kernel/audit';
import { PARTICIPATION_ACTIONS } from '../../server/account/outcomes/figures';
import { rangeOf } from '../../server/account/outcomes/periods';
import { runAuditVerify } from '../../scripts/audit-verify';
import { sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';

const Q = 'qingshi';
const L = 'liushu';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** accountClock seals first: with nothing new in the trail, the chain heads and the window since the last block (by time and by arrival) */
const SEAL_IDLE_READS = 3;

let emu: Emulator;
let seq = 0;
const rid = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;

async function call(openid: string, action: string, payload: unknown) {
  const out = await emu.invoke('account', { action, payload, requestId: rid(action) }, { openid });
  if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
  return { answer: out.result as { ok: boolean; data?: any; error?: { code: string; message: string } }, dbCalls: out.dbCalls };
}
async function ok(openid: string, action: string, payload: unknown) {
  const { answer } = await call(openid, action, payload);
  if (!answer.ok) throw new Error(`${action}: ${answer.error?.code}`);
  return answer.data;
}
async function code(openid: string, action: string, payload: unknown): Promise<string> {
  const { answer } = await call(openid, action, payload);
  if (!answer.ok) expect(answer.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  return answer.ok ? 'ok' : answer.error!.code;
}
const audit = () => emu.store.all('audit') as AuditRecord[];

/** walks the chain through the committee's action, page by page */
async function verify(villageId = Q) {
  let from: unknown = undefined;
  let records = 0;
  for (;;) {
    const page = await ok(P.committee, 'verifyAudit', { villageId, ...(from ? { from } : {}) });
    records += page.checkedRecords;
    if (page.problem || !page.next) return { records, problem: page.problem, head: page.head };
    from = page.next;
  }
}
async function seal() {
  // the sealing timer (accountClock) is hourly
  emu.clock.advance(61 * MIN);
  await emu.runDueTimers();
}

beforeAll(async () => {
  emu = await startTestEmulator({ personas });
  await seedDemo(sdkFor(emu).database(), emu.clock.now());
  const invoker = (fn: string) => async (openid: string, event: { action: string; payload: unknown; requestId: string }) => {
    const out = await emu.invoke(fn, event, { openid });
    const r = (out.result ?? {}) as { ok?: boolean; data?: unknown; error?: { code: string; message: string } };
    return { ok: r.ok === true, data: r.data, error: r.error, dbCalls: out.dbCalls };
  };
  await gridTour(invoker('grid'));
  await patrolTour(invoker('patrol'));
  await deliberationTour(invoker('deliberation'), emu.clock.now());
  await ledgerTour(invoker('ledger'));
}, 240_000);
afterAll(async () => {
  await emu?.close();
});

describe('成效看板', () => {
  it('the committee sees its village: figures equal what the store holds, in 3 round trips', async () => {
    const { answer, dbCalls } = await call(P.committee, 'dashboard', { villageId: Q });
    expect(answer.ok).toBe(true);
    expect(dbCalls).toBeLessThanOrEqual(3);
    const d = answer.data;
    expect(d.scope).toBe('full');
    expect(d.masked).toBe(false);
    expect(d.periods).toHaveLength(12);
    const v = d.villages[0];
    const range = rangeOf(emu.clock.now(), 'month');
    const inRange = (t: unknown) => typeof t === 'number' && t >= range.start && t < range.end;

    const register = emu.store.all('register');
    expect(v.households).toBe(register.filter((r) => r.villageId === Q && r.kind === 'household').length);
    const tickets = emu.store.all('tickets').filter((t) => t.villageId === Q);
    expect(v.total.ticketsOpened).toBe(tickets.filter((t) => inRange(t.createdAt)).length);
    expect(v.total.ticketsOpened).toBeGreaterThan(0);
    expect(v.total.ticketsFixed).toBe(tickets.filter((t) => t.bucket === 'fixed' && inRange(t.resolution?.at)).length);
    expect(v.trend.reduce((s: number, f: { ticketsOpened: number }) => s + f.ticketsOpened, 0)).toBe(v.total.ticketsOpened);

    // participation: distinct households of the people who took part, or were acted for (代办)
    const byId = new Map(register.map((r) => [r._id, r]));
    const households = new Set(
      audit()
        .filter((a) => a.villageId === Q && inRange(a.at) && PARTICIPATION_ACTIONS.includes(a.action))
        .map((a) => byId.get(a.onBehalfOf ?? a.actorId)?.householdId)
        .filter(Boolean),
    );
    expect(v.total.householdsParticipating).toBe(households.size);
    expect(v.total.participationShare).toBeCloseTo(households.size / v.households, 2);
    // a grid worker's report for an offline resident counts the resident's household
    const actedFor = audit().find((a) => a.villageId === Q && a.onBehalfOf && PARTICIPATION_ACTIONS.includes(a.action));
    expect(actedFor).toBeDefined();
    expect(households.has(byId.get(actedFor!.onBehalfOf!)?.householdId)).toBe(true);

    expect(v.grids.length).toBeGreaterThanOrEqual(4);
    expect(v.grids.reduce((s: number, g: { households: number }) => s + g.households, 0)).toBe(v.households);
    expect(v.categories.length).toBeGreaterThan(0);
    expect(v.total.topicsRaised).toBe(emu.store.all('delib').filter((t) => t.villageId === Q && t.kind === 'topic' && inRange(t.createdAt)).length);
    expect(v.total.leads).toBe(emu.store.all('patrol').filter((m) => m.villageId === Q && inRange(m.leadAt) && m.leadId === m._id).length);
    expect(v.total.pointsIssued).toBeGreaterThan(0);
  });

  it('a figure opens to the items behind it: the tickets opened are the tickets', async () => {
    const d = await ok(P.committee, 'dashboard', { villageId: Q });
    const v = d.villages[0];
    const period = v.trend.findIndex((f: { ticketsOpened: number }) => f.ticketsOpened > 0);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const { answer, dbCalls } = await call(P.committee, 'dashboardItems', { villageId: Q, metric: 'tickets_opened', period, pageSize: 5, ...(cursor ? { cursor } : {}) });
      expect(dbCalls).toBeLessThanOrEqual(3);
      expect(answer.data.caption).toContain('新上报的问题');
      for (const item of answer.data.items) {
        expect(item.opens).toBe('ticket');
        ids.push(item.id);
      }
      cursor = answer.data.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(v.trend[period].ticketsOpened);
    const p = d.periods[period];
    expect(ids.sort()).toEqual(emu.store.all('tickets').filter((t) => t.villageId === Q && t.createdAt >= p.from && t.createdAt < p.to).map((t) => t._id).sort());

    const took = await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_participating', pageSize: 100 });
    expect(took.items).toHaveLength(v.total.householdsParticipating);
    const not = await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_not_participating', pageSize: 100 });
    expect(took.items.length + not.items.length).toBe(v.households);
  });

  it('township staff compare their villages side by side, names masked; nobody else may', async () => {
    const { answer, dbCalls } = await call(P.township, 'dashboard', { granularity: 'week' });
    expect(dbCalls).toBeLessThanOrEqual(3);
    const d = answer.data;
    expect(d.villages.map((v: { villageId: string }) => v.villageId)).toEqual([L, Q]);
    expect(d.villages.map((v: { name: string }) => v.name)).toEqual(['柳树村', '青石村']);
    expect(d.masked).toBe(true);
    expect(d.periods).toHaveLength(12);
    const alone = await ok(P.committee, 'dashboard', { villageId: Q, granularity: 'week' });
    expect(d.villages[1].total).toEqual(alone.villages[0].total);
    // the township's drill-down masks names
    const hh = await ok(P.township, 'dashboardItems', { villageId: Q, metric: 'households_participating', pageSize: 100 });
    expect(hh.items.length).toBeGreaterThan(0);
    for (const item of hh.items) expect(item.title).toMatch(/\*/);

    expect(await code(P.committee, 'dashboard', {})).toBe('not_township_staff');
    expect(await code(P.committee, 'dashboard', { villageId: L })).toBe('not_member');
    expect(await code(P.otherCommittee, 'dashboardItems', { villageId: Q, metric: 'tickets_opened' })).toBe('not_member');
  });

  it('a resident sees the published figures only: no grids, no items, no export', async () => {
    const d = await ok(P.resident, 'dashboard', { villageId: Q });
    expect(d.scope).toBe('public');
    expect(d.villages[0].grids).toEqual([]);
    expect(d.villages[0].categories).toEqual([]);
    expect(d.villages[0].total.ticketsOpened).toBeGreaterThan(0);
    expect(await code(P.resident, 'dashboardItems', { villageId: Q, metric: 'households_participating' })).toBe('dashboard_details_forbidden');
    expect(await code(P.gridWorker, 'exportTable', { villageId: Q, table: 'audit' })).toBe('dashboard_details_forbidden');
    expect(await code(P.resident, 'verifyAudit', { villageId: Q })).toBe('forbidden');
  });

  it('date ranges out of bounds are refused by name before anything is read', async () => {
    const today = new Date(emu.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const cases: [unknown, string][] = [
      [{ from: '2026-05-01', to: '2026-04-01' }, 'range_invalid'],
      [{ to: '2099-01-01' }, 'range_in_future'],
      [{ from: '2019-06-01', to: '2019-07-01' }, 'range_too_early'],
      [{ from: '2024-01-01', to: '2025-06-30' }, 'range_too_long'],
      [{ from: '2026-02-30' }, 'invalid_input'],
      [{ from: 'yesterday' }, 'invalid_input'],
    ];
    for (const [range, expected] of cases) {
      const { answer, dbCalls } = await call(P.committee, 'dashboard', { villageId: Q, ...(range as object) });
      expect([range, answer.ok ? 'ok' : answer.error!.code]).toEqual([range, expected]);
      expect(dbCalls).toBe(0);
    }
    expect(await code(P.committee, 'dashboardItems', { villageId: Q, metric: 'tickets_opened', period: 20 })).toBe('period_out_of_range');
    expect(await code(P.committee, 'dashboard', { villageId: Q, from: today, to: today })).toBe('ok');
  });
});

describe('export as CSV', () => {
  it('each table comes as UTF-8 with a BOM, in Chinese, that survives a byte round trip', async () => {
    for (const table of ['trend', 'grids', 'categories', 'polls', 'audit']) {
      const { answer, dbCalls } = await call(P.committee, 'exportTable', { villageId: Q, table });
      expect([table, answer.ok]).toEqual([table, true]);
      expect(dbCalls).toBeLessThanOrEqual(3);
      const e = answer.data;
      expect(e.csv.charCodeAt(0)).toBe(0xfeff);
      const bytes = Buffer.from(e.csv, 'utf8');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toBe(e.csv);
      expect(e.filename).toMatch(/^青石村-.+\.csv$/);
      expect(e.rows).toBe(e.csv.trim().split('\r\n').length - 1);
    }
    const trend = await ok(P.committee, 'exportTable', { villageId: Q, table: 'trend' });
    expect(trend.csv.split('\r\n')[0]).toBe('\uFEFF村,时段,参与户数,参与率,新上报问题,已解决,未解决关闭,办结天数中位数,退回重办,重办率,评价数,平均评分,巡群线索,首次查看小时中位数,防骗预警,新议题,形成决议,计票表决,平均投票率,发放积分,兑换积分,得分户数');
  });

  it('the audit trail is masked for township staff; the committee sees the names', async () => {
    const committee = await ok(P.committee, 'exportTable', { villageId: Q, table: 'audit' });
    const township = await ok(P.township, 'exportTable', { villageId: Q, table: 'audit' });
    expect(committee.csv).toContain('张建军');
    expect(township.csv).not.toContain('张建军');
    expect(township.csv).toContain('张*军');
    expect(township.rows).toBe(committee.rows);
  });

  it('an export of an empty range is refused with a clear error', async () => {
    expect(await code(P.committee, 'exportTable', { villageId: Q, table: 'audit', from: '2021-01-01', to: '2021-01-31' })).toBe('export_empty');
    expect(await code(P.committee, 'exportTable', { villageId: Q, table: 'trend', from: '2021-01-01', to: '2021-01-31' })).toBe('export_empty');
    expect(await code(P.township, 'exportTable', { table: 'polls', from: '2021-01-01', to: '2021-12-31' })).toBe('export_empty');
  });
});

describe('the tamper-evident audit trail', () => {
  it('the timer seals every record into its village chain; the committee walk finds it whole', async () => {
    await seal();
    const blocks = emu.store.all('auditchain');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const through = Math.max(...blocks.filter((b) => b.villageId === Q).map((b) => b.through));
    const sealed = audit().filter((a) => a.villageId === Q && postedAtOf(a) <= through);
    const listed = blocks.filter((b) => b.villageId === Q).flatMap((b) => b.entries.map((e: string[]) => e[0]));
    expect(listed.sort()).toEqual(sealed.map((a) => a._id).sort());
    const out = await verify();
    expect(out.problem).toBeNull();
    expect(out.records).toBe(sealed.length);
    // new records after the seal join the chain at the next run, linked to the head
    await ok(P.committee, 'createInvite', { villageId: Q, note: '封存测试' });
    await seal();
    const again = await verify();
    expect(again.problem).toBeNull();
    const head = emu.store.all('auditchain').filter((b) => b.villageId === Q).sort((a, b) => b.seq - a.seq)[0];
    expect(again.head).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(again.records).toBe(audit().filter((a) => a.villageId === Q && postedAtOf(a) <= head.through).length);
    expect(again.records).toBeGreaterThan(sealed.length);
  });

  it('a record appended late (a healed retry) is sealed by when it arrived, marked late, and the chain holds', async () => {
    const original = audit().find((a) => a.villageId === Q && a.action === 'createInvite')!;
    const late = { ...original, _id: `${original.targetId}#late-heal-${Date.now()}`, requestId: 'late-heal', at: original.at - DAY, postedAt: emu.clock.now() };
    await sdkFor(emu).database().collection('audit').add({ data: late });
    await seal();
    const block = emu.store.all('auditchain').find((b) => b.entries.some((e: unknown[]) => e[0] === late._id))!;
    expect(block.entries.find((e: unknown[]) => e[0] === late._id)[2]).toBe(1);
    expect((await verify()).problem).toBeNull();
  });

  it('editing, deleting or inserting a record directly in the database is named by the committee walk and npm run audit:verify', async () => {
    const victim = audit().filter((a) => a.villageId === Q).sort((a, b) => a.at - b.at)[5];
    const db = sdkFor(emu).database();
    const cli = async (args: string[]) => {
      const lines: string[] = [];
      const exit = await runAuditVerify(args, { write: (l) => lines.push(l), fetch });
      return { exit, text: lines.join('\n') };
    };
    const whole = await cli(['--service-url', emu.serviceUrl, '--env', emu.envId]);
    expect(whole.exit).toBe(0);
    expect(whole.text).toContain(`✓ ${Q}`);
    expect(whole.text).toContain(`✓ ${L}`);

    // edited: one word of its summary
    const { _id, ...rest } = victim;
    await db.collection('audit').doc(_id).set({ data: { ...rest, summary: `${victim.summary}（已改）` } });
    let out = await verify();
    expect(out.problem).toMatchObject({ kind: 'edited', recordId: victim._id, label: '记录被改动' });
    const viaSdk = await cli(['--service-url', emu.serviceUrl, '--env', emu.envId, '--village', Q]);
    expect(viaSdk.exit).toBe(1);
    expect(viaSdk.text).toContain(victim._id);
    expect(viaSdk.text).toContain('记录被改动');
    // the same through the committee action on the running environment (dev login), as `npm run audit:verify` does by default
    const viaAction = await cli(['--url', emu.url]);
    expect([viaAction.exit, viaAction.text]).toEqual([1, expect.stringContaining('记录被改动')]);
    expect(viaAction.text).toContain(victim._id);

    // restored exactly: whole again
    await db.collection('audit').doc(_id).set({ data: rest });
    expect((await verify()).problem).toBeNull();

    // deleted
    await db.collection('audit').doc(_id).remove();
    out = await verify();
    expect(out.problem).toMatchObject({ kind: 'deleted', recordId: victim._id });
    await db.collection('audit').add({ data: victim });
    expect((await verify()).problem).toBeNull();

    // inserted afterwards into a window already sealed
    const forged = { ...victim, _id: `${victim.targetId}#forged`, requestId: 'forged', summary: '伪造的记录' };
    await db.collection('audit').add({ data: forged });
    out = await verify();
    expect(out.problem).toMatchObject({ kind: 'inserted', recordId: forged._id });
    await db.collection('audit').doc(forged._id).remove();

    // a block altered: its entries rewritten to hide an edit
    const block = emu.store.all('auditchain').filter((b) => b.villageId === Q).sort((a, b) => a.seq - b.seq)[0];
    const { _id: bid, ...b } = block;
    await db.collection('auditchain').doc(bid).set({ data: { ...b, entries: b.entries.slice(1), count: b.count - 1 } });
    out = await verify();
    expect(out.problem).toMatchObject({ kind: 'block_altered', recordId: bid });
    await db.collection('auditchain').doc(bid).set({ data: b });
    expect((await verify()).problem).toBeNull();
  });

  it('a new day publishes the chain head of the day before as a checkpoint on the dashboard', async () => {
    const before = await verify();
    emu.clock.advance(DAY);
    await emu.runDueTimers();
    const d = await ok(P.resident, 'dashboard', { villageId: Q });
    const cps = d.villages[0].checkpoints;
    expect(cps.length).toBeGreaterThanOrEqual(1);
    expect(cps[0]).toMatchObject({ seq: before.head.seq, hash: before.head.hash });
    expect(d.villages[0].sealedThrough).toBeGreaterThan(0);
    // an hour's tick and the 2 minutes a record may take to reach the trail
    expect(d.sealWindowMinutes).toBe(62);
    expect((await verify()).problem).toBeNull();
  });
});

describe('participation rollups', () => {
  it('the hourly timer rolls up each day; the dashboard reads them and gives the same figures as the live trail', async () => {
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const range = { from: day(emu.clock.now() - 60 * DAY), to: day(emu.clock.now()) };
    const live = await ok(P.committee, 'dashboard', { villageId: Q, ...range });
    const liveItems = await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_participating', pageSize: 100, ...range });
    const liveTownship = await ok(P.township, 'dashboard', range);
    emu.clock.advance(2 * DAY);
    // 31 days a run from a year back: the hourly timer catches up within half a day
    for (let i = 0; i < 20; i++) {
      const run = await emu.invoke('account', { Type: 'Timer', TriggerName: 'accountClock', Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
      expect(run.result).toMatchObject({ ok: true });
      if ((run.result as { data: { rollup: { days: number } } }).data.rollup.days === 0) break;
    }
    const rollups = emu.store.all('rollups');
    expect(rollups.length).toBeGreaterThan(0);
    const state = emu.store.all('register').find((d) => d._id === 'rollup:state')!;
    expect(state.through >= range.to).toBe(true);
    const { answer, dbCalls } = await call(P.committee, 'dashboard', { villageId: Q, ...range });
    expect(dbCalls).toBeLessThanOrEqual(3);
    const rolled = answer.data;
    expect(rolled.villages[0].total.householdsParticipating).toBeGreaterThan(0);
    expect(rolled.villages[0].trend.map((f: { householdsParticipating: number }) => f.householdsParticipating)).toEqual(live.villages[0].trend.map((f: { householdsParticipating: number }) => f.householdsParticipating));
    expect(rolled.villages[0].total.householdsParticipating).toBe(live.villages[0].total.householdsParticipating);
    expect(rolled.villages[0].grids.map((g: { householdsParticipating: number }) => g.householdsParticipating)).toEqual(live.villages[0].grids.map((g: { householdsParticipating: number }) => g.householdsParticipating));
    const items = await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_participating', pageSize: 100, ...range });
    expect(items.items.map((i: { id: string }) => i.id).sort()).toEqual(liveItems.items.map((i: { id: string }) => i.id).sort());
    const township = await call(P.township, 'dashboard', range);
    expect(township.dbCalls).toBeLessThanOrEqual(3);
    expect(township.answer.data.villages.map((v: { total: { householdsParticipating: number } }) => v.total.householdsParticipating)).toEqual(liveTownship.villages.map((v: { total: { householdsParticipating: number } }) => v.total.householdsParticipating));
    // a second run finds nothing left to roll up: the watermark and the late arrivals, two reads (after the seal's)
    const again = await emu.invoke('account', { Type: 'Timer', TriggerName: 'accountClock', Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
    expect(again.result).toMatchObject({ ok: true, data: { seal: { blocks: 0 }, rollup: { days: 0, late: 0 } } });
    expect(again.dbCalls).toBe(SEAL_IDLE_READS + 2);
  });

  it('a record that reaches the trail days late (a healed retry) still counts for its day', async () => {
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const range = { from: day(emu.clock.now() - 30 * DAY), to: day(emu.clock.now() - DAY) };
    const before = await ok(P.committee, 'dashboard', { villageId: Q, ...range });
    const quiet = (await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_not_participating', pageSize: 100, ...range })).items[0];
    // a resident of that household took part five days ago; the record arrives only now
    const resident = emu.store.all('register').find((r) => r.kind === 'person' && r.householdId === quiet.id)!;
    const at = emu.clock.now() - 5 * DAY;
    await sdkFor(emu).database().collection('audit').add({ data: { _id: `${Q}:m:late#heal-${at}`, villageId: Q, at, postedAt: emu.clock.now(), action: 'createPost', actorId: resident._id, actorName: resident.name, onBehalfOf: null, targetId: `${Q}:m:late`, summary: '迟到的记录', details: {}, notify: [], event: null, requestId: `heal-${at}` } });
    emu.clock.advance(5 * MIN);
    const run = await emu.invoke('account', { Type: 'Timer', TriggerName: 'accountClock', Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
    expect(run.result).toMatchObject({ ok: true, data: { rollup: { late: 1 } } });
    const after = await ok(P.committee, 'dashboard', { villageId: Q, ...range });
    expect(after.villages[0].total.householdsParticipating).toBe(before.villages[0].total.householdsParticipating + 1);
    const took = await ok(P.committee, 'dashboardItems', { villageId: Q, metric: 'households_participating', pageSize: 100, ...range });
    expect(took.items.map((i: { id: string }) => i.id)).toContain(quiet.id);
  });
});
