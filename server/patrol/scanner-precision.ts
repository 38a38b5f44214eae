/**
 * scannerPrecision — the village's own labels (issue 10): every lead a grid worker or the committee
 * decided is a verdict on the scanner. Converted, warned, escalated or replied = it was worth someone's
 * time; dismissed = noise. Per category over the last `days`: how many leads were decided and how
 * many were confirmed, next to the threshold the category is decided at — so the committee can see
 * which category cries wolf before moving its threshold (setThresholds).
 *
 * The label is the lead's head itself (its scan categories and its leadStatus, stamped handledAt by
 * triage): nothing is copied, so a label cannot drift from what happened. One aggregate, grouped by
 * category in the database; two round trips.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { villageScoped, daysSchema, type PrecisionRow, type ScannerPrecisionOutput } from './contract';
import { PATROL, loadPatrol } from './model';
import { CATEGORY_ORDER, THRESHOLD_MAX, THRESHOLD_MIN, shippedModel, type Category } from './scan';
import type { LeadStatus } from './states';

const DAY_MS = 24 * 60 * 60 * 1000;
/** every status a decided lead can be in; 'dismissed' is the only one that says "noise" */
const DECIDED_STATUSES: readonly LeadStatus[] = ['dismissed', 'replied', 'converted', 'escalated', 'warned'];

export const scannerPrecision = defineAction({
  input: z.object({ ...villageScoped, days: daysSchema }),
  output: returns<ScannerPrecisionOutput>(),
  who: ['committee'],
  run: async (ctx, input) => {
    const { villageId, days } = input;
    const { caller, settings } = await loadPatrol(ctx, villageId);
    requireRole(caller, ['committee']);
    const since = ctx.now - days * DAY_MS;
    const groups = await ctx.store.aggregate(PATROL, [
      // only a lead's head carries a leadStatus; handledAt is stamped by every triage action
      { $match: { villageId, kind: 'message', leadStatus: { $in: [...DECIDED_STATUSES] }, handledAt: { $gte: since } } },
      { $project: { categories: '$scan.categories', noise: { $cond: [{ $eq: ['$leadStatus', 'dismissed'] }, 1, 0] } } },
      { $unwind: '$categories' },
      { $group: { _id: '$categories', decided: { $sum: 1 }, dismissed: { $sum: '$noise' } } },
      { $limit: 20 },
    ]);
    const defaults = shippedModel().thresholds;
    const own = settings?.thresholds ?? {};
    const rows: PrecisionRow[] = CATEGORY_ORDER.map((category: Category) => {
      const g = groups.find((row) => row._id === category);
      const decided = Number(g?.decided ?? 0);
      const dismissed = Number(g?.dismissed ?? 0);
      const confirmed = decided - dismissed;
      return {
        category,
        decided,
        confirmed,
        dismissed,
        precision: decided === 0 ? null : Math.round((confirmed / decided) * 1000) / 1000,
        threshold: own[category] ?? defaults[category],
        defaultThreshold: defaults[category],
      };
    });
    return { days, rows, thresholdsVersion: settings?.thresholdsVersion ?? 0, min: THRESHOLD_MIN, max: THRESHOLD_MAX };
  },
});
