/**
 * redeem — points and stock move together, in ONE transaction (model.ts): the goods first (its first
 * operation, which fixes the snapshot and decides the stock), then the one aggregate for the caller, the
 * household's account and the open pickup codes, then the stock off the shelf, the account debited (with
 * the request's marker), the redemption as its debit entry (`redeem:<id>`, with its 6-digit pickup code) and
 * its audit record — all or nothing. 8 round trips: start, goods, read, 4 writes, commit.
 * Races: a redemption, a posting or a stock change that commits first makes this commit fail; the callback
 * runs again on fresh reads — ten people after the last bag of rice: one gets it, nine hear `out_of_stock`.
 * A retry with the same requestId finds its marker on the account and answers as before (nothing twice).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, priorOf } from '../kernel/idempotency';
import { consentNote, shopAddress, targetHousehold } from './access';
import { consentSchema, idSchema, positiveInt, villageIdSchema, type RedeemOutput } from './contract';
import {
  accountIdOf,
  entryFor,
  LEDGER,
  loadLedger,
  pickupCodes,
  redeemEntryIdOf,
  redemptionView,
  shopIdOf,
  type EntryDoc,
  type GoodsDoc,
  type PickupDoc,
} from './model';

export const redeem = defineAction({
  input: z.object({ villageId: villageIdSchema, goodsId: idSchema, qty: positiveInt(20).default(1), price: positiveInt(100000), residentId: idSchema.optional(), consent: consentSchema.optional() }),
  output: returns<RedeemOutput>(),
  who: ANY_MEMBER,
  // a money move: one transaction, up to 8 round trips (model.ts)
  rare: true,
  errors: ['ledger_not_open', 'resident_not_found', 'consent_required', 'household_required', 'goods_not_found', 'goods_inactive', 'price_changed', 'out_of_stock', 'insufficient_points'],
  run: async (ctx, input) => {
    const { villageId, goodsId, qty } = input;
    if (!goodsId.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
    const redemptionId = `p${ctx.newId('redeem').slice(0, 12)}`;
    const candidates = pickupCodes(redemptionId);
    return ctx.store.transaction(async (t) => {
      const goods = (await t.get(LEDGER, goodsId)) as GoodsDoc | null;
      const openCodes = { match: { kind: 'entry', 'pickup.code': { $in: candidates }, 'pickup.status': 'reserved' }, then: [{ $limit: 10 }] };
      const loaded = await loadLedger(ctx, villageId, { households: true, people: input.residentId ? [input.residentId] : [], more: { openCodes } });
      const { caller } = loaded;
      const target = targetHousehold(loaded, input);
      const accountId = accountIdOf(target.householdId);
      const account = loaded.accounts.get(target.householdId);
      const prior = priorOf<RedeemOutput>(ctx, account);
      if (prior.kind === 'replay') return prior.out;

      if (!goods || goods.kind !== 'goods' || goods.villageId !== villageId) throw new AppError('goods_not_found');
      if (!goods.active) throw new AppError('goods_inactive');
      if (goods.price !== input.price) throw new AppError('price_changed');
      if (goods.stock < qty) throw new AppError('out_of_stock');
      const total = goods.price * qty;
      if (!account || account.balance < total) throw new AppError('insufficient_points');
      // unique among OPEN codes (checkOff looks at open codes first, so an old used code may come round again)
      const taken = new Set((loaded.more.openCodes as EntryDoc[]).map((e) => e.pickup?.code));
      const code = candidates.find((c) => !taken.has(c));
      if (!code) throw new AppError('conflict');

      const pickup: PickupDoc = {
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
        pickedAt: null,
        pickedBy: null,
        cancelledAt: null,
      };
      const entry = entryFor(account, {
        entryId: redeemEntryIdOf(redemptionId),
        at: ctx.now,
        amount: -total,
        entryKind: 'redeem',
        counter: shopIdOf(villageId),
        source: redemptionId,
        memo: `兑换 ${goods.name} ${qty}${goods.unit}`,
        actorId: caller._id,
        pickup,
      });
      const out: RedeemOutput = { redemption: redemptionView({ ...entry, pickup }), balance: entry.balanceAfter };
      await t.update(LEDGER, goodsId, { $inc: { stock: -qty }, $set: { updatedAt: ctx.now } });
      await t.update(LEDGER, accountId, { $inc: { balance: -total, spent: total, entries: 1 }, $set: { updatedAt: ctx.now, ...markerSet(ctx, out) } });
      await t.create(LEDGER, entry);
      await t.create(
        AUDIT,
        auditRecord(ctx, {
          villageId,
          actorId: caller._id,
          actorName: caller.name,
          onBehalfOf: target.onBehalfOf?._id ?? null,
          targetId: entry._id,
          summary: `${target.onBehalfOf ? `代 ${target.onBehalfOf.name}${consentNote(target)} ` : ''}兑换 ${goods.name} ${qty}${goods.unit}，${total} 分（${account.householdName}）`,
          details: { redemptionId, goodsId, qty, total, ...(target.consent ? { consent: target.consent } : {}) },
          notify: [shopAddress(villageId), ...(target.onBehalfOf ? [target.onBehalfOf._id] : [])],
        }),
      );
      return out;
    });
  },
});
