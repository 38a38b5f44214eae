/**
 * Participation rollups: which households took part on each Beijing day, per village — kept by a timer (rollup-days.ts) so
 * the 成效看板 need not read a year of audit records (21,000 in the bench) on every view. The dashboard
 * reads the rollups of the range plus, live from the trail, the days after the rollups' watermark
 * (`rollup:state` in the register, read with the caller in the same round trip). Everything else on the
 * dashboard is computed live.
 */
import type { Doc } from '../../kernel/store';
import { dayStart, type Range } from './periods';

export const ROLLUPS = 'rollups';
export const ROLLUP_STATE_ID = 'rollup:state';
const DAY_MS = 24 * 3600_000;

export interface RollupState extends Doc {
  kind: 'rollup_state';
  /** the last Beijing day rolled up (inclusive) */
  through: string;
  /** records that reached the trail up to this time (postedAt) are in the rollups */
  postedThrough: number;
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
