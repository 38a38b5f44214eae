/** listClaims — the 公示 board (every member sees the claims in their window) or the committee's review queue. */
import { requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { ClaimView, LedgerParsed } from './contract';
import { claimView, loadLedger } from './model';

export async function listClaims(ctx: Ctx, input: LedgerParsed<'listClaims'>): Promise<{ items: ClaimView[] }> {
  const { villageId, status } = input;
  const { caller, all } = await loadLedger(ctx, villageId, { allAccounts: ['claims'] });
  if (status === 'pending') requireRole(caller, ['committee']);
  const items = all
    .flatMap((a) => Object.values(a.claims ?? {}).filter((c) => c.status === status).map((c) => claimView(a, c)))
    .sort((a, b) => (status === 'public' ? (a.publicUntil ?? 0) - (b.publicUntil ?? 0) : a.createdAt - b.createdAt));
  return { items };
}
