/**
 * joinByInvite — anyone with a code asks to join its village. One read brings the invite, my own register
 * entries and the entries that used the invite (its use count); then the application, then the audit.
 * Expired, revoked and used-up codes are refused before anything is written.
 */
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { apply, precheck, replay, type Destination } from './apply';
import type { AccountParsed, JoinOutput } from './contract';
import { inviteDocId, inviteStatus, type InviteDoc, type PersonDoc } from './model';

export async function joinByInvite(ctx: Ctx, input: AccountParsed<'joinByInvite'>): Promise<JoinOutput> {
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
}
