/**
 * joinByInvite — anyone with a code asks to join its village. One read brings the invite, my own register
 * entries and the entries that used the invite (its use count); then the application, then the audit.
 * Expired, revoked and used-up codes are refused before anything is written.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { apply, precheck, replay, type Destination } from './apply';
import { applicantShape, type JoinOutput } from './contract';
import { inviteDocId, inviteStatus, type InviteDoc, type PersonDoc } from './model';

/** what a villager types: letters and digits, spaces and lower case forgiven */
const inviteCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{4,12}$/, 'code'));

export const joinByInvite = defineAction({
  /** anyone: ask to join the village behind an invite code → a pending application */
  input: z.object({ code: inviteCodeSchema, ...applicantShape }),
  output: returns<JoinOutput>(),
  who: 'anyone',
  errors: ['invite_not_found', 'invite_revoked', 'invite_expired', 'invite_used_up', 'already_member', 'already_applied'],
  run: async (ctx, input) => {
    const inviteId = inviteDocId(input.code);
    const docs = await ctx.store.find(
      REGISTER,
      { $or: [{ _id: inviteId }, { kind: 'person', openid: ctx.openid }, { kind: 'person', inviteId }] },
      // up to 500 uses + my own entries; only the fields the checks need
      { limit: 1000, fields: ['kind', 'villageId', 'villageName', 'townshipId', 'townshipName', 'openid', 'status', 'inviteId', 'reqs', 'code', 'expiresAt', 'maxUses'] },
    );
    const invite = docs.find((d) => d._id === inviteId) as InviteDoc | undefined;
    if (!invite || invite.kind !== 'invite') throw new AppError('invite_not_found');
    const mine = docs.find((d) => d.kind === 'person' && d.openid === ctx.openid && d.villageId === invite.villageId) as PersonDoc | undefined;
    const dest: Destination = {
      villageId: invite.villageId,
      villageName: invite.villageName as string,
      townshipId: invite.townshipId as string,
      townshipName: invite.townshipName as string,
      via: 'invite',
      inviteId,
    };

    const pre = precheck(ctx, mine);
    if (pre.kind === 'replay') return replay(ctx, dest, input, pre.at, pre.out);

    // a refused applicant who tries again with the same code does not use it up twice
    const uses = docs.filter((d) => d.kind === 'person' && d.inviteId === inviteId && d._id !== mine?._id).length;
    const status = inviteStatus(invite, uses, ctx.now);
    if (status === 'revoked') throw new AppError('invite_revoked');
    if (status === 'expired') throw new AppError('invite_expired');
    if (status === 'used_up') throw new AppError('invite_used_up');

    return apply(ctx, dest, input, mine);
  },
});
