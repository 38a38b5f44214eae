/**
 * me — my memberships, my applications, and the villages my township role covers. One read. Each active
 * membership carries my upload prefix in that village: where the phone puts my photos and voice notes (the
 * only fileIDs the functions accept from me — kernel/files.ts) and its stamp (kernel/auth.ts memberStamp): the
 * board's answer carries the stamp, and the phone asks `me` again only when the two differ. Each also
 * carries my grid with its workers' phones (kernel/auth.ts myGridOf), joined in the same read: a resident's
 * 网格 tab and the 长辈 home's 找网格员 need no call of their own.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, memberStamp, myGridOf, myGridStages } from '../kernel/auth';
import { uploadPrefix } from '../kernel/files';
import type { MeOutput } from './contract';
import { membershipView, type PersonDoc } from './model';

export const me = defineAction({
  /** who am I here: memberships, pending applications, township villages */
  input: z.object({}),
  output: returns<MeOutput>(),
  who: 'anyone',
  run: async (ctx, _input) => {
    const rows = await ctx.store.aggregate(REGISTER, [
      { $match: { openid: ctx.openid, kind: 'person' } },
      { $sort: { villageId: 1 } },
      { $limit: 200 },
      ...myGridStages(),
    ]);
    // each row is my entry with its village's entry and my grid's people joined (membershipView picks its fields)
    const docs = rows as unknown as PersonDoc[];
    const active = docs.filter((d) => d.status === 'active');
    const staff = active.filter((d) => d.roles.includes('township'));
    return {
      memberships: active.map((d) => {
        const myGrid = myGridOf(d, d);
        return { ...membershipView(d), uploadPrefix: uploadPrefix(d.villageId, ctx.openid), stamp: memberStamp(d, myGrid), myGrid };
      }),
      applications: docs.filter((d) => d.status !== 'active').map(membershipView),
      township: staff.length
        ? { townshipId: staff[0].townshipId, name: staff[0].townshipName, villages: staff.map((d) => ({ villageId: d.villageId, name: d.villageName })) }
        : null,
    };
  },
});
