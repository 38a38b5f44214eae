/** How long a kept `me` is trusted between the board's stamps (client/src/state/me-fresh.ts; a pure module). */
import { ME_FRESH_MS, ME_FRESH_STAMPED_MS, meFreshForMs } from '../../client/src/state/me-fresh';
import type { MeOutput } from '../../server/account/contract';

const membership = (villageId: string) => ({
  memberId: `${villageId}:u:o-1`,
  villageId,
  villageName: '青石村',
  townshipId: 'hexi',
  status: 'active' as const,
  roles: ['resident' as const],
  gridIds: [],
  name: '张桂兰',
  householdId: `${villageId}:h:h1`,
  gridId: `${villageId}:g1`,
  uploadPrefix: `u/${villageId}/0123456789abcdef/`,
  stamp: 'stamp',
});

describe('a kept `me`', () => {
  test('of a member of one village (all of it under the stamp) is trusted 30 days', () => {
    const me: MeOutput = { memberships: [membership('qingshi')], applications: [], township: null };
    expect(meFreshForMs(me)).toBe(ME_FRESH_STAMPED_MS);
    expect(ME_FRESH_STAMPED_MS).toBe(30 * 24 * 3600_000);
  });

  test('with parts one village\'s stamp cannot cover is trusted 7 days', () => {
    const pending = { ...membership('liushu'), status: 'pending' as const };
    const cases: MeOutput[] = [
      { memberships: [membership('qingshi'), membership('liushu')], applications: [], township: null },
      { memberships: [membership('qingshi')], applications: [pending], township: null },
      { memberships: [membership('qingshi')], applications: [], township: { townshipId: 'hexi', name: '河西镇', villages: [{ villageId: 'qingshi', name: '青石村' }] } },
      { memberships: [], applications: [pending], township: null },
    ];
    for (const me of cases) expect(meFreshForMs(me)).toBe(ME_FRESH_MS);
    expect(ME_FRESH_MS).toBe(7 * 24 * 3600_000);
  });
});
