/** me — my memberships, my applications, and the villages my township role covers. One read. */
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { AccountParsed, MeOutput } from './contract';
import { membershipView, type PersonDoc } from './model';

export async function me(ctx: Ctx, _input: AccountParsed<'me'>): Promise<MeOutput> {
  const docs = (await ctx.store.find(REGISTER, { kind: 'person', openid: ctx.openid }, { limit: 200, orderBy: [['villageId', 'asc']] })) as PersonDoc[];
  const active = docs.filter((d) => d.status === 'active');
  const staff = active.filter((d) => d.roles.includes('township'));
  return {
    memberships: active.map(membershipView),
    applications: docs.filter((d) => d.status !== 'active').map(membershipView),
    township: staff.length
      ? { townshipId: staff[0].townshipId, name: staff[0].townshipName, villages: staff.map((d) => ({ villageId: d.villageId, name: d.villageName })) }
      : null,
  };
}
