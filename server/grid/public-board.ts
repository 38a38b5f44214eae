/** publicBoard (问题曝光) — the village's tickets by bucket, newest first, with personal data masked. */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { TICKET_BUCKETS } from './transitions';
import { loadCaller } from '../kernel/auth';
import { pageSchema, villageIdSchema, type BoardItem, type Page } from './contract';
import { decodeCursor, pageOf, TICKETS, type TicketDoc } from './model';
import { boardItem } from './views';

export const publicBoard = defineAction({
  input: z.object({ villageId: villageIdSchema, bucket: z.enum(TICKET_BUCKETS).default('open'), ...pageSchema }),
  output: returns<Page<BoardItem>>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
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
  },
});
