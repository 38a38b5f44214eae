/** getTicket — one ticket with its timeline (the audit trail) and the steps the caller may take. Two reads. */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { AUDIT } from '../kernel/audit';
import { ticketRef, type TicketDetail } from './contract';
import { loadTicket } from './model';
import { detailView } from './views';

export const getTicket = defineAction({
  input: z.object({ ...ticketRef }),
  output: returns<TicketDetail>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { ticket, caller } = await loadTicket(ctx, input.villageId, input.ticketId);
    const trail = await ctx.store.find(AUDIT, { targetId: ticket._id }, { orderBy: [['at', 'asc']], limit: 100, fields: ['at', 'action', 'actorName', 'onBehalfOf', 'summary'] });
    return detailView(caller, ticket, trail);
  },
});
