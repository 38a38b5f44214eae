/**
 * joinByGroupCard — someone opened the village's share card inside its WeChat group: WeChat resolves the
 * card's CloudID to the group's openGId (cloud.getOpenData, one openapi call, no DB); a bound group leads
 * to its village → a pending application.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { groupCardSchema } from '../kernel/open-data';
import { REGISTER } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { openGIdOf } from '../kernel/openapi';
import { apply, precheck, replay, type Destination } from './apply';
import { applicantShape, type JoinOutput } from './contract';
import { groupDocId, type GroupDoc, type PersonDoc } from './model';

export const joinByGroupCard = defineAction({
  /** anyone who opened the card from a bound group: ask to join that village → a pending application */
  input: z.object({ group: groupCardSchema, ...applicantShape }),
  output: returns<JoinOutput>(),
  who: 'anyone',
  errors: ['group_not_bound', 'already_member', 'already_applied'],
  run: async (ctx, input) => {
    const groupId = groupDocId(await openGIdOf(ctx, input.group));
    const docs = await ctx.store.find(REGISTER, { $or: [{ _id: groupId }, { kind: 'person', openid: ctx.openid }] }, { limit: 200 });
    const group = docs.find((d) => d._id === groupId) as GroupDoc | undefined;
    if (!group || group.kind !== 'group') throw new AppError('group_not_bound');
    const mine = docs.find((d) => d.kind === 'person' && d.villageId === group.villageId) as PersonDoc | undefined;
    const dest: Destination = {
      villageId: group.villageId,
      villageName: group.villageName as string,
      townshipId: group.townshipId as string,
      townshipName: group.townshipName as string,
      via: 'group_card',
      inviteId: null,
    };
    const pre = precheck(ctx, mine);
    if (pre.kind === 'replay') return replay(ctx, dest, input, pre.at, pre.out);
    return apply(ctx, dest, input, mine);
  },
});
