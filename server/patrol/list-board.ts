/**
 * listBoard — the village board: fraud warnings pinned in the last three months on top (first page), then
 * posts newest first, with my own held or refused-by-review posts (marked 待审核 / 未通过) among them. Three
 * round trips: the caller with the pinned warnings (one $lookup read, loadPatrol), my unread count (the 消息
 * badge on 我的, first page only — so that tab needs no call of its own), and one page of posts with their
 * replies ($lookup on threadId). Paged by time (the cursor is the last post's time and id), so new posts do
 * not shift the pages. A post with a short thread carries its replies (the $lookup reads them anyway), so
 * opening it needs no call. The answer carries my standing's stamp (my grid and its workers included: the
 * first read joins them), so the phone's kept `me` is checked on every open at no extra call; and the stamps
 * of the 积分 and 议事 tabs, joined in that read too, so the phone shows its kept answer of those tabs while
 * they stand (client/src/state/tab-stamps.ts).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import type { MemberDoc } from '../kernel/auth';
import { unreadCount, type InboxState } from '../account/inbox-state';
import { villageScoped, cursorSchema, pageSizeSchema, type BoardOutput, type BoardPost } from './contract';
import { PATROL, loadPatrol, postView, repliesSeenBy, type MessageDoc } from './model';

const WARNINGS_MAX = 5;
/** a thread this short rides in the board's answer */
const INLINE_REPLIES_MAX = 10;

export const listBoard = defineAction({
  input: z.object({ ...villageScoped, cursor: cursorSchema, pageSize: pageSizeSchema }),
  output: returns<BoardOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId, pageSize } = input;
    const firstPage = !input.cursor;
    const { caller, pinned, stamp, tabStamps } = await loadPatrol(ctx, villageId, { pinned: firstPage, stamp: true, tabStamps: true });
    const [atText, idText] = (input.cursor ?? '').split('|');
    const before = Number(atText);
    const warnings = pinned.slice(0, WARNINGS_MAX);
    const page: Record<string, unknown>[] = [
      { villageId, board: 'post', $or: [{ visibility: 'shown' }, { authorId: caller._id, visibility: { $in: ['held', 'rejected'] } }] },
    ];
    if (input.cursor && Number.isFinite(before)) page.push({ $or: [{ postedAt: { $lt: before } }, { postedAt: before, _id: { $gt: idText ?? '' } }] });
    const [rows, unread] = await Promise.all([
      ctx.store.aggregate(PATROL, [
        { $match: page.length === 1 ? page[0] : { $and: page } },
        { $sort: { postedAt: -1, _id: 1 } },
        { $limit: pageSize + 1 },
        { $lookup: { from: PATROL, localField: '_id', foreignField: 'threadId', as: 'replies' } },
        // a near-identical post's lead is kept on its head: the grid worker's answer shows from there
        // (getThread's second read). '-' for a post without a lead joins nothing.
        { $addFields: { headKey: { $ifNull: ['$leadId', '-'] } } },
        { $lookup: { from: PATROL, let: { head: '$headKey' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$head'] } } }, { $project: { villageId: 1, replyText: 1, handledByName: 1, handledAt: 1, postedAt: 1 } }], as: 'head' } },
        { $project: { reqs: 0, minhash: 0, bandKeys: 0, 'replies.reqs': 0, 'replies.scan': 0, 'replies.minhash': 0, 'replies.bandKeys': 0 } },
      ]),
      firstPage ? unreadCount(ctx, caller as MemberDoc & InboxState) : Promise.resolve(null),
    ]);
    const posts = rows.slice(0, pageSize).map((row) => {
      const post = row as unknown as MessageDoc;
      const replies = repliesSeenBy((Array.isArray(row.replies) ? row.replies : []) as MessageDoc[], post._id, villageId, caller._id);
      const view: BoardPost = postView(post, caller._id, replies.length);
      // the thread as getThread shows it, when it is short: opening the post then costs no call
      // (client/src/patrol/threads.ts). A near-identical post shows the answer its head was given.
      const head = (Array.isArray(row.head) ? (row.head as MessageDoc[]) : []).find((h) => h && h._id === post.leadId && h.villageId === villageId);
      const headsAnswer = post.leadId && post.leadId !== post._id && !view.officialReply && head?.replyText;
      if (headsAnswer) view.officialReply = { text: head.replyText!, byName: head.handledByName ?? '', at: head.handledAt ?? head.postedAt };
      if (replies.length <= INLINE_REPLIES_MAX) view.replies = replies.map((r) => postView(r, caller._id));
      return view;
    });
    const last = rows.length > pageSize ? (rows[pageSize - 1] as unknown as MessageDoc) : null;
    return {
      warnings: warnings.map((w) => postView(w, caller._id)),
      posts,
      nextCursor: last ? `${last.postedAt}|${last._id}` : null,
      memberStamp: stamp!,
      unread,
      tabStamps: tabStamps!,
    };
  },
});
