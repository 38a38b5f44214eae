/**
 * listDueTickets — the handler's list, due soonest first: a grid worker's tickets (assigned to them, or
 * waiting in their grids), the committee's whole village, township staff the tickets escalated to them.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { hasRole, loadCaller, type MemberDoc } from '../kernel/auth';
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
    const query = dueTicketsQuery(caller, villageId);
    if (!query) throw new AppError('forbidden');
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(TICKETS, query, { orderBy: DUE_ORDER, skip: offset, limit: input.pageSize + 1 })) as TicketDoc[];
    return pageOf(rows.map(summaryView), offset, input.pageSize);
  },
});

/** due soonest first */
export const DUE_ORDER: [string, 'asc' | 'desc'][] = [
  ['dueAt', 'asc'],
  ['_id', 'asc'],
];

/**
 * The open tickets a member handles — also read by patrol's queue (a grid worker's round is one screen): a grid
 * worker's (assigned to them, or waiting in their grids), the committee's whole village, township staff the
 * tickets escalated to them; null for anyone else.
 */
export function dueTicketsQuery(caller: MemberDoc, villageId: string): Query | null {
  if (hasRole(caller, ['committee'])) return { villageId, bucket: 'open' };
  if (hasRole(caller, ['grid_worker']))
    return { villageId, bucket: 'open', $or: [{ assigneeId: caller._id }, { assigneeId: null, route: 'grid_worker', gridId: { $in: caller.gridIds ?? [] } }] };
  if (hasRole(caller, ['township'])) return { villageId, bucket: 'open', escalation: 2 };
  return null;
}
