/** The role and village checks every function reuses, each layer pinned on its own. */
import { activeMember, canActInGrid, gridScope, inVillage, loadCaller, maskPhone, memberIdOf, requireGridActor, requireRole, type MemberDoc } from '../../../server/kernel/auth';
import { makeContext } from '../../../server/kernel/context';
import { AppError } from '../../../server/kernel/errors';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { CountingStore } from '../../../server/kernel/store';

const member = (over: Partial<MemberDoc> = {}): MemberDoc => ({
  _id: 'a:u:o1', kind: 'person', villageId: 'a', villageName: '甲村', townshipId: 't', townshipName: '乡', openid: 'o1',
  status: 'active', roles: ['resident'], gridIds: [], name: '张三', householdId: null, gridId: null, offline: false, ...over,
});
const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as AppError).code;
  }
};

describe('auth checks', () => {
  it('an active member of this village only', () => {
    expect(codeOf(() => activeMember(member(), 'a'))).toBe('ok');
    expect(codeOf(() => activeMember(member({ villageId: 'b' }), 'a'))).toBe('not_member');
    expect(codeOf(() => activeMember(member({ status: 'pending' }), 'a'))).toBe('not_member');
    expect(codeOf(() => activeMember(member({ offline: true }), 'a'))).toBe('not_member');
    expect(codeOf(() => activeMember(undefined, 'a'))).toBe('not_member');
  });

  it('targets must exist, be of the kind, and be in the village', () => {
    expect(codeOf(() => inVillage({ _id: 'b:h:1', kind: 'household', villageId: 'b' }, 'a', 'household'))).toBe('village_mismatch');
    expect(codeOf(() => inVillage({ _id: 'a:h:1', kind: 'person', villageId: 'a' }, 'a', 'household'))).toBe('not_found');
    expect(codeOf(() => inVillage(null, 'a'))).toBe('not_found');
  });

  it('grid workers act in their grids, the committee everywhere, residents nowhere', () => {
    const worker = member({ roles: ['resident', 'grid_worker'], gridIds: ['a:g1'] });
    expect(canActInGrid(worker, 'a:g1')).toBe(true);
    expect(canActInGrid(worker, 'a:g2')).toBe(false);
    expect(codeOf(() => requireGridActor(worker, 'a:g2'))).toBe('village_mismatch');
    expect(codeOf(() => requireGridActor(member(), 'a:g1'))).toBe('forbidden');
    expect(canActInGrid(member({ roles: ['committee'] }), 'a:g9')).toBe(true);
    expect(gridScope(member({ roles: ['township'] }))).toBe('all');
    expect(gridScope(member())).toEqual([]);
    expect(codeOf(() => requireRole(member({ roles: ['township'] }), ['committee']))).toBe('forbidden');
  });

  it('loadCaller refuses ids of another village before reading anything', async () => {
    const store = new CountingStore(new MemoryStore());
    const ctx = makeContext({ action: 'x', requestId: 'req-00000001', payload: {}, openid: 'o1', now: 0, store, openapi: createFakeOpenApi() });
    await expect(loadCaller(ctx, 'a', ['b:h:1'])).rejects.toMatchObject({ code: 'village_mismatch' });
    await expect(loadCaller(ctx, 'a', ['ab:h:1'])).rejects.toMatchObject({ code: 'village_mismatch' });
    expect(store.calls).toHaveLength(0);
    await expect(loadCaller(ctx, 'a', ['a:h:1'])).rejects.toMatchObject({ code: 'not_member' });
    expect(store.calls).toHaveLength(1);
  });

  it('member ids are deterministic and phones masked', () => {
    expect(memberIdOf('qingshi', 'oABC')).toBe('qingshi:u:oABC');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
