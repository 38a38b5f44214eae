/** closeUnresolved (关闭，未解决) — the committee closes a ticket honestly as not fixed, with the reason. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireCleanText } from '../kernel/openapi';
import { reasonSchema, ticketRef, type TransitionOutput } from './contract';
import { runTransition } from './transition';

export const closeUnresolved = defineAction({
  input: z.object({ ...ticketRef, reason: reasonSchema }),
  output: returns<TransitionOutput>(),
  who: ['committee'],
  errors: ['transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'close_unresolved', async ({ caller }) => {
      await requireCleanText(ctx, [input.reason], 2);
      return { set: { closeReason: input.reason, closedAt: ctx.now }, summary: `${caller.name} 关闭（未解决）：${input.reason}` };
    });
  },
});
