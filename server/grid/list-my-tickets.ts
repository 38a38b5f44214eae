/** listMyTickets — what I reported, and what I reported for others (代报), newest first, paged. */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { TICKET_BUCKETS } from './transitions';
import { loadCaller } from '../kernel/auth';
import { pageSchema, villageIdSchema, type Page, type TicketSummary } from './contract';
import { decodeCursor, pageOf, summaryView, TICKETS, type TicketDoc } from './model';
import { STATUSES_IN } from './transitions';

export const listMyTickets = defineAction({
  input: z.object({ villageId: villageIdSchema, bucket: z.enum(TICKET_BUCKETS).optional(), ...pageSchema }),
  output: returns<Page<TicketSummary>>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { caller } = await loadCaller(ctx, input.villageId);
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(
      TICKETS,
      { $or: [{ reporterId: caller._id }, { reportedById: caller._id }], ...(input.bucket ? { status: { $in: STATUSES_IN[input.bucket] } } : {}) },
      { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: offset, limit: input.pageSize + 1 },
    )) as TicketDoc[];
    return pageOf(rows.map(summaryView), offset, input.pageSize);
  },
});
