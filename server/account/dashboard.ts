/**
 * dashboard (成效看板) — what governance achieved in a village (or the township's villages side by side), by
 * week or month: participation, problems, patrol, deliberation, 道德银行, and the audit chain's published
 * checkpoints. Three round trips: the caller (scope.ts), then two aggregates at once (outcomes/figures.ts).
 */
import type { Ctx } from '../kernel/context';
import { SEAL_PERIOD_MS, SETTLE_MS } from '../kernel/audit-chain';
import type { AccountParsed, DashboardOutput } from './contract';
import { computeOutcomes } from './outcomes/figures';
import { rangeOf } from './outcomes/periods';
import { dashboardScope } from './outcomes/scope';

export async function dashboard(ctx: Ctx, input: AccountParsed<'dashboard'>): Promise<DashboardOutput> {
  // the range is checked before anything is read: a bad date costs no round trip
  const range = rangeOf(ctx.now, input.granularity, input.from, input.to);
  const scope = await dashboardScope(ctx, input.villageId);
  const villages = await computeOutcomes(ctx.store, scope.villages, range, ctx.now, scope.full, scope.rollups);
  return {
    granularity: range.granularity,
    fromDay: range.fromDay,
    toDay: range.toDay,
    periods: range.periods,
    scope: scope.full ? 'full' : 'public',
    masked: scope.masked,
    villages,
    sealWindowMinutes: Math.round((SEAL_PERIOD_MS + SETTLE_MS) / 60_000),
  };
}
