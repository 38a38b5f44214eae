/**
 * ranking — the village's 红榜: households by points earned (net of reversals), opted-out households hidden;
 * and whether my household chose not to appear (the page's switch), from the same read of the accounts.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { type RankingOutput, type RankingRow, villageIdSchema } from './contract';
import { loadLedger } from './model';

const TOP = 50;

export const ranking = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<RankingOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, { villageId }) => {
    const { caller, all } = await loadLedger(ctx, villageId, { allAccounts: ['earned', 'optOut'] });
    const shown = all.filter((a) => !a.optOut && (a.earned ?? 0) > 0).sort((a, b) => b.earned - a.earned || a.householdName.localeCompare(b.householdName));
    const rows: RankingRow[] = [];
    shown.slice(0, TOP).forEach((a, i) => {
      // equal points share a rank
      const rank = i > 0 && rows[i - 1].earned === a.earned ? rows[i - 1].rank : i + 1;
      rows.push({ rank, householdId: a.householdId, householdName: a.householdName, earned: a.earned, mine: a.householdId === caller.householdId });
    });
    const householdId = caller.householdId ?? null;
    const myOptOut = !!householdId && all.some((a) => a.householdId === householdId && a.optOut);
    return { rows, optedOut: all.filter((a) => a.optOut).length, householdId, myOptOut };
  },
});
