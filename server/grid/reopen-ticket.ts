/** reopenTicket (没解决，重新处理) — the reporter (or their worker for an offline reporter, 代办) says it is not fixed; the handler has a fresh resolve deadline. */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { requireCleanText } from '../kernel/openapi';
import { reasonSchema, ticketRef, type TransitionOutput } from './contract';
import { actsForOfflineReporter } from './model';
import { runTransition } from './transition';

export const reopenTicket = defineAction({
  input: z.object({ ...ticketRef, reason: reasonSchema }),
  output: returns<TransitionOutput>(),
  who: ANY_MEMBER,
  errors: ['transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'reopen', async ({ caller, ticket }) => {
      await requireCleanText(ctx, [input.reason], 2);
      const onBehalf = actsForOfflineReporter(caller, ticket);
      return {
        set: { reopenedAt: ctx.now, reopenReason: input.reason, reopenCount: ((ticket.reopenCount as number | undefined) ?? 0) + 1, closedAt: null },
        summary: `${onBehalf ? `${caller.name} 代 ${ticket.reporterName} ` : `${caller.name} `}重新打开：${input.reason}`,
        onBehalfOf: onBehalf ? ticket.reporterId : null,
      };
    });
  },
});
