/**
 * settleYear (timer, every 10 minutes on January nights: a paced tick settles ~16 households) — the year
 * just ended is settled once per village by its setting: `expire` moves every household's balance back to
 * the village's issuing account (entry id `settle:<year>`, so a re-run posts nothing twice); `carry_over`
 * moves nothing. Points reserved for a pickup already sit with the shop, so a pending redemption is never
 * touched. Each household settles in ONE transaction (model.ts: the account, its entry and the audit record
 * together); the year is marked on the book last, with the village's own record: an interrupted run simply
 * runs again.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, AUDIT, auditRecord } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { type TimerOutput, YEAR_END } from './contract';
import { beijingParts, entryDocIdOf, entryFor, issuerIdOf, LEDGER, SYSTEM, type AccountDoc, type BookDoc } from './model';

/** one household's settlement: the transaction's start and commit, the account and the entry read, the account written, the entry and its audit record */
const SETTLE_REQUESTS = 7;

export const settleYear = defineAction({
  input: z.object({}),
  output: returns<TimerOutput>(),
  who: 'timer',
  run: async (ctx) => {
    const { year, month } = beijingParts(ctx.now);
    if (month !== 1) return { processed: 0, posted: 0, skipped: 0 };
    const ended = year - 1;
    const books = ((await ctx.store.find(LEDGER, { kind: 'book' }, { limit: 1000 })) as BookDoc[]).filter((b) => !(b.settledYears ?? []).includes(ended));
    let processed = 0;
    let posted = 0;
    let skipped = 0;
    for (const book of books) {
      let complete = true;
      if (book.settings.yearEnd === 'expire') {
        const accounts = (await ctx.store.find(LEDGER, { villageId: book.villageId, kind: 'account', balance: { $gt: 0 } }, { limit: 1000, fields: ['householdId'] })) as AccountDoc[];
        for (const { _id, householdId } of accounts) {
          // a paced tick (kernel/pace.ts) stops where its budget ends; the next settles the rest
          if (ctx.budget() < SETTLE_REQUESTS) {
            complete = false;
            break;
          }
          processed += 1;
          const entryId = `settle:${ended}`;
          try {
            const settled = await ctx.store.transaction(async (t) => {
              const account = (await t.get(LEDGER, _id)) as AccountDoc | null;
              if (!account || account.balance <= 0 || (await t.get(LEDGER, entryDocIdOf(householdId, entryId)))) return false;
              const entry = entryFor(account, {
                entryId,
                at: ctx.now,
                amount: -account.balance,
                entryKind: 'settle',
                counter: issuerIdOf(book.villageId),
                source: String(ended),
                memo: `${ended} 年度积分年底清零`,
                actorId: SYSTEM.actorId,
              });
              await t.update(LEDGER, _id, { $inc: { balance: -account.balance, entries: 1 }, $set: { updatedAt: ctx.now } });
              await t.create(LEDGER, entry);
              await t.create(
                AUDIT,
                auditRecord(ctx, { villageId: book.villageId, ...SYSTEM, actorName: '系统（年终结算）', targetId: entry._id, summary: `${ended} 年度积分清零：${account.householdName} ${account.balance} 分`, details: { year: ended, amount: -account.balance } }),
              );
              return true;
            });
            if (settled) posted += 1;
          } catch (error) {
            // the household moved meanwhile (a redemption): the next run settles it
            if (!(error instanceof AppError && error.code === 'conflict')) throw error;
            skipped += 1;
            complete = false;
          }
        }
      }
      if (!complete) continue;
      await appendAudit(ctx, { villageId: book.villageId, ...SYSTEM, actorName: '系统（年终结算）', targetId: `${book._id}:settle:${ended}`, summary: `${ended} 年度积分年终结算：${YEAR_END[book.settings.yearEnd]}`, details: { year: ended, yearEnd: book.settings.yearEnd } });
      await ctx.store.updateWhere(LEDGER, { _id: book._id }, { $push: { settledYears: ended } });
    }
    return { processed, posted, skipped };
  },
});
