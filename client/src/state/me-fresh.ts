import type { MeOutput } from '../../../server/account/contract';

const DAY_MS = 24 * 3600_000;
/** a kept `me` that the board's stamp covers whole: a backstop only */
export const ME_FRESH_STAMPED_MS = 30 * DAY_MS;
/** a kept `me` with parts no stamp covers */
export const ME_FRESH_MS = 7 * DAY_MS;

/**
 * How long the phone trusts a kept `me` between the board's stamps. The stamp (kernel/auth.ts memberStamp)
 * covers everything `me` says about one village — standing, roles, household, my grid and its workers — so
 * for a member of one village, with no application waiting and no township role, it is a backstop: 30 days.
 * Someone in several villages, waiting for an application, or township staff has parts the board of one
 * village cannot stamp (the other villages, the application's outcome): 7 days.
 */
export function meFreshForMs(me: MeOutput): number {
  const active = me.memberships.filter((m) => m.status === 'active');
  return active.length === 1 && me.applications.length === 0 && !me.township ? ME_FRESH_STAMPED_MS : ME_FRESH_MS;
}
