/**
 * checkOff (核销) — the shop keeper or the committee types the 6-digit pickup code: the household's
 * redemption (its debit entry) becomes `picked`, so a second pickup is refused. One read (the redemptions
 * with that code come along, by index), one compare-and-set on the redemption, one audit record. A
 * cancellation at the same moment writes the same document: one of the two wins.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { isKeeper } from './access';
import { type RedemptionView, villageIdSchema } from './contract';
import { LEDGER, loadLedger, redemptionView, type EntryDoc, type PickupDoc } from './model';

type Out = { redemption: RedemptionView };

export const checkOff = defineAction({
  input: z.object({ villageId: villageIdSchema, code: z.string().regex(/^\d{6}$/, 'code') }),
  output: returns<{ redemption: RedemptionView }>(),
  who: ['committee', 'shopkeeper'],
  errors: ['ledger_not_open', 'pickup_code_not_found', 'pickup_code_used', 'pickup_code_cancelled'],
  run: async (ctx, { villageId, code }) => {
    const byCode = { match: { kind: 'entry', 'pickup.code': code }, then: [{ $sort: { at: -1 } }, { $limit: 20 }] };
    const { caller, more } = await loadLedger(ctx, villageId, { more: { byCode } });
    if (!isKeeper(caller)) throw new AppError('forbidden');
    const found = more.byCode as (EntryDoc & { pickup: PickupDoc })[];
    // the open one first; else the latest with that code (used or cancelled)
    const entry = found.find((e) => e.pickup.status === 'reserved') ?? found[0];
    if (!entry) throw new AppError('pickup_code_not_found');
    const redemption = entry.pickup;
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: entry._id,
      summary: `核销提货码：${entry.householdName}领取 ${redemption.goodsName} ${redemption.qty}${redemption.unit}`,
      details: { redemptionId: redemption.redemptionId },
      notify: [redemption.byId, ...(redemption.onBehalfOf ? [redemption.onBehalfOf] : [])],
    };
    const prior = priorOf<Out>(ctx, entry);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (redemption.status === 'picked') throw new AppError('pickup_code_used');
    if (redemption.status === 'cancelled') throw new AppError('pickup_code_cancelled');
    const picked = { ...redemption, status: 'picked' as const, pickedAt: ctx.now, pickedBy: caller._id };
    const out: Out = { redemption: redemptionView({ ...entry, pickup: picked }) };
    const updated = await ctx.store.updateWhere(
      LEDGER,
      { _id: entry._id, 'pickup.status': 'reserved', ...notYetApplied(ctx) },
      { $set: { pickup: picked, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    // two keepers typing the same code at once, or a cancellation that came first
    if (updated !== 1) throw new AppError('pickup_code_used');
    await appendAudit(ctx, draft);
    return out;
  },
});
