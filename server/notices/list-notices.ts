/**
 * listNotices (村务公开栏) — the village's notices, those pinned now first, then the rest newest first; one
 * category (党务/村务/财务) or all. Three round trips at once: the caller, the pinned ones (first page only)
 * and the page.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { loadCaller } from '../kernel/auth';
import { NOTICE_CATEGORY_IDS, pageSchema, villageIdSchema, type NoticeSummary, type Page } from './contract';
import { decodeCursor, NOTICES, summaryView, type NoticeDoc } from './model';

const FIELDS = ['villageId', 'category', 'title', 'text', 'photos', 'pinnedUntil', 'authorName', 'publishedAt', 'editedAt', 'kind'];
const PINNED_MAX = 20;

export const listNotices = defineAction({
  input: z.object({ villageId: villageIdSchema, category: z.enum(NOTICE_CATEGORY_IDS).optional(), ...pageSchema }),
  output: returns<Page<NoticeSummary> & { pinned: NoticeSummary[] }>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const offset = decodeCursor(input.cursor);
    const base = { villageId: input.villageId, ...(input.category ? { category: input.category } : {}) };
    const [, pinned, rows] = await Promise.all([
      // the caller's standing is checked before anything is answered
      loadCaller(ctx, input.villageId),
      offset === 0
        ? ctx.store.find(NOTICES, { ...base, pinnedUntil: { $gt: ctx.now } }, { orderBy: [['publishedAt', 'desc'], ['_id', 'desc']], limit: PINNED_MAX, fields: FIELDS })
        : Promise.resolve([]),
      ctx.store.find(NOTICES, { ...base, pinnedUntil: { $lte: ctx.now } }, { orderBy: [['publishedAt', 'desc'], ['_id', 'desc']], skip: offset, limit: input.pageSize + 1, fields: FIELDS }),
    ]);
    const view = (d: unknown) => summaryView(d as NoticeDoc, ctx.now);
    return {
      pinned: pinned.map(view),
      items: rows.slice(0, input.pageSize).map(view),
      nextCursor: rows.length > input.pageSize ? String(offset + input.pageSize) : null,
    };
  },
});
