/** revokeRole — the committee takes a role back (a committee member cannot take away their own: someone must keep the keys). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { inVillage, loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { ROLES } from '../kernel/roles';
import { changeRoles } from './change-roles';
import { ASSIGNABLE_ROLES, idSchema, villageScoped, type RolesOutput } from './contract';
import type { PersonDoc } from './model';

export const revokeRole = defineAction({
  input: z.object({ ...villageScoped, memberId: idSchema, role: z.enum(ASSIGNABLE_ROLES) }),
  output: returns<RolesOutput>(),
  who: ['committee'],
  errors: ['cannot_revoke_self', 'member_not_active'],
  run: async (ctx, input) => {
    const { villageId, memberId, role } = input;
    const { caller, docs } = await loadCaller(ctx, villageId, [memberId]);
    requireRole(caller, ['committee']);
    const member = inVillage(docs.get(memberId) as PersonDoc | undefined, villageId, 'person');
    if (role === 'committee' && memberId === caller._id) throw new AppError('cannot_revoke_self');
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: memberId, summary: `撤销 ${member.name} 的${ROLES[role]}身份`, details: { role } };
    return changeRoles(ctx, member, draft, (member.roles ?? []).filter((r) => r !== role), role === 'grid_worker' ? [] : member.gridIds ?? []);
  },
});
