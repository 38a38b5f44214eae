import type { CollectionSpec } from '../collections';

/** Collections of the notices function (村务公开). */
export const noticesCollections: CollectionSpec[] = [
  {
    name: 'notices',
    purpose:
      '村务公开 — one document per notice (`${v}:nt:${hash}`, the hash from author + requestId so a retried publish lands on the same notice): ' +
      'category (party/village/finance), title, text, photo fileIDs, `pinnedUntil` (0 = not pinned), author, published/edited times, a version ' +
      'for edits, and the idempotency markers `reqs.<requestId>`.',
    indexes: [
      // listNotices: the pinned ones, then the rest newest first (all categories, or one)
      { name: 'village_pinned_published', keys: { villageId: 1, pinnedUntil: -1, publishedAt: -1 } },
      { name: 'village_category_pinned_published', keys: { villageId: 1, category: 1, pinnedUntil: -1, publishedAt: -1 } },
    ],
    permission: 'ADMINONLY',
  },
  {
    name: 'noticeviews',
    purpose:
      '通知送达 — one document per notice × household (`${noticeId}:v:${householdId}`): the household\'s first view on a phone (via seen) ' +
      'or a grid worker\'s 当面告知 (via told: who told whom, a note); a repeat view writes nothing. Seen-by per grid is a $group over it.',
    indexes: [
      // openNotice: the views of a notice grouped by grid
      { name: 'notice_grid', keys: { noticeId: 1, gridId: 1 } },
      // openNotice: the told-in-person records, newest first
      { name: 'notice_via_at', keys: { noticeId: 1, via: 1, at: -1 } },
    ],
    permission: 'ADMINONLY',
  },
  {
    name: 'noticeqa',
    purpose: '通知问答 — one document per question under a notice (`${noticeId}:q:${hash}`): the asker, the text, and the committee\'s answer written into it.',
    indexes: [
      // openNotice: a notice's questions, oldest first
      { name: 'notice_asked', keys: { noticeId: 1, askedAt: 1 } },
    ],
    permission: 'ADMINONLY',
  },
];
