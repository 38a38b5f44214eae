/** supportTicket (附议) — a resident backs an open ticket instead of filing the same problem again. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { ticketRef } from './contract';
import { loadTicket, ticketNo, TICKETS } from './model';

type Out = { ticketId: string; supporters: number };

export const supportTicket = defineAction({
  input: z.object({ ...ticketRef }),
  output: returns<Out>(),
  who: ['resident', 'grid_worker', 'committee', 'township', 'shopkeeper'],
  errors: ['cannot_support_own', 'already_supported', 'ticket_not_open', 'ticket_changed'],
  run: async (ctx, input) => {
    const { ticket, caller } = await loadTicket(ctx, input.villageId, input.ticketId);
    const draft = {
      villageId: ticket.villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: ticket._id,
      summary: `工单${ticketNo(ticket._id)}（${ticket.categoryName}）${caller.name} 附议`,
      details: { supporters: (ticket.supporters ?? 0) + 1 },
      notify: ticket.reporterOffline ? [] : [ticket.reporterId],
    };
    const prior = priorOf<Out>(ctx, ticket);
    if (prior.kind === 'replay') {
      // the count as this request made it (the ticket read now already includes it)
      await appendAudit(ctx, { ...draft, details: { supporters: prior.out.supporters } }, prior.at);
      return prior.out;
    }
    if (ticket.reporterId === caller._id || ticket.reportedById === caller._id) throw new AppError('cannot_support_own');
    if ((ticket.supporterIds ?? []).includes(caller._id)) throw new AppError('already_supported');
    if (ticket.bucket !== 'open') throw new AppError('ticket_not_open');
    const out: Out = { ticketId: ticket._id, supporters: (ticket.supporters ?? 0) + 1 };
    const updated = await ctx.store.updateWhere(
      TICKETS,
      { _id: ticket._id, bucket: 'open', supporterIds: { $nin: [caller._id] }, ...notYetApplied(ctx) },
      { $addToSet: { supporterIds: caller._id }, $inc: { supporters: 1 }, $set: markerSet(ctx, out) },
    );
    if (updated !== 1) throw new AppError('ticket_changed');
    await appendAudit(ctx, draft);
    return out;
  },
});
