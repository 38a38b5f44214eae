/** rejectTicket (不予受理) — not the village's to fix: the reporter is told who is (a referral), and the ticket closes. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { requireCleanText } from '../kernel/openapi';
import { reasonSchema, ticketRef, type TransitionOutput } from './contract';
import { runTransition } from './transition';

export const rejectTicket = defineAction({
  input: /** not ours to fix: say who is (e.g. 供电所 95598) */ z.object({ ...ticketRef, reason: reasonSchema, referral: text(100, { min: 1 }) }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'reject', async ({ caller }) => {
      await requireCleanText(ctx, [input.reason, input.referral], 2);
      return {
        set: { rejection: { reason: input.reason, referral: input.referral }, closedAt: ctx.now },
        summary: `${caller.name} 不予受理：${input.reason}；请联系：${input.referral}`,
      };
    });
  },
});
