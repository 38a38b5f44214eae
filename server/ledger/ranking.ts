/** ranking — the village's 红榜: households by points earned (net of reversals), opted-out households hidden. */
import type { Ctx } from '../kernel/context';
import type { LedgerParsed, RankingRow } from './contract';
import { loadLedger } from './model';

const TOP = 50;

export async function ranking(ctx: Ctx, { villageId }: LedgerParsed<'ranking'>): Promise<{ rows: RankingRow[]; optedOut: number }> {
  const { caller, all } = await loadLedger(ctx, villageId, { allAccounts: ['earned', 'optOut'] });
  const shown = all.filter((a) => !a.optOut && (a.earned ?? 0) > 0).sort((a, b) => b.earned - a.earned || a.householdName.localeCompare(b.householdName));
  const rows: RankingRow[] = [];
  shown.slice(0, TOP).forEach((a, i) => {
    // equal points share a rank
    const rank = i > 0 && rows[i - 1].earned === a.earned ? rows[i - 1].rank : i + 1;
    rows.push({ rank, householdId: a.householdId, householdName: a.householdName, earned: a.earned, mine: a.householdId === caller.householdId });
  });
  return { rows, optedOut: all.filter((a) => a.optOut).length };
}
