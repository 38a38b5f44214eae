/** listHouseholds — the committee (and township staff) see every grid, a grid worker their own grids. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, gridScope, loadCaller } from '../kernel/auth';
import { villageScoped, idSchema, pageSchema, type HouseholdView, type Page } from './contract';
import { decodeCursor, gridFilter, householdView, pageOf, type HouseholdDoc } from './model';

export const listHouseholds = defineAction({
  /** committee (and township staff): all grids; grid worker: own grids only */
  input: z.object({ ...villageScoped, gridId: idSchema.optional(), ...pageSchema.shape }),
  output: returns<Page<HouseholdView>>(),
  who: ['committee', 'township', 'grid_worker'],
  run: async (ctx, input) => {
    const { villageId, pageSize } = input;
    const { caller } = await loadCaller(ctx, villageId);
    const grid = gridFilter(gridScope(caller), input.gridId);
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(
      REGISTER,
      { kind: 'household', villageId, ...(grid === undefined ? {} : { gridId: grid }) },
      { orderBy: [['gridId', 'asc'], ['createdAt', 'asc'], ['_id', 'asc']], skip: offset, limit: pageSize + 1 },
    )) as HouseholdDoc[];
    return pageOf(rows.map(householdView), offset, pageSize);
  },
});
