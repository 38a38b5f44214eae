/**
 * redeem — points and stock are reserved together: one transaction takes the stock off the goods and
 * moves the points from the household to the shop's account (with the redemption and its 6-digit pickup
 * code on the household's account). The only ledger action where two documents must move together, so
 * the only one that pays for a transaction: read (1) + start, two reads, two writes, commit (6) + audit (1).
 * The callback decides only from what it reads inside the transaction, so when CloudBase runs it again
 * after a conflict, nothing happens twice: ten people after the last bag of rice — one gets it.
 */
import { appendAudit } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, priorOf } from '../kernel/idempotency';
import { shopAddress, targetHousehold } from './access';
import type { LedgerParsed, RedemptionView } from './contract';
import { accountIdOf, LEDGER, legFor, loadLedger, pickupCodes, postedKey, redemptionView, shopIdOf, type AccountDoc, type GoodsDoc, type RedemptionDoc } from './model';

type Out = { redemption: RedemptionView; balance: number };

export async function redeem(ctx: Ctx, input: LedgerParsed<'redeem'>): Promise<Out> {
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
    summary: `${target.onBehalfOf ? `代 ${target.onBehalfOf.name} ` : ''}兑换 ${r.goodsName} ${r.qty}${r.unit}，${r.total} 分（${account?.householdName ?? ''}）`,
    details: { redemptionId, goodsId, qty: r.qty, total: r.total },
    notify: [shopAddress(villageId), ...(target.onBehalfOf ? [target.onBehalfOf._id] : [])],
  });

  const prior = priorOf<Out>(ctx, account);
  if (prior.kind === 'replay') {
    const r = prior.out.redemption;
    await appendAudit(ctx, draftFor(r), prior.at);
    return prior.out;
  }
  // cheap refusals before paying for a transaction (all checked again inside it)
  if (!goods || goods.kind !== 'goods') throw new AppError('goods_not_found');
  if (!goods.active) throw new AppError('goods_inactive');
  if (goods.price !== input.price) throw new AppError('price_changed');
  const total = goods.price * qty;
  if (goods.stock < qty) throw new AppError('out_of_stock');
  if (!account || account.balance < total) throw new AppError('insufficient_points');
  // unique among OPEN codes (核销 looks at open codes first, so an old used code may come round again)
  const taken = new Set(loaded.byCode.flatMap((a) => a.openCodes ?? []));
  const code = candidates.find((c) => !taken.has(c));
  if (!code) throw new AppError('conflict');

  const out = await ctx.store.transaction(async (t): Promise<Out> => {
    const acct = (await t.get(LEDGER, accountId)) as AccountDoc | null;
    const g = (await t.get(LEDGER, goodsId)) as GoodsDoc | null;
    const again = priorOf<Out>(ctx, acct);
    if (again.kind === 'replay') return again.out; // the same request committed meanwhile (a duplicate delivery)
    if (!g || !g.active) throw new AppError('goods_inactive');
    if (g.price !== input.price) throw new AppError('price_changed');
    if (g.stock < qty) throw new AppError('out_of_stock');
    if (!acct || acct.balance < total) throw new AppError('insufficient_points');
    const redemption: RedemptionDoc = {
      redemptionId,
      goodsId,
      goodsName: g.name,
      unit: g.unit,
      qty,
      price: g.price,
      total,
      code,
      status: 'reserved',
      byId: caller._id,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      at: ctx.now,
      pickedAt: null,
      pickedBy: null,
      cancelledAt: null,
    };
    const leg = legFor(acct, {
      id: `redeem:${redemptionId}`,
      at: ctx.now,
      amount: -total,
      kind: 'redeem',
      counter: shopIdOf(villageId),
      ruleId: null,
      ruleName: null,
      ruleVersion: null,
      category: null,
      source: redemptionId,
      memo: `兑换 ${g.name} ${qty}${g.unit}`,
      actorId: caller._id,
    });
    const result: Out = { redemption: redemptionView(acct, redemption), balance: leg.balanceAfter };
    await t.update(LEDGER, goodsId, { $inc: { stock: -qty }, $set: { updatedAt: ctx.now } });
    await t.update(LEDGER, accountId, {
      $inc: { balance: -total, spent: total },
      $push: { legs: leg, openCodes: code },
      $set: { [`redemptions.${redemptionId}`]: redemption, [`posted.${postedKey(leg.id)}`]: true, ...markerSet(ctx, result) },
    });
    return result;
  });
  await appendAudit(ctx, draftFor(out.redemption));
  return out;
}
