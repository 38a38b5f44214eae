/** listMyTickets — what I reported, and what I reported for others (代报), newest first, paged. */
import { loadCaller } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { GridParsed, Page, TicketSummary } from './contract';
import { decodeCursor, pageOf, summaryView, TICKETS, type TicketDoc } from './model';
import { STATUSES_IN } from './transitions';

export async function listMyTickets(ctx: Ctx, input: GridParsed<'listMyTickets'>): Promise<Page<TicketSummary>> {
  const { caller } = await loadCaller(ctx, input.villageId);
  const offset = decodeCursor(input.cursor);
  const rows = (await ctx.store.find(
    TICKETS,
    { $or: [{ reporterId: caller._id }, { reportedById: caller._id }], ...(input.bucket ? { status: { $in: STATUSES_IN[input.bucket] } } : {}) },
    { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: offset, limit: input.pageSize + 1 },
  )) as TicketDoc[];
  return pageOf(rows.map(summaryView), offset, input.pageSize);
}
