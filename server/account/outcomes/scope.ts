/**
 * Who sees which 成效看板: the committee and the township's staff see a village in full (township staff with
 * names masked: they need the figures, not who); any other member of the village sees the published part
 * (the figures, no grid or household detail, no drill-down, no export); township staff without a villageId
 * see every village of their township side by side. One round trip.
 */
import { hasRole, loadCaller, REGISTER, type MemberDoc } from '../../kernel/auth';
import type { Ctx } from '../../kernel/context';
import { AppError } from '../../kernel/errors';
import { villageDocId, type PersonDoc, type VillageDoc } from '../model';
import type { VillageInfo } from './figures';
import { ROLLUP_STATE_ID, type RollupState } from './rollup';

export interface DashboardScope {
  villages: VillageInfo[];
  full: boolean;
  masked: boolean;
  /** the caller's entry in the (first) village */
  caller: MemberDoc;
  /** the participation rollups' watermark, read in the same round trip */
  rollups: RollupState | null;
}

export async function dashboardScope(ctx: Ctx, villageId: string | undefined): Promise<DashboardScope> {
  if (villageId) {
    const { caller, docs } = await loadCaller(ctx, villageId, [villageDocId(villageId)], { globalIds: [ROLLUP_STATE_ID] });
    const village = docs.get(villageDocId(villageId)) as VillageDoc | undefined;
    if (!village) throw new AppError('not_found');
    const full = hasRole(caller, ['committee', 'township']);
    return { villages: [{ villageId, name: village.name, grids: village.grids ?? [] }], full, masked: full && !hasRole(caller, ['committee']), caller, rollups: (docs.get(ROLLUP_STATE_ID) as RollupState | undefined) ?? null };
  }
  // the township entries (index openid_kind) with the rollups' watermark joined on: one read
  const found = await ctx.store.aggregate(REGISTER, [
    { $match: { openid: ctx.openid, kind: 'person', status: 'active', roles: 'township' } },
    { $limit: 200 },
    { $lookup: { from: REGISTER, let: {}, pipeline: [{ $match: { _id: ROLLUP_STATE_ID } }], as: '_state' } },
  ]);
  const mine = found as unknown as PersonDoc[];
  const rollups = ((found[0]?._state as RollupState[] | undefined) ?? [])[0] ?? null;
  if (mine.length === 0) throw new AppError('not_township_staff');
  const villages = mine.map((m) => ({ villageId: m.villageId, name: m.villageName, grids: [] })).sort((a, b) => (a.villageId < b.villageId ? -1 : 1));
  return { villages, full: true, masked: true, caller: mine[0], rollups };
}

/** drill-down and export: the full view only */
export function requireDetails(scope: DashboardScope): void {
  if (!scope.full) throw new AppError('dashboard_details_forbidden');
}

/** names for those who need the figure, not the person (the public board's rules) */
export { maskName, maskText } from '../../grid/mask';
