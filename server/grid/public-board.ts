/** publicBoard (问题曝光) — the village's tickets by bucket, newest first, with personal data masked. */
import { loadCaller } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { BoardItem, GridParsed, Page } from './contract';
import { decodeCursor, pageOf, TICKETS, type TicketDoc } from './model';
import { boardItem } from './views';

export async function publicBoard(ctx: Ctx, input: GridParsed<'publicBoard'>): Promise<Page<BoardItem>> {
  const { caller } = await loadCaller(ctx, input.villageId);
  const offset = decodeCursor(input.cursor);
  const rows = (await ctx.store.find(
    TICKETS,
    { villageId: input.villageId, bucket: input.bucket },
    {
      orderBy: [['createdAt', 'desc'], ['_id', 'desc']],
      skip: offset,
      limit: input.pageSize + 1,
      // never the markers, consents or coordinates
      fields: ['status', 'categoryName', 'gridName', 'text', 'place', 'reporterName', 'reportedById', 'reporterId', 'reportedBy', 'privateNames', 'createdAt', 'closedAt', 'supporters', 'supporterIds', 'rating', 'escalation'],
    },
  )) as TicketDoc[];
  return pageOf(rows.map((t) => boardItem(caller._id, t)), offset, input.pageSize);
}
