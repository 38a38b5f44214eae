/**
 * cancelRedemption — before pickup, the household (or its grid worker, the shop keeper, the committee)
 * cancels; the pickup code is void from then on. Read (1) → the account, decisively (2: compare-and-set on
 * `reserved` and the balance as read: points back from the shop, redemption cancelled, code void, marker,
 * audit record into the account's outbox) → the stock back to the goods (3: `$inc` guarded by the hold's
 * presence, dropping it — so at most once). Returning stock cannot break an invariant; if (3) is lost, a
 * retry with the same requestId or the timer (hold.ts) makes it. Redemptions from before holds existed
 * get their stock back by a plain `$inc` (the decisive write happened once).
 */
import { z } from 'zod';
import { text } from '../kernel/text';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { hasRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { isKeeper, maySeeHousehold, shopAddress } from './access';
import { idSchema, type RedeemOutput, type RedemptionView, villageIdSchema } from './contract';
import { holdPath, outboxFields, releaseUpdate } from './hold';
import { accountIdOf, LEDGER, legFor, loadLedger, postedKey, redemptionView, shopIdOf, type RedemptionDoc } from './model';

type Out = { redemption: RedemptionView; balance: number };

export const cancelRedemption = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, redemptionId: idSchema, reason: text(100).default('') }),
  output: returns<RedeemOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open', 'redemption_not_found', 'redemption_not_open'],
  run: async (ctx, input) => {
    const { villageId, householdId, redemptionId } = input;
    const accountId = accountIdOf(householdId);
    const loaded = await loadLedger(ctx, villageId, { ledgerIds: [accountId] });
    const { caller } = loaded;
    const account = loaded.accounts.get(householdId);
    const redemption = account?.redemptions?.[redemptionId];
    if (!account || !redemption) throw new AppError('redemption_not_found');
    if (!isKeeper(caller) && !maySeeHousehold(caller, householdId, account.gridId) && !hasRole(caller, ['committee'])) throw new AppError('forbidden');
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: accountId,
      summary: `取消兑换 ${redemption.goodsName} ${redemption.qty}${redemption.unit}，退回 ${redemption.total} 分（${account.householdName}）${input.reason ? `：${input.reason}` : ''}`,
      details: { redemptionId },
      notify: [shopAddress(villageId), redemption.byId],
    };
    const prior = priorOf<Out>(ctx, account);
    if (prior.kind === 'replay') {
      // a lost second write is made now (guarded by the hold, so the stock comes back once)
      if (redemption.held) await returnStock(ctx, redemption);
      if (!account.pendingAudit?.[ctx.requestId]) await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (redemption.status !== 'reserved') throw new AppError('redemption_not_open');

    // (2) decisive: the points back, the redemption cancelled, the code void, the marker and the audit record
    const leg = legFor(account, {
      id: `cancel:${redemptionId}`,
      at: ctx.now,
      amount: redemption.total,
      kind: 'cancel',
      counter: shopIdOf(villageId),
      source: redemptionId,
      memo: `取消兑换 ${redemption.goodsName}，积分退回`,
      actorId: caller._id,
    });
    const cancelled = { ...redemption, status: 'cancelled' as const, cancelledAt: ctx.now };
    const out: Out = { redemption: redemptionView(account, cancelled), balance: leg.balanceAfter };
    const outbox = outboxFields(ctx, draft);
    const updated = await ctx.store.updateWhere(
      LEDGER,
      { _id: accountId, balance: account.balance, [`redemptions.${redemptionId}.status`]: 'reserved', [`posted.${postedKey(leg.id)}`]: { $exists: false }, ...notYetApplied(ctx) },
      {
        $inc: { balance: redemption.total, spent: -redemption.total, ...outbox.inc },
        $push: { legs: leg, usedCodes: redemption.code },
        $pull: { openCodes: redemption.code },
        $set: { [`redemptions.${redemptionId}`]: cancelled, [`posted.${postedKey(leg.id)}`]: true, ...markerSet(ctx, out), ...outbox.set },
      },
    );
    // picked up or cancelled meanwhile, or the account moved: the retry reads afresh
    if (updated !== 1) throw new AppError('conflict');
    // (3) the stock back on the shelf
    if (redemption.held) await returnStock(ctx, redemption);
    else await ctx.store.updateWhere(LEDGER, { _id: redemption.goodsId }, { $inc: { stock: redemption.qty }, $set: { updatedAt: ctx.now } });
    return out;
  },
});

/** only adds stock, and only while the hold is there: at most once however often it runs */
async function returnStock(ctx: Ctx, r: RedemptionDoc): Promise<void> {
  await ctx.store.updateWhere(LEDGER, { _id: r.goodsId, [holdPath(r.redemptionId)]: { $exists: true } }, releaseUpdate(ctx, r.redemptionId, r.qty));
}
