/**
 * reverseEntry — entries are never changed: the committee corrects a posted entry with a reversing entry
 * (the opposite amount between the same two accounts, id `reverse:<entryId>`, so it posts at most once).
 * A reversal that would take the household below zero is refused.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { type EntryView, idSchema, reasonSchema, villageIdSchema } from './contract';
import { accountIdOf, entryView, LEDGER, legFor, loadLedger, postedKey } from './model';

type Out = { entry: EntryView; balance: number };

export const reverseEntry = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, entryId: z.string().regex(/^[A-Za-z0-9:_-]{1,120}$/, 'entryId'), reason: reasonSchema }),
  output: returns<{ entry: EntryView; balance: number }>(),
  who: ['committee'],
  errors: ['ledger_not_open', 'entry_not_found', 'entry_not_reversible', 'entry_already_reversed', 'insufficient_points'],
  run: async (ctx, input) => {
    const { villageId, householdId, entryId, reason } = input;
    const accountId = accountIdOf(householdId);
    const { caller, accounts } = await loadLedger(ctx, villageId, { ledgerIds: [accountId] });
    requireRole(caller, ['committee']);
    const account = accounts.get(householdId);
    const original = account?.legs.find((l) => l.id === entryId);
    if (!account || !original) throw new AppError('entry_not_found');
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: accountId,
      summary: `冲正${account.householdName}的「${original.ruleName ?? original.memo}」${original.amount} 分：${reason}`,
      details: { entryId, amount: -original.amount },
    };
    const prior = priorOf<Out>(ctx, account);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (['redeem', 'cancel', 'reverse'].includes(original.kind)) throw new AppError('entry_not_reversible');
    const id = `reverse:${entryId}`;
    if (account.posted?.[postedKey(id)]) throw new AppError('entry_already_reversed');
    const amount = -original.amount;
    if (account.balance + amount < 0) throw new AppError('insufficient_points');
    await requireCleanText(ctx, [reason]);
    const leg = legFor(account, {
      id,
      at: ctx.now,
      amount,
      kind: 'reverse',
      counter: original.counter,
      ruleId: original.ruleId,
      ruleName: original.ruleName,
      ruleVersion: original.ruleVersion,
      category: original.category,
      source: entryId,
      memo: `冲正：${reason}`,
      actorId: caller._id,
    });
    const out: Out = { entry: entryView(leg), balance: leg.balanceAfter };
    const earnedDelta = original.kind === 'claim' || original.kind === 'event' ? amount : 0;
    const updated = await ctx.store.updateWhere(
      LEDGER,
      { _id: accountId, balance: account.balance, [`posted.${postedKey(id)}`]: { $exists: false }, ...notYetApplied(ctx) },
      { $inc: { balance: amount, earned: earnedDelta }, $push: { legs: leg }, $set: { [`posted.${postedKey(id)}`]: true, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
