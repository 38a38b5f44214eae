/**
 * listResidents — residents of the grids the caller may see. Phones: in full for the committee and
 * for a grid worker (their own grids, to reach people); masked for township staff.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, gridScope, hasRole, loadCaller } from '../kernel/auth';
import { villageScoped, idSchema, pageSchema, type Page, type ResidentView } from './contract';
import { decodeCursor, gridFilter, pageOf, residentView, type PersonDoc } from './model';

export const listResidents = defineAction({
  input: z.object({
    ...villageScoped,
    gridId: idSchema.optional(),
    householdId: idSchema.optional(),
    ...pageSchema.shape,
  }),
  output: returns<Page<ResidentView>>(),
  who: ['committee', 'township', 'grid_worker'],
  run: async (ctx, input) => {
    const { villageId, pageSize, householdId } = input;
    const { caller } = await loadCaller(ctx, villageId);
    const grid = gridFilter(gridScope(caller), input.gridId);
    const showPhone = hasRole(caller, ['committee', 'grid_worker']);
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(
      REGISTER,
      {
        kind: 'person',
        villageId,
        status: 'active',
        roles: 'resident',
        ...(grid === undefined ? {} : { gridId: grid }),
        ...(householdId ? { householdId } : {}),
      },
      { orderBy: [['gridId', 'asc'], ['householdId', 'asc'], ['createdAt', 'asc'], ['_id', 'asc']], skip: offset, limit: pageSize + 1 },
    )) as PersonDoc[];
    return pageOf(rows.map((p) => residentView(p, showPhone)), offset, pageSize);
  },
});
