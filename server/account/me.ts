/**
 * me — my memberships, my applications, and the villages my township role covers. One read. Each active
 * membership carries my upload prefix in that village: where the phone puts my photos and voice notes (the
 * only fileIDs the functions accept from me — kernel/files.ts) and its stamp (kernel/auth.ts memberStamp): the
 * board's answer carries the stamp, and the phone asks `me` again only when the two differ.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, memberStamp } from '../kernel/auth';
import { uploadPrefix } from '../kernel/files';
import type { MeOutput } from './contract';
import { membershipView, type PersonDoc } from './model';

export const me = defineAction({
  /** who am I here: memberships, pending applications, township villages */
  input: z.object({}),
  output: returns<MeOutput>(),
  who: 'anyone',
  run: async (ctx, _input) => {
    const docs = (await ctx.store.find(REGISTER, { kind: 'person', openid: ctx.openid }, { limit: 200, orderBy: [['villageId', 'asc']] })) as PersonDoc[];
    const active = docs.filter((d) => d.status === 'active');
    const staff = active.filter((d) => d.roles.includes('township'));
    return {
      memberships: active.map((d) => ({ ...membershipView(d), uploadPrefix: uploadPrefix(d.villageId, ctx.openid), stamp: memberStamp(d) })),
      applications: docs.filter((d) => d.status !== 'active').map(membershipView),
      township: staff.length
        ? { townshipId: staff[0].townshipId, name: staff[0].townshipName, villages: staff.map((d) => ({ villageId: d.villageId, name: d.villageName })) }
        : null,
    };
  },
});
