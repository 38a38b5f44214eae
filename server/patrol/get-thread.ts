/**
 * getThread — a post and its replies (shown ones, and my own held ones), with the grid worker's answer
 * when the post's lead was replied to (kept on the lead's head, which may be a near-identical post).
 * Two round trips: the caller with the post, then the replies and the head in one query.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { idSchema, villageScoped, type ThreadOutput } from './contract';
import { PATROL, isCommittee, isMessage, loadPatrol, postView, repliesSeenBy, type MessageDoc } from './model';

export const getThread = defineAction({
  input: z.object({ ...villageScoped, postId: idSchema }),
  output: returns<ThreadOutput>(),
  who: ANY_MEMBER,
  errors: ['post_not_found'],
  run: async (ctx, input) => {
    const { villageId, postId } = input;
    const { caller, docs } = await loadPatrol(ctx, villageId, { ids: [postId] });
    const post = docs.get(postId);
    if (!isMessage(post) || post.board !== 'post') throw new AppError('post_not_found');
    const triager = isCommittee(caller) || (caller.roles.includes('grid_worker') && !!post.gridId && (caller.gridIds ?? []).includes(post.gridId));
    if (post.visibility !== 'shown' && post.authorId !== caller._id && !triager) throw new AppError('post_not_found');

    const headId = post.leadId && post.leadId !== postId ? post.leadId : null;
    const rows = (await ctx.store.find(PATROL, headId ? { $or: [{ threadId: postId }, { _id: headId }] } : { threadId: postId }, {
      orderBy: [['postedAt', 'asc']],
      limit: 200,
    })) as MessageDoc[];
    const head = headId ? rows.find((r) => r._id === headId) : null;
    const replies = repliesSeenBy(rows, postId, villageId, caller._id);
    const view = postView(post, caller._id, replies.length);
    if (!view.officialReply && head?.replyText) view.officialReply = { text: head.replyText, byName: head.handledByName ?? '', at: head.handledAt ?? head.postedAt };
    return { post: view, replies: replies.map((r) => postView(r, caller._id)) };
  },
});
