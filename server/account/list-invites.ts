/** listInvites — the committee's invite codes with how often each was used. Caller, invites, use counts. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import { villageScoped, type InviteView } from './contract';
import { inviteView, type InviteDoc } from './model';

export const listInvites = defineAction({
  input: z.object({ ...villageScoped }),
  output: returns<{ items: InviteView[] }>(),
  who: ['committee'],
  run: async (ctx, { villageId }) => {
    const { caller } = await loadCaller(ctx, villageId);
    requireRole(caller, ['committee']);
    const invites = (await ctx.store.find(REGISTER, { kind: 'invite', villageId }, { orderBy: [['createdAt', 'desc']], limit: 100 })) as InviteDoc[];
    if (invites.length === 0) return { items: [] };
    const uses = await ctx.store.aggregate(REGISTER, [
      { $match: { kind: 'person', villageId, inviteId: { $in: invites.map((i) => i._id) } } },
      { $group: { _id: '$inviteId', n: { $sum: 1 } } },
      { $limit: 1000 },
    ]);
    const count = new Map(uses.map((u) => [u._id as string, Number(u.n)]));
    return { items: invites.map((i) => inviteView(i, count.get(i._id) ?? 0, ctx.now)) };
  },
});
