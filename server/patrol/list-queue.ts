/**
 * listQueue — the triage queue: leads in the caller's grids (the committee: all), most urgent first,
 * then oldest, and on the open view's first page the open tickets the caller handles, due soonest first (a
 * grid worker's round — leads and due tickets — is one screen, one call). Round trips: the caller (with the
 * settings, unused here but free), then at once one aggregate that pages the leads and counts each cluster
 * ($lookup on the `leadId` index — the count is not stored, so a message joining a lead writes only itself)
 * and the tickets by grid's own query (grid/list-due-tickets.ts; index village_bucket_due).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { MemberDoc } from '../kernel/auth';
import type { Query } from '../kernel/store';
import { DUE_ORDER, dueTicketsQuery } from '../grid/list-due-tickets';
import { summaryView, TICKETS, type TicketDoc } from '../grid/model';
import { villageScoped, cursorSchema, pageSizeSchema, type LeadCard, type QueueOutput } from './contract';
import { PATROL, isCommittee, leadCard, loadPatrol, requireTriager, type MessageDoc } from './model';
import type { LeadStatus } from './states';

/** due tickets shown on the queue (the rest on grid's 待办工单 page) */
const DUE_SHOWN = 10;

const VIEWS: Record<'open' | 'escalated' | 'closed', LeadStatus[]> = {
  open: ['open'],
  escalated: ['escalated'],
  closed: ['dismissed', 'replied', 'converted', 'warned'],
};

export const listQueue = defineAction({
  input: z.object({
    ...villageScoped,
    /** 'open': waiting (workers: open in their grids; committee: open and escalated); 'closed': handled */
    view: z.enum(['open', 'escalated', 'closed']).default('open'),
    cursor: cursorSchema,
    pageSize: pageSizeSchema,
  }),
  output: returns<QueueOutput>(),
  who: ['grid_worker', 'committee'],
  run: async (ctx, input) => {
    const { villageId, view, pageSize } = input;
    const { caller } = await loadPatrol(ctx, villageId);
    requireTriager(caller);
    // the committee's open view holds what was escalated to it, too
    const statuses = view === 'open' && isCommittee(caller) ? ['open', 'escalated'] : VIEWS[view];
    const match: Query = { villageId, kind: 'message', leadStatus: { $in: statuses } };
    if (!isCommittee(caller)) match.gridId = { $in: caller.gridIds ?? [] };
    const skip = Math.max(0, Number.parseInt(input.cursor ?? '0', 10) || 0);
    // the round's tickets ride on its first page (read beside the leads: the third round trip)
    const dueQuery = view === 'open' && skip === 0 ? dueTicketsQuery(caller as MemberDoc, villageId) : null;
    const [rows, dueRows] = await Promise.all([
      ctx.store.aggregate(PATROL, [
        { $match: match },
        { $sort: view === 'closed' ? { handledAt: -1, _id: 1 } : { priority: -1, leadAt: 1, _id: 1 } },
        { $skip: skip },
        { $limit: pageSize + 1 },
        { $lookup: { from: PATROL, localField: '_id', foreignField: 'leadId', as: 'members' } },
        { $project: { reqs: 0, minhash: 0, bandKeys: 0, 'members.reqs': 0, 'members.scan': 0, 'members.minhash': 0, 'members.bandKeys': 0 } },
      ]),
      dueQuery ? (ctx.store.find(TICKETS, dueQuery, { orderBy: DUE_ORDER, limit: DUE_SHOWN + 1 }) as Promise<TicketDoc[]>) : Promise.resolve(null),
    ]);
    const leads: LeadCard[] = rows.slice(0, pageSize).map((row) => {
      const members = (Array.isArray(row.members) ? row.members : []) as MessageDoc[];
      const flags = members.reduce((n, m) => n + (m._id === row._id ? 0 : m.flagCount ?? 0), 0);
      return leadCard(row as unknown as MessageDoc, Math.max(1, members.length), (row.flagCount as number) + flags);
    });
    const due = dueRows ? { items: dueRows.slice(0, DUE_SHOWN).map(summaryView), more: dueRows.length > DUE_SHOWN } : null;
    return { leads, nextCursor: rows.length > pageSize ? String(skip + pageSize) : null, due };
  },
});
