/**
 * setThresholds — the committee moves the score a message needs to be given a category (issue 10):
 * up where scannerPrecision shows a category crying wolf, down where the village wants to miss less.
 * Never silent: compare-and-set on the version the page read, and an audit record with before and
 * after in words. The next message any instance scans uses the new thresholds (scannerFor keys its
 * cache on them). null puts a category back to the shipped default. Read, write, audit: three round trips.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { villageScoped, type SetThresholdsOutput } from './contract';
import { PATROL, loadPatrol, settingsDocId, type SettingsDoc } from './model';
import { CATEGORY_LABELS, CATEGORY_ORDER, THRESHOLD_MAX, THRESHOLD_MIN, shippedModel, type Category } from './scan';

const percent = (x: number): string => `${Math.round(x * 100)}%`;

export const setThresholds = defineAction({
  input: z.object({
    ...villageScoped,
    /** scannerPrecision's thresholdsVersion: a stale one is refused */
    baseVersion: z.number().int().min(0),
    /**
     * the score (0.05–0.95) a message needs to be given each category; null = back to the default. Only the
     * five categories may be named (a free key would be stored text); the numbers are checked by the command
     * (threshold_invalid, a Chinese message), not here.
     */
    thresholds: z.partialRecord(z.enum(CATEGORY_ORDER as [Category, ...Category[]]), z.number().nullable()),
  }),
  output: returns<SetThresholdsOutput>(),
  who: ['committee'],
  errors: ['threshold_invalid', 'thresholds_stale', 'threshold_unchanged'],
  run: async (ctx, input) => {
    const { villageId, baseVersion } = input;
    const { caller, settings } = await loadPatrol(ctx, villageId);
    requireRole(caller, ['committee']);
    const defaults = shippedModel().thresholds;
    const before: Partial<Record<Category, number>> = { ...(settings?.thresholds ?? {}) };
    const after: Partial<Record<Category, number>> = { ...before };
    for (const [key, value] of Object.entries(input.thresholds)) {
      if (!(CATEGORY_ORDER as readonly string[]).includes(key)) throw new AppError('threshold_invalid');
      const category = key as Category;
      if (value === null) delete after[category];
      else if (!Number.isFinite(value) || value < THRESHOLD_MIN || value > THRESHOLD_MAX) throw new AppError('threshold_invalid');
      else after[category] = Math.round(value * 1000) / 1000;
    }
    const effective = (t: Partial<Record<Category, number>>, c: Category): number => t[c] ?? defaults[c];
    const changesFrom = (was: Partial<Record<Category, number>>) => CATEGORY_ORDER.filter((c) => effective(was, c) !== effective(after, c) || (c in was) !== (c in after));
    const changes = changesFrom(before);
    const draftFrom = (was: Partial<Record<Category, number>>) => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: settingsDocId(villageId),
      summary: `调整巡群判定门槛：${changesFrom(was).map((c) => `${CATEGORY_LABELS[c]} ${percent(effective(was, c))} → ${percent(effective(after, c))}${c in after ? '' : '（默认）'}`).join('；')}`.slice(0, 200),
      details: { before: was, after, baseVersion },
    });
    const draft = draftFrom(before);
    // the marker keeps the thresholds as they were before this request: a retry healing a lost audit record
    // reads them already changed, and would record "no change" (found by the crash harness)
    type Stored = SetThresholdsOutput & { before?: Partial<Record<Category, number>> };
    const prior = priorOf<Stored>(ctx, settings);
    if (prior.kind === 'replay') {
      const { before: was, ...answer } = prior.out;
      await appendAudit(ctx, draftFrom(was ?? before), prior.at);
      return answer;
    }
    const version = settings?.thresholdsVersion ?? 0;
    if (baseVersion !== version) throw new AppError('thresholds_stale');
    if (changes.length === 0) throw new AppError('threshold_unchanged');

    const out: SetThresholdsOutput = {
      version: version + 1,
      thresholds: Object.fromEntries(CATEGORY_ORDER.map((c) => [c, effective(after, c)])) as Record<Category, number>,
    };
    if (!settings) {
      const doc: SettingsDoc = {
        _id: settingsDocId(villageId),
        kind: 'settings',
        villageId,
        lexiconEdits: [],
        lexiconVersion: 0,
        thresholds: after,
        thresholdsVersion: out.version,
        updatedAt: ctx.now,
      };
      try {
        await ctx.store.create(PATROL, { ...doc, ...markerField<Stored>(ctx, { ...out, before }) });
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict') throw new AppError('thresholds_stale');
        throw error;
      }
    } else {
      const updated = await ctx.store.updateWhere(
        PATROL,
        // a settings doc written before thresholds existed has no thresholdsVersion: version 0 matches it
        { _id: settings._id, ...(version === 0 ? { thresholdsVersion: { $exists: false } } : { thresholdsVersion: version }), ...notYetApplied(ctx) },
        { $set: { thresholds: after, thresholdsVersion: out.version, updatedAt: ctx.now, ...markerSet<Stored>(ctx, { ...out, before }) } },
      );
      if (updated !== 1) throw new AppError('thresholds_stale');
    }
    await appendAudit(ctx, draft);
    return out;
  },
});
