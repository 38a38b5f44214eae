/**
 * The account commands through the real router over the demo township in a memory store:
 * joining, review, offline residents, roles, isolation between villages, idempotency, round trips.
 */
import { DEMO_GROUP_OPENGID, DEMO_INVITE_CODE, DEMO_OPENIDS as P } from '../../../demo/village';
import { AUDIT } from '../../../server/kernel/audit';
import { REGISTER } from '../../../server/kernel/auth';
import { AppError } from '../../../server/kernel/errors';
import type { Store } from '../../../server/kernel/store';
import { harness, rid, T0, type Harness } from '../server/harness';

const Q = 'qingshi';
const L = 'liushu';
const DAY = 24 * 3600 * 1000;
const NEW = 'o-newcomer-0001';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

const code = (a: { ok: boolean; error?: { code: string } } | { ok: true }) => ('error' in a && a.error ? a.error.code : 'ok');

describe('joining by invite code, approved by the committee', () => {
  it('a newcomer applies, the committee approves into a household, and the newcomer is a resident of its grid', async () => {
    const joined = await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE.toLowerCase(), name: '新村民', phone: '13912345678', address: '青石村东头组30号' });
    expect(joined).toEqual({ applicationId: `${Q}:u:${NEW}`, villageId: Q, villageName: '青石村', status: 'pending' });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);

    const before = await h.ok(NEW, 'me', {});
    expect(before.memberships).toEqual([]);
    expect(before.applications).toMatchObject([{ villageId: Q, status: 'pending', name: '新村民' }]);
    // not yet a member: nothing of the village is readable
    expect(code(await h.call(NEW, 'villageOverview', { villageId: Q }))).toBe('not_member');

    const queue = await h.ok(P.committee, 'listApplications', { villageId: Q });
    expect(queue.items.map((a) => a.applicationId)).toContain(joined.applicationId);
    expect(queue.items.find((a) => a.applicationId === joined.applicationId)?.phone).toBe('13912345678');

    const reviewed = await h.ok(P.committee, 'reviewApplication', { villageId: Q, applicationId: joined.applicationId, decision: 'approve', householdId: `${Q}:h:h01` });
    expect(reviewed).toEqual({ applicationId: joined.applicationId, status: 'active', householdId: `${Q}:h:h01`, gridId: `${Q}:g1` });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);

    const after = await h.ok(NEW, 'me', {});
    expect(after.memberships).toMatchObject([{ villageId: Q, status: 'active', roles: ['resident'], gridId: `${Q}:g1`, householdId: `${Q}:h:h01` }]);
    expect((await h.ok(NEW, 'villageOverview', { villageId: Q })).name).toBe('青石村');

    const trail = await h.ok(P.committee, 'auditLog', { villageId: Q });
    expect(trail.items.slice(0, 2).map((a) => a.action)).toEqual(['reviewApplication', 'joinByInvite']);
    expect(trail.items[0]).toMatchObject({ actorId: `${Q}:u:${P.committee}`, targetId: joined.applicationId });
  });

  it('a refused applicant sees the reason and may apply again', async () => {
    const { applicationId } = await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民' });
    await h.ok(P.committee, 'reviewApplication', { villageId: Q, applicationId, decision: 'reject', reason: '查无此户，请先联系网格员' });
    expect((await h.ok(NEW, 'me', {})).applications).toMatchObject([{ status: 'rejected', rejectReason: '查无此户，请先联系网格员' }]);
    expect(code(await h.call(P.committee, 'reviewApplication', { villageId: Q, applicationId, decision: 'approve', householdId: `${Q}:h:h01` }))).toBe('application_not_pending');
    expect((await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民', householdHint: '王德福家' })).status).toBe('pending');
  });

  it('members and pending applicants are told so instead of applying twice', async () => {
    expect(code(await h.call(P.resident, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '王小梅' }))).toBe('already_member');
    await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民' });
    expect(code(await h.call(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民' }))).toBe('already_applied');
  });
});

describe('invite codes that must not work', () => {
  const unchanged = async (f: () => Promise<unknown>) => {
    const before = h.snapshot();
    await f();
    expect(h.snapshot()).toBe(before);
  };

  it('unknown code', async () => {
    await unchanged(async () => expect(code(await h.call(NEW, 'joinByInvite', { code: 'ZZZZZZ', name: '甲' }))).toBe('invite_not_found'));
  });

  it('expired code (moving the clock), with nothing written', async () => {
    const invite = await h.ok(P.committee, 'createInvite', { villageId: Q, expiresInDays: 1, maxUses: 5 });
    h.now.value = T0 + 2 * DAY;
    await unchanged(async () => expect(code(await h.call(NEW, 'joinByInvite', { code: invite.code, name: '甲' }))).toBe('invite_expired'));
  });

  it('used-up code: the second person is refused, with nothing written', async () => {
    const invite = await h.ok(P.committee, 'createInvite', { villageId: Q, maxUses: 1 });
    await h.ok('o-first-0001', 'joinByInvite', { code: invite.code, name: '甲' });
    await unchanged(async () => expect(code(await h.call('o-second-001', 'joinByInvite', { code: invite.code, name: '乙' }))).toBe('invite_used_up'));
    const listed = await h.ok(P.committee, 'listInvites', { villageId: Q });
    expect(listed.items.find((i) => i.code === invite.code)).toMatchObject({ uses: 1, status: 'used_up' });
  });

  it('revoked code', async () => {
    const invite = await h.ok(P.committee, 'createInvite', { villageId: Q });
    expect(await h.ok(P.committee, 'revokeInvite', { villageId: Q, inviteId: invite.inviteId })).toEqual({ inviteId: invite.inviteId, status: 'revoked' });
    await unchanged(async () => expect(code(await h.call(NEW, 'joinByInvite', { code: invite.code, name: '甲' }))).toBe('invite_revoked'));
  });

  it('only the committee makes or voids codes', async () => {
    expect(code(await h.call(P.resident, 'createInvite', { villageId: Q }))).toBe('forbidden');
    expect(code(await h.call(P.gridWorker, 'createInvite', { villageId: Q }))).toBe('forbidden');
    expect(code(await h.call(P.otherCommittee, 'revokeInvite', { villageId: L, inviteId: `invite:${DEMO_INVITE_CODE}` }))).toBe('village_mismatch');
  });
});

describe('joining through the village group share card', () => {
  it('a bound group leads to its village; an unbound one does not', async () => {
    const group = { cloudID: `dev-opengid:${DEMO_GROUP_OPENGID}` };
    expect(await h.ok(NEW, 'joinByGroupCard', { group, name: '群里的人' })).toMatchObject({ villageId: Q, status: 'pending' });
    expect(code(await h.call('o-other-0001', 'joinByGroupCard', { group: { cloudID: 'dev-opengid:G-unknown' }, name: '甲' }))).toBe('group_not_bound');
  });

  it('the committee binds a group once; another village cannot take it', async () => {
    const group = { cloudID: 'dev-opengid:G-new-group' };
    expect(await h.ok(P.committee, 'bindGroup', { villageId: Q, group, groupName: '青石村二群' })).toEqual({ villageId: Q, alreadyBound: false });
    expect(await h.ok(P.committee, 'bindGroup', { villageId: Q, group })).toEqual({ villageId: Q, alreadyBound: true });
    expect(code(await h.call(P.otherCommittee, 'bindGroup', { villageId: L, group }))).toBe('group_bound_elsewhere');
    expect(code(await h.call(P.gridWorker, 'bindGroup', { villageId: Q, group }))).toBe('forbidden');
    expect((await h.ok(P.committee, 'villageOverview', { villageId: Q })).boundGroups).toBe(2);
  });
});

describe('offline residents (no WeChat), kept by their grid worker', () => {
  it('the grid worker registers one in their grid, openly marked offline and managed by them', async () => {
    const r = await h.ok(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h05`, name: '杨老汉', birthYear: 1940, elderly: true, phone: '13600001234' });
    expect(r).toMatchObject({ offline: true, managedBy: `${Q}:u:${P.gridWorker}`, gridId: `${Q}:g1`, elderly: true, roles: ['resident'] });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    const stored = h.store.all(REGISTER).find((d) => d._id === r.residentId)!;
    expect(stored).toMatchObject({ offline: true, openid: null, status: 'active' });
    const audit = h.store.all(AUDIT).find((a) => a.targetId === r.residentId)!;
    expect(audit).toMatchObject({ onBehalfOf: r.residentId, actorId: `${Q}:u:${P.gridWorker}` });

    const updated = await h.ok(P.gridWorker, 'updateOfflineResident', { villageId: Q, residentId: r.residentId, patch: { phone: null, note: '女儿在外地' } });
    expect(updated).toMatchObject({ phone: null, note: '女儿在外地', name: '杨老汉' });
    // phones stay out of the audit trail
    expect(JSON.stringify(h.store.all(AUDIT))).not.toContain('13600001234');
  });

  it('outside their grids a grid worker is refused; residents are refused; WeChat members cannot be edited as offline', async () => {
    expect(code(await h.call(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h17`, name: '甲' }))).toBe('village_mismatch');
    expect(code(await h.call(P.resident, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h01`, name: '甲' }))).toBe('forbidden');
    expect(code(await h.call(P.gridWorker, 'updateOfflineResident', { villageId: Q, residentId: `${Q}:u:${P.resident}`, patch: { name: '改名' } }))).toBe('not_offline_resident');
    expect(await h.ok(P.committee, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h17`, name: '韩老太' })).toMatchObject({ gridId: `${Q}:g3` });
  });

  it('a grid worker registers a household in their own grid only', async () => {
    expect(await h.ok(P.gridWorker, 'createHousehold', { villageId: Q, gridId: `${Q}:g2`, headName: '新户主', address: '青石村西头组30号' })).toMatchObject({ gridId: `${Q}:g2` });
    expect(code(await h.call(P.gridWorker, 'createHousehold', { villageId: Q, gridId: `${Q}:g4`, headName: '甲', address: '乙' }))).toBe('village_mismatch');
    expect(code(await h.call(P.committee, 'createHousehold', { villageId: Q, gridId: `${Q}:g9`, headName: '甲', address: '乙' }))).toBe('grid_not_found');
  });
});

describe('who sees what', () => {
  it('grid workers list their grids only; the committee all; residents nothing', async () => {
    const mine = await h.ok(P.gridWorker, 'listHouseholds', { villageId: Q, pageSize: 100 });
    expect(new Set(mine.items.map((x) => x.gridId))).toEqual(new Set([`${Q}:g1`, `${Q}:g2`]));
    expect(mine.items).toHaveLength(16);
    expect((await h.ok(P.committee, 'listHouseholds', { villageId: Q, pageSize: 100 })).items).toHaveLength(32);
    expect(code(await h.call(P.gridWorker, 'listResidents', { villageId: Q, gridId: `${Q}:g3` }))).toBe('village_mismatch');
    expect(code(await h.call(P.resident, 'listResidents', { villageId: Q }))).toBe('forbidden');
  });

  it('phones: in full for the committee and the grid worker, masked for township staff', async () => {
    const byCommittee = await h.ok(P.committee, 'listResidents', { villageId: Q, gridId: `${Q}:g1`, pageSize: 100 });
    const byTownship = await h.ok(P.township, 'listResidents', { villageId: Q, gridId: `${Q}:g1`, pageSize: 100 });
    const full = byCommittee.items.filter((r) => r.phone).map((r) => r.phone!);
    expect(full.length).toBeGreaterThan(3);
    expect(full.every((p) => /^1\d{10}$/.test(p))).toBe(true);
    expect(byTownship.items.filter((r) => r.phone).every((r) => /^1\d{2}\*{4}\d{4}$/.test(r.phone!))).toBe(true);
    expect(JSON.stringify(byTownship)).not.toContain(full[0]);
  });

  it('pages through residents with a cursor', async () => {
    const first = await h.ok(P.committee, 'listResidents', { villageId: Q, pageSize: 10 });
    expect(first.items).toHaveLength(10);
    const second = await h.ok(P.committee, 'listResidents', { villageId: Q, pageSize: 10, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.residentId)).not.toContain(first.items[0].residentId);
  });

  it('the village overview counts grids, households, residents, elderly and offline people', async () => {
    const o = await h.ok(P.resident, 'villageOverview', { villageId: Q });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(o.grids).toHaveLength(4);
    expect(o.counts.households).toBe(32);
    expect(o.counts.residents).toBeGreaterThanOrEqual(60);
    expect(o.counts.elderly).toBeGreaterThan(10);
    expect(o.counts.offline).toBeGreaterThan(10);
    expect(o.counts.pendingApplications).toBe(2);
    expect(o.grids[0].workers.map((w) => w.name)).toEqual(['张建军']);
    expect(o.committee.map((m) => m.name).sort()).toEqual(['胡学文', '陈国强'].sort());
    expect(o.grids.reduce((n, g) => n + g.households, 0)).toBe(32);
    // the one number shown is the caller's own grid worker's (a public contact: 找网格员); no other
    const own = o.grids.find((g) => g.gridId === 'qingshi:g1')!;
    expect(own.workers[0].phone).toMatch(/^1\d{10}$/);
    const others = { ...o, grids: o.grids.filter((g) => g !== own) };
    expect(JSON.stringify(others)).not.toMatch(/1\d{10}/);
  });

  it('township staff see both villages of their township; nobody else may', async () => {
    const t = await h.ok(P.township, 'dashboard', {});
    expect(t.villages.map((v) => v.villageId).sort()).toEqual([L, Q]);
    expect(t.villages.find((v) => v.villageId === Q)!.households).toBe(32);
    expect(t.masked).toBe(true);
    expect(code(await h.call(P.committee, 'dashboard', {}))).toBe('not_township_staff');
    const me = await h.ok(P.township, 'me', {});
    expect(me.township?.villages.map((v) => v.name).sort()).toEqual(['柳树村', '青石村'].sort());
    // read, not run: township staff cannot act as the committee
    expect(code(await h.call(P.township, 'createInvite', { villageId: Q }))).toBe('forbidden');
  });
});

describe('isolation: village A cannot read or change village B', () => {
  const foreignReads = [
    ['villageOverview', { villageId: L }],
    ['listHouseholds', { villageId: L }],
    ['listResidents', { villageId: L }],
    ['listApplications', { villageId: L }],
    ['listInvites', { villageId: L }],
    ['auditLog', { villageId: L }],
  ] as const;
  const foreignWrites = [
    ['createInvite', { villageId: L }],
    ['createHousehold', { villageId: L, gridId: `${L}:g1`, headName: '甲', address: '乙' }],
    ['createOfflineResident', { villageId: L, householdId: `${L}:h:h01`, name: '甲' }],
    ['assignRole', { villageId: L, memberId: `${L}:u:${P.otherVillager}`, role: 'committee' }],
    ['bindGroup', { villageId: L, group: { cloudID: 'dev-opengid:G-steal' } }],
  ] as const;

  it.each([...foreignReads, ...foreignWrites])('%s on the other village: not_member, nothing written', async (action, payload) => {
    for (const who of [P.committee, P.gridWorker, P.resident]) {
      const before = h.snapshot();
      expect(code(await h.call(who, action as never, payload as never))).toBe('not_member');
      expect(h.snapshot()).toBe(before);
    }
  });

  it("targets of village B named under village A's id are refused as village_mismatch", async () => {
    const cases = [
      ['reviewApplication', { villageId: Q, applicationId: `${L}:u:${P.otherVillager}`, decision: 'reject', reason: '无' }],
      ['createOfflineResident', { villageId: Q, householdId: `${L}:h:h01`, name: '甲' }],
      ['updateOfflineResident', { villageId: Q, residentId: `${L}:off:h02-3`, patch: { name: '甲' } }],
      ['assignRole', { villageId: Q, memberId: `${L}:u:${P.otherVillager}`, role: 'committee' }],
      ['revokeRole', { villageId: Q, memberId: `${L}:u:${P.otherCommittee}`, role: 'committee' }],
      ['revokeInvite', { villageId: Q, inviteId: 'invite:LS2025' }],
    ] as const;
    for (const [action, payload] of cases) {
      const before = h.snapshot();
      expect([action, code(await h.call(P.committee, action as never, payload as never))]).toEqual([action, 'village_mismatch']);
      expect(h.snapshot()).toBe(before);
    }
    expect(code(await h.call(P.committee, 'listResidents', { villageId: Q, householdId: `${L}:h:h01` }))).toBe('ok');
    expect((await h.ok(P.committee, 'listResidents', { villageId: Q, householdId: `${L}:h:h01` })).items).toEqual([]);
  });
});

describe('roles', () => {
  it('the committee makes a member grid worker over grids, and takes it back', async () => {
    const member = `${Q}:u:${P.resident}`;
    expect(await h.ok(P.committee, 'assignRole', { villageId: Q, memberId: member, role: 'grid_worker', gridIds: [`${Q}:g3`] })).toEqual({ memberId: member, roles: ['resident', 'grid_worker'], gridIds: [`${Q}:g3`] });
    expect((await h.ok(P.resident, 'listHouseholds', { villageId: Q })).items.every((x) => x.gridId === `${Q}:g3`)).toBe(true);
    expect(await h.ok(P.committee, 'revokeRole', { villageId: Q, memberId: member, role: 'grid_worker' })).toEqual({ memberId: member, roles: ['resident'], gridIds: [] });
    expect(code(await h.call(P.resident, 'listHouseholds', { villageId: Q }))).toBe('forbidden');
  });

  it('refuses unknown grids, offline residents, self-demotion and non-committee callers', async () => {
    expect(code(await h.call(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'grid_worker', gridIds: [`${Q}:g7`] }))).toBe('grid_not_found');
    expect(code(await h.call(P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:off:h01-1`, role: 'committee' }))).toBe('member_not_active');
    expect(code(await h.call(P.committee, 'revokeRole', { villageId: Q, memberId: `${Q}:u:${P.committee}`, role: 'committee' }))).toBe('cannot_revoke_self');
    expect(code(await h.call(P.gridWorker, 'assignRole', { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'committee' }))).toBe('forbidden');
  });
});

describe('idempotency: a requestId is done once', () => {
  it('the same request twice makes one record and answers the same', async () => {
    const requestId = rid('dup');
    const payload = { villageId: Q, householdId: `${Q}:h:h05`, name: '杨老汉' };
    const first = await h.call(P.gridWorker, 'createOfflineResident', payload, requestId);
    const snapshot = h.snapshot();
    const second = await h.call(P.gridWorker, 'createOfflineResident', payload, requestId);
    expect(second).toEqual(first);
    expect(h.snapshot()).toBe(snapshot);
    expect(h.store.all(REGISTER).filter((d) => d.name === '杨老汉')).toHaveLength(1);
    expect(h.store.all(AUDIT).filter((a) => a.requestId === requestId)).toHaveLength(1);
  });

  it.each([
    ['joinByInvite', NEW, { code: DEMO_INVITE_CODE, name: '新村民' }, { code: DEMO_INVITE_CODE, name: '另一个名字' }],
    ['createInvite', P.committee, { villageId: Q, maxUses: 5 }, { villageId: Q, maxUses: 6 }],
    ['createHousehold', P.committee, { villageId: Q, gridId: `${Q}:g1`, headName: '甲', address: '乙' }, { villageId: Q, gridId: `${Q}:g1`, headName: '丙', address: '乙' }],
    ['reviewApplication', P.committee, { villageId: Q, applicationId: `${Q}:u:demo-applicant-1`, decision: 'approve', householdId: `${Q}:h:h02` }, { villageId: Q, applicationId: `${Q}:u:demo-applicant-1`, decision: 'reject', reason: '不同' }],
    ['assignRole', P.committee, { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'committee' }, { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'grid_worker', gridIds: [`${Q}:g1`] }],
  ] as const)('%s: a retry answers from the record; other content under the same id is refused', async (action, who, payload, other) => {
    const requestId = rid(action);
    const first = await h.call(who, action as never, payload as never, requestId);
    expect(first.ok).toBe(true);
    const snapshot = h.snapshot();
    expect(await h.call(who, action as never, payload as never, requestId)).toEqual(first);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(code(await h.call(who, action as never, other as never, requestId))).toBe('exists_with_different_content');
    expect(h.snapshot()).toBe(snapshot);
  });

  it('a retry heals a request that died between its change and its audit record', async () => {
    const requestId = rid('heal');
    const payload = { villageId: Q, applicationId: `${Q}:u:demo-applicant-2`, decision: 'approve', householdId: `${Q}:h:h25` } as const;
    // the first try's audit append fails (the function died there)
    h.wrap((s: Store): Store => ({
      ...s,
      getMany: s.getMany.bind(s),
      get: s.get.bind(s),
      find: s.find.bind(s),
      put: s.put.bind(s),
      updateWhere: s.updateWhere.bind(s),
      aggregate: s.aggregate.bind(s),
      create: async (c, d) => {
        if (c === AUDIT) throw new Error('function timed out');
        return s.create(c, d);
      },
    }));
    expect(code(await h.call(P.committee, 'reviewApplication', payload, requestId))).toBe('internal');
    expect(h.store.all(REGISTER).find((d) => d._id === payload.applicationId)).toMatchObject({ status: 'active' });
    expect(h.store.all(AUDIT).filter((a) => a.requestId === requestId)).toHaveLength(0);

    h.wrap((s) => s);
    const retry = await h.call(P.committee, 'reviewApplication', payload, requestId);
    expect(retry).toMatchObject({ ok: true, data: { status: 'active', gridId: `${Q}:g4` } });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.store.all(AUDIT).filter((a) => a.requestId === requestId)).toHaveLength(1);
  });
});

describe('bad input and bad text', () => {
  it('refuses oversize and malformed fields before anything is read', async () => {
    for (const payload of [
      { code: DEMO_INVITE_CODE, name: '长'.repeat(21) },
      { code: DEMO_INVITE_CODE, name: '甲', phone: '12345' },
      { code: 'A B', name: '甲' },
      { code: DEMO_INVITE_CODE, name: 42 },
      { code: DEMO_INVITE_CODE, name: '   ' },
    ]) {
      expect(code(await h.call(NEW, 'joinByInvite', payload as never))).toBe('invalid_input');
      expect(h.lastCalls).toHaveLength(0);
    }
    expect(code(await h.call(P.committee, 'listResidents', { villageId: 'qingshi/../liushu' }))).toBe('invalid_input');
    expect(code(await h.call(P.committee, 'createInvite', { villageId: Q, maxUses: 100000 }))).toBe('invalid_input');
  });

  it('text judged risky by msgSecCheck is refused, with nothing written', async () => {
    const before = h.snapshot();
    expect(code(await h.call(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '甲', householdHint: '加我刷单返利' }))).toBe('content_risky');
    expect(h.snapshot()).toBe(before);
  });
});

describe('the round-trip budget', () => {
  it('every account action makes at most 3 store calls', async () => {
    const { applicationId } = await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民' });
    const invite = await h.ok(P.committee, 'createInvite', { villageId: Q });
    const offline = await h.ok(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h01`, name: '甲' });
    const calls: [string, string, unknown][] = [
      [P.resident, 'me', {}],
      [P.resident, 'villageOverview', { villageId: Q }],
      [P.committee, 'createInvite', { villageId: Q }],
      [P.committee, 'listInvites', { villageId: Q }],
      [P.committee, 'revokeInvite', { villageId: Q, inviteId: invite.inviteId }],
      ['o-join-00002', 'joinByInvite', { code: DEMO_INVITE_CODE, name: '乙' }],
      [P.committee, 'bindGroup', { villageId: Q, group: { cloudID: 'dev-opengid:G-budget' } }],
      ['o-join-00003', 'joinByGroupCard', { group: { cloudID: 'dev-opengid:G-budget' }, name: '丙' }],
      [P.committee, 'listApplications', { villageId: Q }],
      [P.committee, 'reviewApplication', { villageId: Q, applicationId, decision: 'approve', householdId: `${Q}:h:h03` }],
      [P.gridWorker, 'listHouseholds', { villageId: Q }],
      [P.gridWorker, 'listResidents', { villageId: Q }],
      [P.gridWorker, 'createHousehold', { villageId: Q, gridId: `${Q}:g1`, headName: '丁', address: '戊' }],
      [P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h02`, name: '己' }],
      [P.gridWorker, 'updateOfflineResident', { villageId: Q, residentId: offline.residentId, patch: { elderly: true } }],
      [P.committee, 'assignRole', { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'committee' }],
      [P.committee, 'revokeRole', { villageId: Q, memberId: `${Q}:u:${P.resident}`, role: 'committee' }],
      [P.committee, 'auditLog', { villageId: Q }],
      [P.township, 'dashboard', {}],
      [P.committee, 'dashboardItems', { villageId: Q, metric: 'households_not_participating' }],
      [P.committee, 'exportTable', { villageId: Q, table: 'audit' }],
      [P.committee, 'verifyAudit', { villageId: Q }],
      [P.gridWorker, 'inbox', { villageId: Q }],
      [P.gridWorker, 'inboxUnread', { villageId: Q }],
      [P.gridWorker, 'markInboxRead', { villageId: Q, upTo: T0 }],
      [P.resident, 'subscribeDigest', { villageId: Q, templateIds: ['demo-daily-digest'] }],
    ];
    const seen = new Set<string>();
    for (const [who, action, payload] of calls) {
      const answer = await h.call(who, action as never, payload as never);
      expect([action, answer.ok]).toEqual([action, true]);
      expect([action, h.lastCalls.length <= 3]).toEqual([action, true]);
      seen.add(action);
    }
    const { accountActions } = await import('../../../server/account/spec');
    // timer actions (dailyDigest) cannot be called by a user; they have their own tests
    expect([...seen].sort()).toEqual(Object.entries(accountActions).filter(([, def]) => def.who !== 'timer').map(([a]) => a).sort());
  });
});

it('AppError carries a known code', () => {
  expect(new AppError('not_found').code).toBe('not_found');
});
