/**
 * Participation rollups: which households took part on each Beijing day, per village — kept by a timer so
 * the 成效看板 need not read a year of audit records (21,000 in the bench) on every view. The dashboard
 * reads the rollups of the range plus, live from the trail, the days after the rollups' watermark
 * (`rollup:state` in the register, read with the caller in the same round trip). Everything else on the
 * dashboard is computed live.
 */
import { AUDIT } from '../../kernel/audit';
import { REGISTER } from '../../kernel/auth';
import type { Ctx } from '../../kernel/context';
import { AppError } from '../../kernel/errors';
import type { Doc } from '../../kernel/store';
import { participationPipeline } from './figures';
import { dayOf, dayStart, type Range } from './periods';

export const ROLLUPS = 'rollups';
export const ROLLUP_STATE_ID = 'rollup:state';
/** days one run rolls up (a timer run must finish within the function's 3 s) */
const DAYS_PER_RUN = 31;
/** a village's history starts at most this long ago (the dashboard's longest range) */
const HISTORY_DAYS = 367;
const DAY_MS = 24 * 3600_000;

export interface RollupState extends Doc {
  kind: 'rollup_state';
  /** the last Beijing day rolled up (inclusive) */
  through: string;
  updatedAt: number;
}

export interface ParticipationRollup extends Doc {
  kind: 'participation';
  villageId: string;
  day: string;
  /** [householdId, gridId] of every household that took part that day */
  hs: [string, string | null][];
}

export const rollupId = (villageId: string, day: string): string => `${villageId}:${day}`;

/** The days of a range the rollups cover (≤ through), and where the live part starts. */
export function split(range: Range, state: RollupState | null): { rolledTo: string | null; liveStart: number } {
  if (!state || state.through < range.fromDay) return { rolledTo: null, liveStart: range.start };
  const rolledTo = state.through < range.toDay ? state.through : range.toDay;
  return { rolledTo, liveStart: Math.max(range.start, dayStart(rolledTo) + DAY_MS) };
}

/**
 * rollupDays — timer, hourly: rolls up the days after the watermark up to yesterday, at most 31 a run.
 * Round trips: the watermark (1), the days' participation (one aggregate), the rollups (one createMany), the
 * watermark (one put) — four, once a day; a run that finds nothing to do costs one.
 */
export async function rollupDays(ctx: Ctx): Promise<{ days: number; rollups: number; through: string }> {
  const yesterday = dayOf(ctx.now - DAY_MS);
  const state = (await ctx.store.get(REGISTER, ROLLUP_STATE_ID)) as RollupState | null;
  const first = state ? dayOf(dayStart(state.through) + DAY_MS) : dayOf(ctx.now - HISTORY_DAYS * DAY_MS);
  if (first > yesterday) return { days: 0, rollups: 0, through: state?.through ?? yesterday };
  const days: string[] = [];
  for (let d = first; d <= yesterday && days.length < DAYS_PER_RUN; d = dayOf(dayStart(d) + DAY_MS)) days.push(d);
  const bounds = [...days.map(dayStart), dayStart(days[days.length - 1]) + DAY_MS];
  const range: Range = { granularity: 'week', fromDay: days[0], toDay: days[days.length - 1], start: bounds[0], end: bounds[bounds.length - 1], periods: [], bounds };
  const rows = await ctx.store.aggregate(AUDIT, participationPipeline(null, range));
  const byDay = new Map<string, ParticipationRollup>();
  for (const row of rows) {
    const k = row._id as { v: string; h: string; g: string | null };
    for (const i of (row.bs as number[]) ?? []) {
      if (i < 0 || i >= days.length) continue;
      const id = rollupId(k.v, days[i]);
      if (!byDay.has(id)) byDay.set(id, { _id: id, kind: 'participation', villageId: k.v, day: days[i], hs: [] });
      byDay.get(id)!.hs.push([k.h, k.g ?? null]);
    }
  }
  const docs = [...byDay.values()].sort((a, b) => (a._id < b._id ? -1 : 1));
  try {
    await ctx.store.createMany(ROLLUPS, docs);
  } catch (error) {
    // a run that died before moving the watermark wrote the same documents: write them over, one by one
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    for (const d of docs) await ctx.store.put(ROLLUPS, d);
  }
  const through = days[days.length - 1];
  await ctx.store.put(REGISTER, { _id: ROLLUP_STATE_ID, kind: 'rollup_state', through, updatedAt: ctx.now } satisfies RollupState);
  return { days: days.length, rollups: docs.length, through };
}
