/**
 * cancelRedemption — before pickup, the household (or its grid worker, the shop keeper, the committee)
 * cancels; the pickup code is void from then on. ONE transaction (model.ts): the redemption marked
 * cancelled first (its first operation: it fixes the snapshot and takes the redemption out of `reserved`, so
 * a 核销 at the same moment conflicts), then the one aggregate for the caller, the account and the
 * redemption as committed — it must still be reserved — then the stock back on the shelf, the points back
 * (with the marker), the refund entry `cancel:<id>` and the audit record. All or nothing; 8 round trips.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord } from '../kernel/audit';
import { hasRole } from '../kernel/auth';
import { text } from '../kernel/text';
import { AppError } from '../kernel/errors';
import { markerSet, priorOf } from '../kernel/idempotency';
import { isKeeper, maySeeHousehold, shopAddress } from './access';
import { idSchema, villageIdSchema, type RedeemOutput } from './contract';
import { accountIdOf, entryDocIdOf, entryFor, LEDGER, loadLedger, redeemEntryIdOf, redemptionView, shopIdOf, type EntryDoc, type PickupDoc } from './model';

/** a retry's answer, thrown out of the transaction so that its first write rolls back */
class Replay {
  constructor(readonly out: RedeemOutput) {}
}

export const cancelRedemption = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, redemptionId: idSchema, reason: text(100).default('') }),
  output: returns<RedeemOutput>(),
  who: ANY_MEMBER,
  // a money move: one transaction, up to 8 round trips (model.ts)
  rare: true,
  errors: ['ledger_not_open', 'redemption_not_found', 'redemption_not_open'],
  run: async (ctx, input) => {
    const { villageId, householdId, redemptionId } = input;
    if (!householdId.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
    const accountId = accountIdOf(householdId);
    const redemptionDocId = entryDocIdOf(householdId, redeemEntryIdOf(redemptionId));
    try {
      return await ctx.store.transaction(async (t) => {
        await t.update(LEDGER, redemptionDocId, { $set: { 'pickup.status': 'cancelled', 'pickup.cancelledAt': ctx.now, updatedAt: ctx.now } });
        const loaded = await loadLedger(ctx, villageId, { ledgerIds: [accountId, redemptionDocId] });
        const { caller } = loaded;
        const account = loaded.accounts.get(householdId);
        const entry = loaded.docs.get(redemptionDocId) as (EntryDoc & { pickup: PickupDoc }) | undefined;
        if (!account || !entry?.pickup) throw new AppError('redemption_not_found');
        if (!isKeeper(caller) && !maySeeHousehold(caller, householdId, account.gridId) && !hasRole(caller, ['committee'])) throw new AppError('forbidden');
        const prior = priorOf<RedeemOutput>(ctx, account);
        if (prior.kind === 'replay') throw new Replay(prior.out);
        const r = entry.pickup;
        if (r.status !== 'reserved') throw new AppError('redemption_not_open');

        const refund = entryFor(account, {
          entryId: `cancel:${redemptionId}`,
          at: ctx.now,
          amount: r.total,
          entryKind: 'cancel',
          counter: shopIdOf(villageId),
          source: redemptionId,
          memo: `取消兑换 ${r.goodsName}，积分退回`,
          actorId: caller._id,
        });
        const out: RedeemOutput = { redemption: redemptionView({ ...entry, pickup: { ...r, status: 'cancelled', cancelledAt: ctx.now } }), balance: refund.balanceAfter };
        await t.update(LEDGER, r.goodsId, { $inc: { stock: r.qty }, $set: { updatedAt: ctx.now } });
        await t.update(LEDGER, accountId, { $inc: { balance: r.total, spent: -r.total, entries: 1 }, $set: { updatedAt: ctx.now, ...markerSet(ctx, out) } });
        await t.create(LEDGER, refund);
        await t.create(
          AUDIT,
          auditRecord(ctx, {
            villageId,
            actorId: caller._id,
            actorName: caller.name,
            targetId: redemptionDocId,
            summary: `取消兑换 ${r.goodsName} ${r.qty}${r.unit}，退回 ${r.total} 分（${account.householdName}）${input.reason ? `：${input.reason}` : ''}`,
            details: { redemptionId },
            notify: [shopAddress(villageId), r.byId],
          }),
        );
        return out;
      });
    } catch (error) {
      if (error instanceof Replay) return error.out;
      throw error;
    }
  },
});
