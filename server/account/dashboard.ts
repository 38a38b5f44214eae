/**
 * dashboard (成效看板) — what governance achieved in a village (or the township's villages side by side), by
 * week or month: participation, problems, patrol, deliberation, 道德银行, and the audit chain's published
 * checkpoints. Three round trips: the caller (scope.ts), then two aggregates at once (outcomes/figures.ts).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { SEAL_PERIOD_MS, SETTLE_MS } from '../kernel/audit-chain';
import { rangeShape, villageIdSchema, type DashboardOutput } from './contract';
import { computeOutcomes } from './outcomes/figures';
import { rangeOf } from './outcomes/periods';
import { dashboardScope } from './outcomes/scope';

export const dashboard = defineAction({
  /**
   * 成效看板: one village (its committee and township staff in full; any other member the published part),
   * or — without villageId — every village of the caller's township side by side (township staff)
   */
  input: z.object({ villageId: villageIdSchema.optional(), ...rangeShape }),
  output: returns<DashboardOutput>(),
  who: ANY_MEMBER,
  errors: ['range_in_future', 'range_too_early', 'range_invalid', 'range_too_long', 'not_township_staff'],
  run: async (ctx, input) => {
    // the range is checked before anything is read: a bad date costs no round trip
    const range = rangeOf(ctx.now, input.granularity, input.from, input.to);
    const scope = await dashboardScope(ctx, input.villageId);
    const villages = await computeOutcomes(ctx.store, scope.villages, range, ctx.now, scope.full, scope.rollups);
    return {
      granularity: range.granularity,
      fromDay: range.fromDay,
      toDay: range.toDay,
      periods: range.periods,
      scope: scope.full ? ('full' as const) : ('public' as const),
      masked: scope.masked,
      villages,
      sealWindowMinutes: Math.round((SEAL_PERIOD_MS + SETTLE_MS) / 60_000),
    };
  },
});
