/** getTicket — one ticket with its timeline (the audit trail) and the steps the caller may take. Two reads. */
import { AUDIT } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import type { GridParsed, TicketDetail } from './contract';
import { loadTicket } from './model';
import { detailView } from './views';

export async function getTicket(ctx: Ctx, input: GridParsed<'getTicket'>): Promise<TicketDetail> {
  const { ticket, caller } = await loadTicket(ctx, input.villageId, input.ticketId);
  const trail = await ctx.store.find(AUDIT, { targetId: ticket._id }, { orderBy: [['at', 'asc']], limit: 100, fields: ['at', 'action', 'actorName', 'onBehalfOf', 'summary'] });
  return detailView(caller, ticket, trail);
}
