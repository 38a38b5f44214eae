/** createInvite — the committee makes an invite code (expiry, max uses). Read, create, audit: 3 round trips. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { REGISTER } from '../kernel/auth';
import { requireCleanText } from '../kernel/openapi';
import { villageScoped, noteSchema, type InviteView } from './contract';
import { candidateCodes } from './invite-code';
import { inviteDocId, inviteView, type InviteDoc } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;

export const createInvite = defineAction({
  input: z.object({
    ...villageScoped,
    expiresInDays: z.number().int().min(1).max(90).default(7),
    maxUses: z.number().int().min(1).max(500).default(50),
    note: noteSchema.optional(),
  }),
  output: returns<InviteView>(),
  who: ['committee'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const ids = candidateCodes(ctx.newId('invite')).map(inviteDocId);
    const { caller, docs } = await loadCaller(ctx, villageId, [], { globalIds: ids });
    requireRole(caller, ['committee']);

    for (const id of ids) {
      const prior = priorOf<InviteView>(ctx, docs.get(id));
      if (prior.kind === 'replay') {
        await appendAudit(ctx, draft(caller._id, caller.name, villageId, id, prior.out), prior.at);
        return prior.out;
      }
    }
    const free = ids.find((id) => !docs.has(id));
    if (!free) throw new AppError('conflict'); // three taken codes in a row: astronomically rare; a new requestId draws new ones

    await requireCleanText(ctx, [input.note]);
    const code = free.slice('invite:'.length);
    const invite: InviteDoc = {
      _id: free,
      kind: 'invite',
      villageId,
      villageName: caller.villageName,
      townshipId: caller.townshipId,
      townshipName: caller.townshipName,
      code,
      status: 'active',
      expiresAt: ctx.now + input.expiresInDays * DAY_MS,
      maxUses: input.maxUses,
      note: input.note ?? '',
      createdAt: ctx.now,
      createdBy: caller._id,
      createdByName: caller.name,
    };
    const out = inviteView(invite, 0, ctx.now);
    await ctx.store.create(REGISTER, { ...invite, ...markerField(ctx, out) });
    await appendAudit(ctx, draft(caller._id, caller.name, villageId, free, out));
    return out;
  },
});

function draft(actorId: string, actorName: string, villageId: string, targetId: string, out: InviteView) {
  return {
    villageId,
    actorId,
    actorName,
    targetId,
    summary: `生成邀请码 ${out.code}（最多 ${out.maxUses} 人）`,
    details: { code: out.code, maxUses: out.maxUses, expiresAt: out.expiresAt },
  };
}
