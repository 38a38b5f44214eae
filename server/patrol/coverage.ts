/**
 * coverage — 巡查覆盖, without busywork: per grid, how many messages wait for review (open or escalated
 * leads, held posts) and how long the first review took (median and 90th percentile, in minutes) over
 * the last `days`. Counted by the database (one aggregate: match, project the latency, group by grid);
 * the percentiles are taken from the grouped latencies here (CloudBase's MongoDB has no $percentile).
 * The clock starts when the message reached patrol: a board post when it was posted, an imported line
 * when it was imported (nobody could review it before). Two round trips.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { Query } from '../kernel/store';
import { villageScoped, daysSchema, type CoverageOutput, type CoverageRow } from './contract';
import { PATROL, isCommittee, loadPatrol, requireTriager } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const coverage = defineAction({
  input: z.object({ ...villageScoped, days: daysSchema }),
  output: returns<CoverageOutput>(),
  who: ['grid_worker', 'committee'],
  run: async (ctx, input) => {
    const { villageId, days } = input;
    const { caller, grids } = await loadPatrol(ctx, villageId, { village: true });
    requireTriager(caller);
    const since = ctx.now - days * DAY_MS;
    const scope = isCommittee(caller) ? null : (caller.gridIds ?? []);
    const match: Query = { villageId, kind: 'message', $or: [{ needsReview: true }, { firstReviewAt: { $gte: since } }] };
    if (scope) match.gridId = { $in: scope };
    const rows = await ctx.store.aggregate(PATROL, [
      { $match: match },
      {
        $project: {
          gridId: 1,
          waiting: { $cond: [{ $eq: ['$needsReview', true] }, 1, 0] },
          latency: { $cond: [{ $gte: ['$firstReviewAt', since] }, { $subtract: ['$firstReviewAt', '$createdAt'] }, -1] },
        },
      },
      { $group: { _id: '$gridId', awaiting: { $sum: '$waiting' }, latencies: { $push: '$latency' } } },
      { $limit: 200 },
    ]);
    const nameOf = (gridId: string | null) => grids.find((g) => g.gridId === gridId)?.name ?? (gridId ? gridId : '未分网格');
    const byGrid = new Map<string | null, CoverageRow>();
    for (const row of rows) {
      const latencies = ((row.latencies as number[]) ?? []).filter((l) => typeof l === 'number' && l >= 0).sort((a, b) => a - b);
      const minutes = (v: number | null) => (v === null ? null : Math.round(v / 60000));
      const gridId = (row._id as string | null) ?? null;
      byGrid.set(gridId, {
        gridId,
        gridName: nameOf(gridId),
        awaiting: Number(row.awaiting ?? 0),
        reviewed: latencies.length,
        medianMinutes: minutes(percentile(latencies, 50)),
        p90Minutes: minutes(percentile(latencies, 90)),
      });
    }
    // every grid in scope is listed, the quiet ones too (a zero is news as well)
    for (const g of grids) {
      if ((scope && !scope.includes(g.gridId)) || byGrid.has(g.gridId)) continue;
      byGrid.set(g.gridId, { gridId: g.gridId, gridName: g.name, awaiting: 0, reviewed: 0, medianMinutes: null, p90Minutes: null });
    }
    const order = new Map(grids.map((g, i) => [g.gridId, i]));
    const list = [...byGrid.values()].sort((a, b) => (order.get(a.gridId ?? '') ?? 999) - (order.get(b.gridId ?? '') ?? 999));
    return { days, grids: list };
  },
});
