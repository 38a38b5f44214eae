/**
 * getLead — one lead with the messages clustered into it and, once converted, the grid ticket's state
 * read from the grid function's `tickets` collection (read only). Three round trips: the caller and the
 * lead, the cluster, the ticket.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { leadRef, type LeadDetailOutput } from './contract';
import { PATROL, isMessage, leadCard, loadPatrol, requireInScope, requireTriager, type MessageDoc } from './model';

/** the grid function's collection of tickets (its contract: `status`, `bucket`) */
const TICKETS = 'tickets';

export const getLead = defineAction({
  input: z.object({ ...leadRef }),
  output: returns<LeadDetailOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['lead_not_found'],
  run: async (ctx, input) => {
    const { villageId, leadId } = input;
    const { caller, docs } = await loadPatrol(ctx, villageId, { ids: [leadId] });
    requireTriager(caller);
    const lead = docs.get(leadId);
    if (!isMessage(lead) || lead.leadId !== lead._id) throw new AppError('lead_not_found');
    requireInScope(caller, lead.gridId);
    const members = (await ctx.store.find(PATROL, { leadId, villageId }, { orderBy: [['postedAt', 'asc']], limit: 100, fields: ['authorName', 'text', 'postedAt', 'source', 'flagCount'] })) as unknown as MessageDoc[];
    let ticket: LeadDetailOutput['ticket'] = null;
    if (lead.ticketId) {
      const t = await ctx.store.get(TICKETS, lead.ticketId);
      ticket = { ticketId: lead.ticketId, status: typeof t?.status === 'string' ? t.status : 'unknown', bucket: typeof t?.bucket === 'string' ? t.bucket : null };
    }
    const others = members.filter((m) => m._id !== leadId);
    const flags = others.reduce((n, m) => n + (m.flagCount ?? 0), 0);
    return {
      lead: leadCard(lead, Math.max(1, members.length), lead.flagCount + flags),
      members: others.slice(0, 20).map((m) => ({ messageId: m._id, authorName: m.authorName, text: m.text, postedAt: m.postedAt, source: m.source })),
      ticket,
    };
  },
});
