/**
 * confirmTicket (确认已解决) — the reporter confirms the fix and rates it 1–5, or their grid worker does
 * for an offline reporter (代办, marked). The audit record carries the verified event `ticket_confirmed`
 * that the 道德银行 may post points for.
 */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { text } from '../kernel/text';
import { requireCleanText } from '../kernel/openapi';
import { subscribeSchema, ticketRef, type TransitionOutput } from './contract';
import { actsForOfflineReporter } from './model';
import { runTransition } from './transition';

export const confirmTicket = defineAction({
  input: z.object({ ...ticketRef, rating: z.number().int().min(1).max(5), comment: text(200, { multiline: true }).optional(), subscribe: subscribeSchema.optional() }),
  output: returns<TransitionOutput>(),
  who: ANY_MEMBER,
  errors: ['transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'confirm', async ({ caller, ticket }) => {
      await requireCleanText(ctx, [input.comment], 2);
      const onBehalf = actsForOfflineReporter(caller, ticket);
      return {
        set: { rating: { stars: input.rating, comment: input.comment ?? '', byId: caller._id, onBehalf, at: ctx.now }, closedAt: ctx.now },
        summary: `${onBehalf ? `${caller.name} 代 ${ticket.reporterName} ` : `${caller.name} `}确认已解决，评价${input.rating}星${input.comment ? `：${input.comment}` : ''}`,
        details: { rating: input.rating },
        onBehalfOf: onBehalf ? ticket.reporterId : null,
        event: { type: 'ticket_confirmed', residentId: ticket.reporterId, householdId: ticket.reporterHouseholdId, sourceKey: `ticket_confirmed:${ticket._id}` },
        newConsents: (input.subscribe?.templateIds ?? []).map((templateId) => ({ memberId: caller._id, openid: ctx.openid, templateId, at: ctx.now, usedAt: null })),
      };
    });
  },
});
