/** rejectTicket (不予受理) — not the village's to fix: the reporter is told who is (a referral), and the ticket closes. */
import type { Ctx } from '../kernel/context';
import { requireCleanText } from '../kernel/openapi';
import type { GridParsed, TransitionOutput } from './contract';
import { runTransition } from './transition';

export async function rejectTicket(ctx: Ctx, input: GridParsed<'rejectTicket'>): Promise<TransitionOutput> {
  return runTransition(ctx, input, 'reject', async ({ caller }) => {
    await requireCleanText(ctx, [input.reason, input.referral], 2);
    return {
      set: { rejection: { reason: input.reason, referral: input.referral }, closedAt: ctx.now },
      summary: `${caller.name} 不予受理：${input.reason}；请联系：${input.referral}`,
    };
  });
}
