/** listClaims — the 公示 board (every member sees the claims in their window) or the committee's review queue. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { type ClaimView, villageIdSchema } from './contract';
import { claimView, loadLedger } from './model';

export const listClaims = defineAction({
  input: z.object({ villageId: villageIdSchema, status: z.enum(['public', 'pending']).default('public') }),
  output: returns<{ items: ClaimView[] }>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, input) => {
    const { villageId, status } = input;
    const { caller, all } = await loadLedger(ctx, villageId, { allAccounts: ['claims'] });
    if (status === 'pending') requireRole(caller, ['committee']);
    const items = all
      .flatMap((a) => Object.values(a.claims ?? {}).filter((c) => c.status === status).map((c) => claimView(a, c)))
      .sort((a, b) => (status === 'public' ? (a.publicUntil ?? 0) - (b.publicUntil ?? 0) : a.createdAt - b.createdAt));
    return { items };
  },
});
