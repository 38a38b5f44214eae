/**
 * rollUpDays — run by the hourly accountClock (account-clock.ts): rolls up the days after the watermark up to
 * yesterday, at most 31 a run, and adds what reached the trail late for days already rolled up (a retry that healed a crash days later carries
 * `postedAt`): those households go into an extra document for their day (`${v}:${day}:l<run>`), which the
 * dashboard unites with the day's own — no rollup is ever rewritten.
 * Round trips: the watermark (1), the new days' participation and the late records' (two aggregates at once),
 * the rollups (one createMany), the watermark (one put); a run that finds nothing to do costs two.
 */
import type { Ctx } from '../kernel/context';
import { AUDIT } from '../kernel/audit';
import { SETTLE_MS } from '../kernel/audit-chain';
import { REGISTER } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { participationPipeline } from './outcomes/figures';
import { dayOf, dayStart, type Range } from './outcomes/periods';
import { ROLLUPS, ROLLUP_STATE_ID, rollupId, type ParticipationRollup, type RollupState } from './outcomes/rollup';

/** days one run rolls up (a timer run must finish within the function's 3 s) */
const DAYS_PER_RUN = 31;
/** a village's history starts at most this long ago (the dashboard's longest range) */
const HISTORY_DAYS = 367;
const DAY_MS = 24 * 3600_000;

export interface RollupOutcome {
  days: number;
  rollups: number;
  late: number;
  through: string;
}

/** The participation rollups up to yesterday (accountClock runs it every hour). */
export async function rollUpDays(ctx: Ctx): Promise<RollupOutcome> {
  const yesterday = dayOf(ctx.now - DAY_MS);
  const state = (await ctx.store.get(REGISTER, ROLLUP_STATE_ID)) as RollupState | null;
  const first = state ? dayOf(dayStart(state.through) + DAY_MS) : dayOf(ctx.now - HISTORY_DAYS * DAY_MS);
  const days: string[] = [];
  for (let d = first; d <= yesterday && days.length < DAYS_PER_RUN; d = dayOf(dayStart(d) + DAY_MS)) days.push(d);
  const postedThrough = ctx.now - SETTLE_MS;

  // late arrivals since the last run, for days before the ones rolled now (a year back at most)
  const lateDays: string[] = [];
  if (state) for (let d = dayOf(ctx.now - HISTORY_DAYS * DAY_MS); d < first; d = dayOf(dayStart(d) + DAY_MS)) lateDays.push(d);
  const lateRange = rangeOfDays(lateDays);
  const lateMatch = state && lateRange ? { postedAt: { $gt: state.postedThrough, $lte: postedThrough }, at: { $gte: lateRange.start, $lt: lateRange.end } } : null;
  const newRange = rangeOfDays(days);
  if (!newRange && !lateMatch) return { days: 0, rollups: 0, late: 0, through: state?.through ?? yesterday };
  const [fresh, late] = await Promise.all([
    newRange ? ctx.store.aggregate(AUDIT, participationPipeline(null, newRange)) : Promise.resolve([]),
    lateMatch && lateRange ? ctx.store.aggregate(AUDIT, participationPipeline(null, lateRange, lateMatch)) : Promise.resolve([]),
  ]);
  const docs = [...rollupsOf(fresh, days, ''), ...rollupsOf(late, lateDays, `:l${ctx.now}`)];
  if (docs.length > 0) {
    try {
      await ctx.store.createMany(ROLLUPS, docs);
    } catch (error) {
      // a run that died before moving the watermark wrote the same documents: write them over, one by one
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      for (const d of docs) await ctx.store.put(ROLLUPS, d);
    }
  }
  const through = days.length ? days[days.length - 1] : state!.through;
  if (!newRange && docs.length === 0) return { days: 0, rollups: 0, late: 0, through };
  await ctx.store.put(REGISTER, { _id: ROLLUP_STATE_ID, kind: 'rollup_state', through, postedThrough, updatedAt: ctx.now } satisfies RollupState);
  return { days: days.length, rollups: docs.length, late: docs.filter((d) => d._id.includes(':l')).length, through };
}

function rangeOfDays(days: string[]): Range | null {
  if (days.length === 0) return null;
  const bounds = [...days.map(dayStart), dayStart(days[days.length - 1]) + DAY_MS];
  return { granularity: 'week', fromDay: days[0], toDay: days[days.length - 1], start: bounds[0], end: bounds[bounds.length - 1], periods: [], bounds };
}

function rollupsOf(rows: Record<string, unknown>[], days: string[], suffix: string): ParticipationRollup[] {
  const byDay = new Map<string, ParticipationRollup>();
  for (const row of rows) {
    const k = row._id as { v: string; h: string; g: string | null };
    for (const i of (row.bs as number[]) ?? []) {
      if (i < 0 || i >= days.length) continue;
      const id = `${rollupId(k.v, days[i])}${suffix}`;
      if (!byDay.has(id)) byDay.set(id, { _id: id, kind: 'participation', villageId: k.v, day: days[i], hs: [] });
      byDay.get(id)!.hs.push([k.h, k.g ?? null]);
    }
  }
  return [...byDay.values()].sort((a, b) => (a._id < b._id ? -1 : 1));
}
