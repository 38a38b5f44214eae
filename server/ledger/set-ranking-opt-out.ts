/** setRankingOptOut — a household member hides (or shows again) their household on the 红榜. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { villageIdSchema } from './contract';
import { accountIdOf, LEDGER, loadLedger, newAccount } from './model';

export const setRankingOptOut = defineAction({
  input: z.object({ villageId: villageIdSchema, optOut: z.boolean() }),
  output: returns<{ optOut: boolean }>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open', 'household_required'],
  run: async (ctx, { villageId, optOut }) => {
    const loaded = await loadLedger(ctx, villageId, { households: true });
    const { caller } = loaded;
    if (!caller.householdId) throw new AppError('household_required');
    const account = loaded.accounts.get(caller.householdId);
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: accountIdOf(caller.householdId), summary: optOut ? '本户不上红榜' : '本户重新上红榜' };
    const prior = priorOf<{ optOut: boolean }>(ctx, account);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    const out = { optOut };
    if (!account) {
      const household = loaded.householdDocs.get(caller.householdId);
      if (!household) throw new AppError('household_required');
      await ctx.store.create(LEDGER, { ...newAccount(household, ctx.now), optOut, ...markerField(ctx, out) });
    } else {
      const updated = await ctx.store.updateWhere(LEDGER, { _id: account._id, ...notYetApplied(ctx) }, { $set: { optOut, updatedAt: ctx.now, ...markerSet(ctx, out) } });
      if (updated !== 1) throw new AppError('conflict');
    }
    await appendAudit(ctx, draft);
    return out;
  },
});
