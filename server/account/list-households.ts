/** listHouseholds — the committee (and township staff) see every grid, a grid worker their own grids. */
import { REGISTER, gridScope, loadCaller } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { AccountParsed, HouseholdView, Page } from './contract';
import { decodeCursor, householdView, pageOf, type HouseholdDoc } from './model';

/** The grid filter a caller may use: their chosen grid if in scope, else everything in scope. */
export function gridFilter(scope: 'all' | string[], gridId: string | undefined): unknown {
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden');
  if (gridId) {
    if (scope !== 'all' && !scope.includes(gridId)) throw new AppError('village_mismatch');
    return gridId;
  }
  return scope === 'all' ? undefined : { $in: scope };
}

export async function listHouseholds(ctx: Ctx, input: AccountParsed<'listHouseholds'>): Promise<Page<HouseholdView>> {
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
}
