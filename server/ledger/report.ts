/**
 * report — for the committee: points issued, redeemed and outstanding, by category, and the three kinds
 * of account. The village's issuing account and the shop's account are derived here from the entries that
 * name them (an aggregate); with the households' stored balances they sum to zero.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { loadCaller, requireRole } from '../kernel/auth';
import { type ReportOutput, villageIdSchema } from './contract';
import { LEDGER } from './model';

export const report = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<ReportOutput>(),
  who: ['committee', 'township'],
  run: async (ctx, { villageId }) => {
    const { caller } = await loadCaller(ctx, villageId);
    requireRole(caller, ['committee', 'township']);
    // two aggregates (the SDK's aggregate has no $facet): the stored balances, and the entries by account, category and kind
    const [balances = { balance: 0, households: 0 }] = (await ctx.store.aggregate(LEDGER, [
      { $match: { villageId, kind: 'account' } },
      { $group: { _id: null, balance: { $sum: '$balance' }, households: { $sum: 1 } } },
      { $limit: 1 },
    ])) as { balance: number; households: number }[];
    const legs = (await ctx.store.aggregate(LEDGER, [
      { $match: { villageId, kind: 'entry' } },
      { $group: { _id: { counter: '$counter', category: '$category', kind: '$entryKind' }, amount: { $sum: '$amount' }, entries: { $sum: 1 } } },
      { $limit: 1000 },
    ])) as unknown as { _id: { counter: string; category: string | null; kind: string }; amount: number; entries: number }[];
    let issuer = 0;
    let shopBalance = 0;
    const categories = new Map<string, { points: number; entries: number }>();
    for (const l of legs) {
      // a household leg of +n against an account is −n on that account
      if (l._id.counter.endsWith(':issuer')) issuer -= l.amount;
      else if (l._id.counter.endsWith(':shop')) shopBalance -= l.amount;
      if (l._id.category && (l._id.kind === 'claim' || l._id.kind === 'event' || l._id.kind === 'reverse')) {
        const c = categories.get(l._id.category) ?? { points: 0, entries: 0 };
        c.points += l.amount;
        c.entries += l.entries;
        categories.set(l._id.category, c);
      }
    }
    return {
      issued: -issuer,
      redeemed: shopBalance,
      outstanding: balances.balance,
      households: balances.households,
      accounts: { issuer, shop: shopBalance, households: balances.balance },
      byCategory: [...categories.entries()].map(([category, c]) => ({ category, ...c })).sort((a, b) => b.points - a.points),
    };
  },
});
