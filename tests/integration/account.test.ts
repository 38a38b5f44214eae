/**
 * The built `account` bundle (cloudfunctions/account/index.js) running in the emulator's function host,
 * called the way a client calls it, talking to the emulator's database through the real wx-server-sdk.
 * Each check reads the store afterwards: an answer alone could hide a half-written state.
 */
import { DEMO_GROUP_OPENGID, DEMO_INVITE_CODE, DEMO_OPENIDS as P } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { accountTour } from '../../demo/account-tour';
import { accountActions } from '../../server/account/spec';
import { sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';

const Q = 'qingshi';
const L = 'liushu';
const DAY = 24 * 3600 * 1000;

let emu: Emulator;
let seq = 0;
const rid = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;

/** the result of one invocation, with its DB round trips */
/** Sent as the client sends it: a share card's CloudID travels in a top-level field, never in the payload. */
async function call(openid: string, action: string, payload: unknown, requestId = rid(action)) {
  const { group, ...rest } = payload as { group?: unknown };
  const event = group ? { action, payload: rest, requestId, group } : { action, payload, requestId };
  const out = await emu.invoke('account', event, { openid });
  if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
  return { answer: out.result as { ok: boolean; data?: any; error?: { code: string; message: string } }, dbCalls: out.dbCalls };
}
async function ok(openid: string, action: string, payload: unknown, requestId?: string) {
  const { answer } = await call(openid, action, payload, requestId);
  if (!answer.ok) throw new Error(`${action}: ${answer.error?.code}`);
  return answer.data;
}
async function errorCode(openid: string, event: unknown): Promise<string> {
  const out = await emu.invoke('account', event, { openid });
  const r = out.result as { ok: boolean; error?: { code: string; message: string } };
  if (!r.ok) expect(r.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  return r.ok ? 'ok' : r.error!.code;
}
const snapshot = () => JSON.stringify([emu.store.all('register'), emu.store.all('audit')]);
const register = () => emu.store.all('register');
const auditOf = (requestId: string) => emu.store.all('audit').filter((a) => a.requestId === requestId);

beforeAll(async () => {
  emu = await startTestEmulator();
  const cloud = sdkFor(emu);
  const seeded = await seedDemo(cloud.database(), emu.clock.now());
  expect(seeded.seeded).toBe(true);
});
afterAll(async () => {
  await emu?.close();
});

describe('account in the emulator', () => {
  it('seeding the demo again through the SDK adds nothing', async () => {
    const before = emu.store.count('register');
    expect(before).toBeGreaterThan(100);
    expect(await seedDemo(sdkFor(emu).database(), emu.clock.now())).toMatchObject({ seeded: false });
    expect(emu.store.count('register')).toBe(before);
  });

  it('a resident joins by invite code and the committee approves', async () => {
    const newcomer = 'o-int-newcomer-1';
    const joinId = rid('join');
    const joined = await ok(newcomer, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '赵新来', phone: '13912340000' }, joinId);
    expect(joined).toMatchObject({ villageId: Q, status: 'pending' });
    expect(register().find((d) => d._id === joined.applicationId)).toMatchObject({ status: 'pending', openid: newcomer, villageId: Q });
    expect(auditOf(joinId)).toHaveLength(1);

    const queue = await ok(P.committee, 'listApplications', { villageId: Q });
    expect(queue.items.map((a: { applicationId: string }) => a.applicationId)).toContain(joined.applicationId);

    const reviewId = rid('review');
    await ok(P.committee, 'reviewApplication', { villageId: Q, applicationId: joined.applicationId, decision: 'approve', householdId: `${Q}:h:h10` }, reviewId);
    expect(register().find((d) => d._id === joined.applicationId)).toMatchObject({ status: 'active', roles: ['resident'], gridId: `${Q}:g2`, householdId: `${Q}:h:h10` });
    expect(auditOf(reviewId)).toMatchObject([{ action: 'reviewApplication', actorId: `${Q}:u:${P.committee}`, villageId: Q }]);

    const me = await ok(newcomer, 'me', {});
    expect(me.memberships).toMatchObject([{ villageId: Q, status: 'active', roles: ['resident'] }]);
  });

  it('the board and 听通知 answer the stamp of my standing that `me` gave; a role given changes them all', async () => {
    const newcomer = 'o-int-newcomer-1';
    const stampFrom = async (action: 'listBoard' | 'noticesToHear') => {
      const out = await emu.invoke('patrol', { action, payload: { villageId: Q }, requestId: rid(action) }, { openid: newcomer });
      return (out.result as { data: { memberStamp: string } }).data.memberStamp;
    };
    // 长辈模式's home asks nothing itself: 听通知 checks the kept `me` as the board does
    const board = async () => {
      const [fromBoard, fromNotices] = await Promise.all([stampFrom('listBoard'), stampFrom('noticesToHear')]);
      expect(fromNotices).toBe(fromBoard);
      return fromBoard;
    };
    const stampOfMe = async () => (await ok(newcomer, 'me', {})).memberships.find((m: { villageId: string }) => m.villageId === Q).stamp as string;
    const kept = await stampOfMe();
    expect(kept).toMatch(/^[\w-]{12}$/);
    expect(await board()).toBe(kept);
    await ok(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${newcomer}`, role: 'grid_worker', gridIds: [`${Q}:g2`] });
    const now = await board();
    expect(now).not.toBe(kept);
    expect(await stampOfMe()).toBe(now);
    await ok(P.committee, 'revokeRole', { villageId: Q, memberId: `${Q}:u:${newcomer}`, role: 'grid_worker' });
    expect(await board()).toBe(await stampOfMe());
  });

  it('`me` carries my grid with its workers and their phones; a worker given my grid changes my stamp', async () => {
    type Membership = { villageId: string; gridId: string; stamp: string; myGrid: { gridId: string; name: string; workers: { memberId: string; name: string; phone: string | null }[] } };
    const mine = async (): Promise<Membership> => (await ok(P.elder, 'me', {})).memberships.find((m: Membership) => m.villageId === Q);
    const boardStamp = async () => {
      const out = await emu.invoke('patrol', { action: 'listBoard', payload: { villageId: Q }, requestId: rid('board') }, { openid: P.elder });
      return (out.result as { data: { memberStamp: string } }).data.memberStamp;
    };
    const before = await mine();
    // what the overview shows for my grid, one call less
    const overview = await ok(P.elder, 'villageOverview', { villageId: Q });
    const grid = overview.grids.find((g: { gridId: string }) => g.gridId === before.gridId);
    expect(before.myGrid).toEqual({ gridId: grid.gridId, name: grid.name, workers: [...grid.workers].sort((a, b) => a.memberId.localeCompare(b.memberId)) });
    expect(before.myGrid.workers.length).toBeGreaterThan(0);
    expect(before.myGrid.workers.every((w) => /^1\d{10}$/.test(w.phone ?? ''))).toBe(true);
    expect(await boardStamp()).toBe(before.stamp);

    // nothing of mine changes, but my grid has a new worker: the board's stamp differs, and `me` shows him
    const newcomer = `${Q}:u:o-int-newcomer-1`;
    await ok(P.committee, 'assignRole', { villageId: Q, memberId: newcomer, role: 'grid_worker', gridIds: [before.gridId] });
    const now = await boardStamp();
    expect(now).not.toBe(before.stamp);
    const after = await mine();
    expect(after.stamp).toBe(now);
    expect(after.myGrid.workers).toContainEqual({ memberId: newcomer, name: '赵新来', phone: '13912340000' });
    await ok(P.committee, 'revokeRole', { villageId: Q, memberId: newcomer, role: 'grid_worker' });
    expect(await boardStamp()).toBe(before.stamp);
    expect((await mine()).myGrid).toEqual(before.myGrid);
  });

  it('a share card from the bound group resolves (CloudID) to the village', async () => {
    const joined = await ok('o-int-card-1', 'joinByGroupCard', { group: { cloudID: `dev-opengid:${DEMO_GROUP_OPENGID}` }, name: '群成员' });
    expect(joined).toMatchObject({ villageId: Q, status: 'pending' });
  });

  it('a grid worker creates an offline resident in their grid, openly marked and audited as 代办', async () => {
    const requestId = rid('offline');
    const r = await ok(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h12`, name: '何老太', elderly: true, birthYear: 1938 }, requestId);
    const stored = register().find((d) => d._id === r.residentId);
    expect(stored).toMatchObject({ offline: true, openid: null, managedBy: `${Q}:u:${P.gridWorker}`, gridId: `${Q}:g2`, elderly: true, villageId: Q });
    expect(auditOf(requestId)).toMatchObject([{ onBehalfOf: r.residentId, actorId: `${Q}:u:${P.gridWorker}` }]);
    // outside their grids: refused, nothing written
    const before = snapshot();
    expect((await call(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h20`, name: '甲' })).answer.error?.code).toBe('village_mismatch');
    expect(snapshot()).toBe(before);
  });

  it('a villager of 柳树村 can neither read nor change 青石村', async () => {
    const attempts: [string, unknown][] = [
      ['villageOverview', { villageId: Q }],
      ['listResidents', { villageId: Q }],
      ['listHouseholds', { villageId: Q }],
      ['listApplications', { villageId: Q }],
      ['auditLog', { villageId: Q }],
      ['createInvite', { villageId: Q }],
      ['createHousehold', { villageId: Q, gridId: `${Q}:g1`, headName: '甲', address: '乙' }],
      ['createOfflineResident', { villageId: Q, householdId: `${Q}:h:h01`, name: '甲' }],
      ['reviewApplication', { villageId: Q, applicationId: `${Q}:u:demo-applicant-1`, decision: 'approve', householdId: `${Q}:h:h02` }],
      ['assignRole', { villageId: Q, memberId: `${Q}:u:${P.otherVillager}`, role: 'committee' }],
    ];
    for (const who of [P.otherVillager, P.otherCommittee]) {
      for (const [action, payload] of attempts) {
        const before = snapshot();
        const { answer } = await call(who, action, payload);
        expect([who, action, answer.ok, answer.error?.code]).toEqual([who, action, false, 'not_member']);
        expect(snapshot()).toBe(before);
        expect(JSON.stringify(answer)).not.toContain('王小梅');
      }
    }
    // 柳树村's committee naming 青石村 targets under its own village id
    for (const [action, payload] of [
      ['reviewApplication', { villageId: L, applicationId: `${Q}:u:demo-applicant-1`, decision: 'reject', reason: '无' }],
      ['updateOfflineResident', { villageId: L, residentId: `${Q}:off:h01-1`, patch: { name: '改' } }],
      ['revokeInvite', { villageId: L, inviteId: `invite:${DEMO_INVITE_CODE}` }],
      ['createOfflineResident', { villageId: L, householdId: `${Q}:h:h01`, name: '甲' }],
    ] as const) {
      const before = snapshot();
      expect([action, (await call(P.otherCommittee, action, payload)).answer.error?.code]).toEqual([action, 'village_mismatch']);
      expect(snapshot()).toBe(before);
    }
  });

  it('bad envelopes, unknown actions, wrong types, oversize strings: a clear code each, nothing written', async () => {
    const before = snapshot();
    const cases: [unknown, string][] = [
      [null, 'invalid_envelope'],
      ['joinByInvite', 'invalid_envelope'],
      [{ action: 'joinByInvite', payload: { code: DEMO_INVITE_CODE, name: '甲' } }, 'invalid_envelope'],
      [{ action: 'joinByInvite', payload: [1], requestId: rid('x') }, 'invalid_envelope'],
      [{ action: 'dropDatabase', payload: {}, requestId: rid('x') }, 'unknown_action'],
      [{ action: '__proto__', payload: {}, requestId: rid('x') }, 'invalid_envelope'],
      [{ action: 'joinByInvite', payload: { code: 123456, name: '甲' }, requestId: rid('x') }, 'invalid_input'],
      [{ action: 'joinByInvite', payload: { code: DEMO_INVITE_CODE, name: '甲'.repeat(200) }, requestId: rid('x') }, 'invalid_input'],
      [{ action: 'joinByInvite', payload: { code: DEMO_INVITE_CODE, name: '甲', address: 'x'.repeat(5000) }, requestId: rid('x') }, 'invalid_input'],
      [{ action: 'createInvite', payload: { villageId: Q, maxUses: '9' }, requestId: rid('x') }, 'invalid_input'],
      [{ action: 'createInvite', payload: { villageId: { $ne: null } }, requestId: rid('x') }, 'invalid_input'],
      [{ action: 'listResidents', payload: { villageId: Q, pageSize: 5000 }, requestId: rid('x') }, 'invalid_input'],
    ];
    for (const [event, expected] of cases) expect([event, await errorCode('o-int-bad-1', event)]).toEqual([event, expected]);
    expect(snapshot()).toBe(before);
  });

  it('text msgSecCheck calls risky is refused before anything is written', async () => {
    const before = snapshot();
    const { answer, dbCalls } = await call('o-int-scam-1', 'joinByInvite', { code: DEMO_INVITE_CODE, name: '李四', householdHint: '刷单返利找我' });
    expect(answer.error?.code).toBe('content_risky');
    expect(dbCalls).toBe(1);
    expect(snapshot()).toBe(before);
  });

  it('expired and reused invite codes are refused, nothing half written', async () => {
    const invite = await ok(P.committee, 'createInvite', { villageId: Q, expiresInDays: 1, maxUses: 1 });
    await ok('o-int-first-1', 'joinByInvite', { code: invite.code, name: '第一人' });
    let before = snapshot();
    // reused: used up by the first person
    expect((await call('o-int-second-1', 'joinByInvite', { code: invite.code, name: '第二人' })).answer.error?.code).toBe('invite_used_up');
    // reused by the same person: told they already applied
    expect((await call('o-int-first-1', 'joinByInvite', { code: invite.code, name: '第一人' })).answer.error?.code).toBe('already_applied');
    expect(snapshot()).toBe(before);

    const fresh = await ok(P.committee, 'createInvite', { villageId: Q, expiresInDays: 1, maxUses: 10 });
    emu.clock.advance(2 * DAY);
    try {
      before = snapshot();
      expect((await call('o-int-late-1', 'joinByInvite', { code: fresh.code, name: '迟到的人' })).answer.error?.code).toBe('invite_expired');
      expect(snapshot()).toBe(before);
    } finally {
      emu.clock.advance(-2 * DAY);
    }
  });

  it('the same requestId twice makes one record; other content under it is refused', async () => {
    const requestId = rid('twice');
    const payload = { villageId: Q, gridId: `${Q}:g1`, headName: '重试户', address: '青石村东头组40号' };
    const first = await call(P.gridWorker, 'createHousehold', payload, requestId);
    const second = await call(P.gridWorker, 'createHousehold', payload, requestId);
    expect(second.answer).toEqual(first.answer);
    expect(register().filter((d) => d.headName === '重试户')).toHaveLength(1);
    expect(auditOf(requestId)).toHaveLength(1);
    const before = snapshot();
    expect((await call(P.gridWorker, 'createHousehold', { ...payload, headName: '别的户' }, requestId)).answer.error?.code).toBe('exists_with_different_content');
    expect(snapshot()).toBe(before);
  });

  it('every account action makes at most 3 database round trips (first try and retry), and no DNS look-ups', async () => {
    emu.stats.reset();
    const steps = await accountTour(async (openid, event) => {
      const out = await emu.invoke('account', event, { openid });
      if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
      return { ...(out.result as { ok: boolean }), dbCalls: out.dbCalls };
    });
    for (const s of steps) {
      expect([s.action, s.ok, s.code]).toEqual([s.action, true, undefined]);
      expect([s.action, s.dbCalls > 0 && s.dbCalls <= 3, s.retryDbCalls <= 3]).toEqual([s.action, true, true]);
    }
    // timer actions (dailyDigest) are not a user's to call
    expect([...new Set(steps.map((s) => s.action))].sort()).toEqual(Object.entries(accountActions).filter(([, def]) => def.who !== 'timer').map(([a]) => a).sort());
    expect(emu.stats.invocations.length).toBe(steps.length * 2);
    expect(emu.stats.invocations.flatMap((i) => i.dnsLookups)).toEqual([]);
  });
});
