/**
 * cancelRedemption — before pickup, the household (or its grid worker, the shop keeper, the committee)
 * cancels: one transaction returns both, the points from the shop to the household and the stock to the
 * goods; the pickup code is void from then on.
 */
import { appendAudit } from '../kernel/audit';
import { hasRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, priorOf } from '../kernel/idempotency';
import { isKeeper, maySeeHousehold, shopAddress } from './access';
import type { LedgerParsed, RedemptionView } from './contract';
import { accountIdOf, LEDGER, legFor, loadLedger, postedKey, redemptionView, type AccountDoc } from './model';

type Out = { redemption: RedemptionView; balance: number };

export async function cancelRedemption(ctx: Ctx, input: LedgerParsed<'cancelRedemption'>): Promise<Out> {
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
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  if (redemption.status !== 'reserved') throw new AppError('redemption_not_open');

  const out = await ctx.store.transaction(async (t): Promise<Out> => {
    const acct = (await t.get(LEDGER, accountId)) as AccountDoc | null;
    const again = priorOf<Out>(ctx, acct);
    if (again.kind === 'replay') return again.out;
    const r = acct?.redemptions?.[redemptionId];
    if (!acct || !r || r.status !== 'reserved') throw new AppError('redemption_not_open');
    const leg = legFor(acct, {
      id: `cancel:${redemptionId}`,
      at: ctx.now,
      amount: r.total,
      kind: 'cancel',
      counter: `${villageId}:shop`,
      ruleId: null,
      ruleName: null,
      ruleVersion: null,
      category: null,
      source: redemptionId,
      memo: `取消兑换 ${r.goodsName}，积分退回`,
      actorId: caller._id,
    });
    const cancelled = { ...r, status: 'cancelled' as const, cancelledAt: ctx.now };
    const result: Out = { redemption: redemptionView(acct, cancelled), balance: leg.balanceAfter };
    await t.update(LEDGER, accountId, {
      $inc: { balance: r.total, spent: -r.total },
      $push: { legs: leg, usedCodes: r.code },
      $pull: { openCodes: r.code },
      $set: { [`redemptions.${redemptionId}`]: cancelled, [`posted.${postedKey(leg.id)}`]: true, ...markerSet(ctx, result) },
    });
    // returning stock has no bound to check: a blind increment inside the same transaction
    await t.update(LEDGER, r.goodsId, { $inc: { stock: r.qty }, $set: { updatedAt: ctx.now } });
    return result;
  });
  await appendAudit(ctx, draft);
  return out;
}
