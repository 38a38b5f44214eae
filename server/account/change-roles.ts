/** Changing a member's roles — shared by assignRole and revokeRole: replay, the member's standing, one compare-and-set, the audit record. */
import { appendAudit } from '../kernel/audit';
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { Role } from '../kernel/roles';
import type { RolesOutput } from './contract';
import type { PersonDoc } from './model';

export async function changeRoles(ctx: Ctx, member: PersonDoc, draft: Parameters<typeof appendAudit>[1], roles: Role[], gridIds: string[]): Promise<RolesOutput> {
  const prior = priorOf<RolesOutput>(ctx, member);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  if (member.status !== 'active' || member.offline || !member.openid) throw new AppError('member_not_active');
  const out: RolesOutput = { memberId: member._id, roles, gridIds };
  // compare-and-set on the entry as read (updatedAt moves with every change): a concurrent change makes this
  // one fail (conflict) instead of silently merging two role lists
  const updated = await ctx.store.updateWhere(
    REGISTER,
    { _id: member._id, status: 'active', updatedAt: member.updatedAt, ...notYetApplied(ctx) },
    { $set: { roles, gridIds, updatedAt: ctx.now, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}
