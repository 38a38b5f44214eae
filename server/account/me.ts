/**
 * me — my memberships, my applications, and the villages my township role covers. One read. Each active
 * membership carries my upload prefix in that village: where the phone puts my photos and voice notes (the
 * only fileIDs the functions accept from me — kernel/files.ts).
 */
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { uploadPrefix } from '../kernel/files';
import type { AccountParsed, MeOutput } from './contract';
import { membershipView, type PersonDoc } from './model';

export async function me(ctx: Ctx, _input: AccountParsed<'me'>): Promise<MeOutput> {
  const docs = (await ctx.store.find(REGISTER, { kind: 'person', openid: ctx.openid }, { limit: 200, orderBy: [['villageId', 'asc']] })) as PersonDoc[];
  const active = docs.filter((d) => d.status === 'active');
  const staff = active.filter((d) => d.roles.includes('township'));
  return {
    memberships: active.map((d) => ({ ...membershipView(d), uploadPrefix: uploadPrefix(d.villageId, ctx.openid) })),
    applications: docs.filter((d) => d.status !== 'active').map(membershipView),
    township: staff.length
      ? { townshipId: staff[0].townshipId, name: staff[0].townshipName, villages: staff.map((d) => ({ villageId: d.villageId, name: d.villageName })) }
      : null,
  };
}
