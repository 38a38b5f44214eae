/** revokeInvite — the committee voids a code; people who already applied with it stay as they are. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { idSchema, villageScoped, type InviteStatus } from './contract';
import type { InviteDoc } from './model';

type Out = { inviteId: string; status: InviteStatus };

export const revokeInvite = defineAction({
  input: z.object({ ...villageScoped, inviteId: idSchema }),
  output: returns<Out>(),
  who: ['committee'],
  run: async (ctx, { villageId, inviteId }) => {
    if (!inviteId.startsWith('invite:')) throw new AppError('not_found');
    const { caller, docs } = await loadCaller(ctx, villageId, [], { globalIds: [inviteId] });
    requireRole(caller, ['committee']);
    const invite = docs.get(inviteId) as InviteDoc | undefined;
    if (!invite || invite.kind !== 'invite') throw new AppError('not_found');
    if (invite.villageId !== villageId) throw new AppError('village_mismatch');
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: inviteId, summary: `作废邀请码 ${invite.code}`, details: { code: invite.code } };

    const prior = priorOf<Out>(ctx, invite);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    const out: Out = { inviteId, status: 'revoked' };
    if (invite.status === 'revoked') return out; // nothing to change, nothing to record

    const updated = await ctx.store.updateWhere(REGISTER, { _id: inviteId, status: 'active', ...notYetApplied(ctx) }, { $set: { status: 'revoked', revokedAt: ctx.now, revokedBy: caller._id, ...markerSet(ctx, out) } });
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
