/**
 * settleYear (timer, daily through January) — the year just ended is settled once per village by its
 * setting: `expire` moves every household's balance back to the village's issuing account (entry id
 * `settle:<year>`, so a re-run posts nothing twice); `carry_over` moves nothing. Points reserved for a
 * pickup already sit with the shop, so a pending redemption is never touched. The year is marked on the
 * book last: an interrupted run simply runs again.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { AuditDraft } from '../kernel/audit';
import { type TimerOutput, YEAR_END } from './contract';
import { beijingParts, issuerIdOf, LEDGER, legFor, postedKey, type AccountDoc, type BookDoc } from './model';
import { appendAudits, SYSTEM } from './timer-audit';

export const settleYear = defineAction({
  input: z.object({}),
  output: returns<TimerOutput>(),
  who: 'timer',
  run: async (ctx, _input) => {
    const { year, month } = beijingParts(ctx.now);
    if (month !== 1) return { processed: 0, posted: 0, skipped: 0 };
    const ended = year - 1;
    const books = ((await ctx.store.find(LEDGER, { kind: 'book' }, { limit: 1000 })) as BookDoc[]).filter((b) => !(b.settledYears ?? []).includes(ended));
    let processed = 0;
    let posted = 0;
    let skipped = 0;
    for (const book of books) {
      const drafts: AuditDraft[] = [];
      let complete = true;
      if (book.settings.yearEnd === 'expire') {
        const accounts = (await ctx.store.find(LEDGER, { villageId: book.villageId, kind: 'account', balance: { $gt: 0 } }, { limit: 1000 })) as AccountDoc[];
        for (const account of accounts) {
          processed += 1;
          const id = `settle:${ended}`;
          if (account.posted?.[postedKey(id)]) continue;
          const leg = legFor(account, {
            id,
            at: ctx.now,
            amount: -account.balance,
            kind: 'settle',
            counter: issuerIdOf(book.villageId),
            source: String(ended),
            memo: `${ended} 年度积分年底清零`,
            actorId: SYSTEM.actorId,
          });
          const updated = await ctx.store.updateWhere(
            LEDGER,
            { _id: account._id, balance: account.balance, [`posted.${postedKey(id)}`]: { $exists: false } },
            { $inc: { balance: -account.balance }, $push: { legs: leg }, $set: { [`posted.${postedKey(id)}`]: true } },
          );
          if (updated !== 1) {
            skipped += 1;
            complete = false;
            continue;
          }
          posted += 1;
          drafts.push({ villageId: book.villageId, ...SYSTEM, actorName: '系统（年终结算）', targetId: `${account._id}:settle:${ended}`, summary: `${ended} 年度积分清零：${account.householdName} ${account.balance} 分`, details: { year: ended, amount: -account.balance } });
        }
      }
      drafts.push({ villageId: book.villageId, ...SYSTEM, actorName: '系统（年终结算）', targetId: `${book._id}:settle:${ended}`, summary: `${ended} 年度积分年终结算：${YEAR_END[book.settings.yearEnd]}`, details: { year: ended, yearEnd: book.settings.yearEnd } });
      if (!complete) {
        await appendAudits(ctx, drafts.slice(0, -1));
        continue;
      }
      await appendAudits(ctx, drafts);
      await ctx.store.updateWhere(LEDGER, { _id: book._id }, { $push: { settledYears: ended } });
    }
    return { processed, posted, skipped };
  },
});
