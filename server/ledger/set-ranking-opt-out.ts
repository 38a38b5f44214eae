/** setRankingOptOut — a household member hides (or shows again) their household on the 红榜. */
import { appendAudit } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { LedgerParsed } from './contract';
import { accountIdOf, LEDGER, loadLedger, newAccount } from './model';

export async function setRankingOptOut(ctx: Ctx, { villageId, optOut }: LedgerParsed<'setRankingOptOut'>): Promise<{ optOut: boolean }> {
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
    const updated = await ctx.store.updateWhere(LEDGER, { _id: account._id, ...notYetApplied(ctx) }, { $set: { optOut, ...markerSet(ctx, out) } });
    if (updated !== 1) throw new AppError('conflict');
  }
  await appendAudit(ctx, draft);
  return out;
}
