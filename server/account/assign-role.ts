/** assignRole — the committee makes an active WeChat member a grid worker (over grids), a committee member or the 积分超市's keeper. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { inVillage, loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { ROLES, type Role } from '../kernel/roles';
import { changeRoles } from './change-roles';
import { idSchema, villageScoped, type RolesOutput } from './contract';
import { villageDocId, type PersonDoc, type VillageDoc } from './model';

export const assignRole = defineAction({
  /** committee: make a member a grid worker (over gridIds) or a committee member */
  input: z.discriminatedUnion('role', [
    z.object({ ...villageScoped, memberId: idSchema, role: z.literal('grid_worker'), gridIds: z.array(idSchema).min(1).max(20) }),
    z.object({ ...villageScoped, memberId: idSchema, role: z.literal('committee') }),
    /** 积分超市 keeper (道德银行): stock and 核销 */
    z.object({ ...villageScoped, memberId: idSchema, role: z.literal('shopkeeper') }),
  ]),
  output: returns<RolesOutput>(),
  who: ['committee'],
  errors: ['grid_not_found', 'member_not_active'],
  run: async (ctx, input) => {
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
  },
});
