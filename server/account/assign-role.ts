/** assignRole / revokeRole — the committee makes an active WeChat member a grid worker (over grids) or a committee member. */
import { appendAudit } from '../kernel/audit';
import { REGISTER, inVillage, loadCaller, requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { ROLES, type Role } from '../kernel/roles';
import type { AccountParsed, RolesOutput } from './contract';
import { villageDocId, type PersonDoc, type VillageDoc } from './model';

export async function assignRole(ctx: Ctx, input: AccountParsed<'assignRole'>): Promise<RolesOutput> {
  const { villageId, memberId, role } = input;
  const { caller, docs } = await loadCaller(ctx, villageId, [memberId, villageDocId(villageId)]);
  requireRole(caller, ['committee']);
  const member = inVillage(docs.get(memberId) as PersonDoc | undefined, villageId, 'person');
  const village = docs.get(villageDocId(villageId)) as VillageDoc;
  const gridIds = input.role === 'grid_worker' ? [...new Set(input.gridIds)] : member.gridIds ?? [];
  if (input.role === 'grid_worker' && !gridIds.every((g) => village?.grids.some((v) => v.gridId === g))) throw new AppError('grid_not_found');
  const gridNames = gridIds.map((g) => village?.grids.find((v) => v.gridId === g)?.name ?? g);
  const draft = {
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: memberId,
    summary: `任命 ${member.name} 为${ROLES[role]}${role === 'grid_worker' ? `（${gridNames.join('、')}）` : ''}`,
    details: { role, gridIds },
  };
  return changeRoles(ctx, member, draft, [...new Set([...(member.roles ?? []), role])] as Role[], gridIds);
}

export async function revokeRole(ctx: Ctx, input: AccountParsed<'revokeRole'>): Promise<RolesOutput> {
  const { villageId, memberId, role } = input;
  const { caller, docs } = await loadCaller(ctx, villageId, [memberId]);
  requireRole(caller, ['committee']);
  const member = inVillage(docs.get(memberId) as PersonDoc | undefined, villageId, 'person');
  if (role === 'committee' && memberId === caller._id) throw new AppError('cannot_revoke_self');
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: memberId, summary: `撤销 ${member.name} 的${ROLES[role]}身份`, details: { role } };
  return changeRoles(ctx, member, draft, (member.roles ?? []).filter((r) => r !== role), role === 'grid_worker' ? [] : member.gridIds ?? []);
}

async function changeRoles(ctx: Ctx, member: PersonDoc, draft: Parameters<typeof appendAudit>[1], roles: Role[], gridIds: string[]): Promise<RolesOutput> {
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
