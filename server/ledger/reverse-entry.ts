/**
 * reverseEntry — entries are never changed: the committee corrects a posted entry with a reversing entry
 * (the opposite amount between the same two accounts, id `reverse:<entryId>`, so it posts at most once).
 * A reversal that would take the household below zero is refused. ONE transaction (model.ts): the original
 * entry (its first operation), the one aggregate for the caller and the account, then the account, the
 * reversing entry and the audit record together. 7 round trips.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { idSchema, reasonSchema, villageIdSchema, type EntryView } from './contract';
import { accountIdOf, entryDocIdOf, entryFor, entryView, LEDGER, loadLedger, type EntryDoc } from './model';

type Out = { entry: EntryView; balance: number };

export const reverseEntry = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, entryId: z.string().regex(/^[A-Za-z0-9:_-]{1,120}$/, 'entryId'), reason: reasonSchema }),
  output: returns<Out>(),
  who: ['committee'],
  // a money move: one transaction, up to 8 round trips (model.ts)
  rare: true,
  errors: ['ledger_not_open', 'entry_not_found', 'entry_not_reversible', 'entry_already_reversed', 'insufficient_points'],
  run: async (ctx, input) => {
    const { villageId, householdId, entryId, reason } = input;
    if (!householdId.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
    const accountId = accountIdOf(householdId);
    const id = `reverse:${entryId}`;
    const reversalDocId = entryDocIdOf(householdId, id);
    // the text check is no database call: before the transaction, which may run again
    await requireCleanText(ctx, [reason]);
    return ctx.store.transaction(async (t) => {
      const original = (await t.get(LEDGER, entryDocIdOf(householdId, entryId))) as EntryDoc | null;
      const { caller, accounts, docs } = await loadLedger(ctx, villageId, { ledgerIds: [accountId, reversalDocId] });
      requireRole(caller, ['committee']);
      const account = accounts.get(householdId);
      if (!account || !original || original.kind !== 'entry' || original.householdId !== householdId) throw new AppError('entry_not_found');
      const prior = priorOf<Out>(ctx, account);
      if (prior.kind === 'replay') return prior.out;
      if (['redeem', 'cancel', 'reverse'].includes(original.entryKind)) throw new AppError('entry_not_reversible');
      if (docs.has(reversalDocId)) throw new AppError('entry_already_reversed');
      const amount = -original.amount;
      if (account.balance + amount < 0) throw new AppError('insufficient_points');
      const entry = entryFor(account, {
        entryId: id,
        at: ctx.now,
        amount,
        entryKind: 'reverse',
        counter: original.counter,
        ruleId: original.ruleId,
        ruleName: original.ruleName,
        ruleVersion: original.ruleVersion,
        category: original.category,
        source: entryId,
        memo: `冲正：${reason}`,
        actorId: caller._id,
      });
      const out: Out = { entry: entryView(entry), balance: entry.balanceAfter };
      const earnedDelta = original.entryKind === 'claim' || original.entryKind === 'event' ? amount : 0;
      await t.update(LEDGER, accountId, { $inc: { balance: amount, earned: earnedDelta, entries: 1 }, $set: { updatedAt: ctx.now, ...markerSet(ctx, out) } });
      // a reversal that landed meanwhile makes this insert (and the whole move) fail
      await t.create(LEDGER, entry);
      await t.create(
        AUDIT,
        auditRecord(ctx, {
          villageId,
          actorId: caller._id,
          actorName: caller.name,
          targetId: entry._id,
          summary: `冲正${account.householdName}的「${original.ruleName ?? original.memo}」${original.amount} 分：${reason}`,
          details: { entryId, amount },
        }),
      );
      return out;
    });
  },
});
