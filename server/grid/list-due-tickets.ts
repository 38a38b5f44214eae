/**
 * listDueTickets — the handler's list, due soonest first: a grid worker's tickets (assigned to them, or
 * waiting in their grids), the committee's whole village, township staff the tickets escalated to them.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { hasRole, loadCaller } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { Query } from '../kernel/store';
import { pageSchema, villageIdSchema, type Page, type TicketSummary } from './contract';
import { decodeCursor, pageOf, summaryView, TICKETS, type TicketDoc } from './model';

export const listDueTickets = defineAction({
  input: z.object({ villageId: villageIdSchema, ...pageSchema }),
  output: returns<Page<TicketSummary>>(),
  who: ['grid_worker', 'committee', 'township'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const { caller } = await loadCaller(ctx, villageId);
    let query: Query;
    if (hasRole(caller, ['committee'])) query = { villageId, bucket: 'open' };
    else if (hasRole(caller, ['grid_worker']))
      query = { villageId, bucket: 'open', $or: [{ assigneeId: caller._id }, { assigneeId: null, route: 'grid_worker', gridId: { $in: caller.gridIds ?? [] } }] };
    else if (hasRole(caller, ['township'])) query = { villageId, bucket: 'open', escalation: 2 };
    else throw new AppError('forbidden');
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(TICKETS, query, { orderBy: [['dueAt', 'asc'], ['_id', 'asc']], skip: offset, limit: input.pageSize + 1 })) as TicketDoc[];
    return pageOf(rows.map(summaryView), offset, input.pageSize);
  },
});
