/** listClaims — the 公示 board (every member sees the claims in their window) or the committee's review queue: the village's claims in that state, by index. One read. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { type ClaimView, villageIdSchema } from './contract';
import { claimView, loadLedger, type ClaimDoc } from './model';

/** the board and the queue show this many (a village has a handful in 公示 at a time) */
const MAX = 200;

export const listClaims = defineAction({
  input: z.object({ villageId: villageIdSchema, status: z.enum(['public', 'pending']).default('public') }),
  output: returns<{ items: ClaimView[] }>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, input) => {
    const { villageId, status } = input;
    const order = status === 'public' ? { publicUntil: 1 } : { createdAt: 1 };
    const { caller, more } = await loadLedger(ctx, villageId, { more: { claims: { match: { kind: 'claim', status }, then: [{ $sort: order }, { $limit: MAX }] } } });
    if (status === 'pending') requireRole(caller, ['committee']);
    return { items: (more.claims as ClaimDoc[]).map(claimView) };
  },
});
