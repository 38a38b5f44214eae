/**
 * redeem — points and stock are reserved together, without a transaction (hold.ts): read (1) → hold the
 * stock on the goods (2: compare-and-set on active, price, stock ≥ qty, no hold of this redemption yet) →
 * debit the household's account (3: compare-and-set on the balance as read, entry not yet posted, request
 * not yet applied) with the redemption, its 6-digit pickup code, the marker and the audit record (the
 * account's outbox, appended by the timer). Three round trips.
 * Races: a hold refused although the read saw enough stock costs one more read of the goods (3) to say
 * why (`out_of_stock`, `goods_inactive`, `price_changed`, or `conflict` when the same request is in flight)
 * — ten people after the last bag of rice: one hold, nine `out_of_stock`. A debit refused (the account
 * moved since the read) gives the hold back (4, only on that path) and answers `conflict`: the retry
 * with the same requestId reads afresh (and says `insufficient_points` if that is what happened).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { consentNote, shopAddress, targetHousehold } from './access';
import { consentSchema, idSchema, positiveInt, type RedeemOutput, type RedemptionView, villageIdSchema } from './contract';
import { holdPath, holdStamp, outboxFields, releaseUpdate } from './hold';
import { accountIdOf, LEDGER, legFor, loadLedger, pickupCodes, postedKey, redemptionView, shopIdOf, type GoodsDoc, type HoldDoc, type RedemptionDoc } from './model';

type Out = { redemption: RedemptionView; balance: number };

export const redeem = defineAction({
  input: z.object({ villageId: villageIdSchema, goodsId: idSchema, qty: positiveInt(20).default(1), price: positiveInt(100000), residentId: idSchema.optional(), consent: consentSchema.optional() }),
  output: returns<RedeemOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open', 'resident_not_found', 'consent_required', 'household_required', 'goods_not_found', 'goods_inactive', 'price_changed', 'out_of_stock', 'insufficient_points'],
  run: async (ctx, input) => {
    const { villageId, goodsId, qty } = input;
    const redemptionId = `p${ctx.newId('redeem').slice(0, 12)}`;
    const candidates = pickupCodes(redemptionId);
    const loaded = await loadLedger(ctx, villageId, { ledgerIds: [goodsId], households: true, people: input.residentId ? [input.residentId] : [], codes: candidates });
    const { caller } = loaded;
    const target = targetHousehold(loaded, input);
    const accountId = accountIdOf(target.householdId);
    const account = loaded.accounts.get(target.householdId);
    const goods = loaded.docs.get(goodsId) as GoodsDoc | undefined;
    const draftFor = (r: { goodsName: string; qty: number; total: number; unit: string }) => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      targetId: accountId,
      summary: `${target.onBehalfOf ? `代 ${target.onBehalfOf.name}${consentNote(target)} ` : ''}兑换 ${r.goodsName} ${r.qty}${r.unit}，${r.total} 分（${account?.householdName ?? ''}）`,
      details: { redemptionId, goodsId, qty: r.qty, total: r.total, ...(target.consent ? { consent: target.consent } : {}) },
      notify: [shopAddress(villageId), ...(target.onBehalfOf ? [target.onBehalfOf._id] : [])],
    });

    const prior = priorOf<Out>(ctx, account);
    if (prior.kind === 'replay') {
      // the audit record still in the account's outbox is the timer's to append; otherwise heal a lost one
      if (!account?.pendingAudit?.[ctx.requestId]) await appendAudit(ctx, draftFor(prior.out.redemption), prior.at);
      return prior.out;
    }
    if (!goods || goods.kind !== 'goods') throw new AppError('goods_not_found');
    const held = goods.holds?.[redemptionId] as HoldDoc | undefined;
    if (held && (held.h !== ctx.requestHash || held.householdId !== target.householdId)) throw new AppError('exists_with_different_content');
    if (!goods.active) throw new AppError('goods_inactive');
    if (goods.price !== input.price) throw new AppError('price_changed');
    const total = goods.price * qty;
    if (!held && goods.stock < qty) throw new AppError('out_of_stock');
    if (!account || account.balance < total) throw new AppError('insufficient_points');
    // unique among OPEN codes (核销 looks at open codes first, so an old used code may come round again)
    const taken = new Set(loaded.byCode.flatMap((a) => a.openCodes ?? []));
    const code = candidates.find((c) => !taken.has(c));
    if (!code) throw new AppError('conflict');

    // (2) the stock: a new hold, or — a retry after a crash between hold and debit — the same hold touched
    const s = holdStamp();
    const path = holdPath(redemptionId);
    if (held) {
      const touched = await ctx.store.updateWhere(LEDGER, { _id: goodsId, [path]: { $exists: true } }, { $set: { [`${path}.at`]: ctx.now, [`${path}.s`]: s } });
      // released meanwhile (the timer, or the twin that placed it lost its debit): the retry holds afresh
      if (touched !== 1) throw new AppError('conflict');
    } else {
      const hold: HoldDoc = { householdId: target.householdId, qty, total, h: ctx.requestHash, at: ctx.now, s };
      const placed = await ctx.store.updateWhere(
        LEDGER,
        { _id: goodsId, active: true, price: input.price, stock: { $gte: qty }, [path]: { $exists: false } },
        { $inc: { stock: -qty, openHolds: 1 }, $set: { [path]: hold, updatedAt: ctx.now } },
      );
      if (placed !== 1) {
        // the goods moved since the read: one more read says how (a lost race, not the normal path)
        const now = (await ctx.store.get(LEDGER, goodsId)) as GoodsDoc | null;
        if (!now || now.holds?.[redemptionId]) throw new AppError('conflict');
        if (!now.active) throw new AppError('goods_inactive');
        if (now.price !== input.price) throw new AppError('price_changed');
        if (now.stock < qty) throw new AppError('out_of_stock');
        throw new AppError('conflict');
      }
    }

    // (3) the points, the redemption, its code, the marker and the audit record: one compare-and-set
    const redemption: RedemptionDoc = {
      redemptionId,
      goodsId,
      goodsName: goods.name,
      unit: goods.unit,
      qty,
      price: goods.price,
      total,
      code,
      status: 'reserved',
      byId: caller._id,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      at: ctx.now,
      pickedAt: null,
      pickedBy: null,
      cancelledAt: null,
      held: true,
    };
    const leg = legFor(account, {
      id: `redeem:${redemptionId}`,
      at: ctx.now,
      amount: -total,
      kind: 'redeem',
      counter: shopIdOf(villageId),
      source: redemptionId,
      memo: `兑换 ${goods.name} ${qty}${goods.unit}`,
      actorId: caller._id,
    });
    const out: Out = { redemption: redemptionView(account, redemption), balance: leg.balanceAfter };
    const outbox = outboxFields(ctx, draftFor(redemption));
    const debited = await ctx.store.updateWhere(
      LEDGER,
      { _id: accountId, balance: account.balance, [`posted.${postedKey(leg.id)}`]: { $exists: false }, ...notYetApplied(ctx) },
      {
        $inc: { balance: -total, spent: total, ...outbox.inc },
        $push: { legs: leg, openCodes: code },
        $set: { [`redemptions.${redemptionId}`]: redemption, [`posted.${postedKey(leg.id)}`]: true, ...markerSet(ctx, out), ...outbox.set },
      },
    );
    if (debited !== 1) {
      // the account moved since the read (a posting, another redemption, this very request delivered twice).
      // The invocation that PLACED the hold gives the stock back (4), unless someone touched the hold since —
      // then it is theirs to debit, or the timer's. One that only touched it never releases: the placer may
      // have debited after the touch without touching again.
      if (!held) await ctx.store.updateWhere(LEDGER, { _id: goodsId, [`${path}.s`]: s }, releaseUpdate(ctx, redemptionId, qty));
      throw new AppError('conflict');
    }
    return out;
  },
});
