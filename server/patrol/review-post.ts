/**
 * reviewPost — a grid worker (in the post's grid) or the committee decides on a held post: publish it on
 * the board, or keep it off with a reason its poster reads. The lead it opened stays in the queue until
 * triaged (publishing is not the same as "nothing to do"). One read, one compare-and-set on
 * `visibility: 'held'`, one audit record naming the poster.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { idSchema, villageScoped, reasonSchema, type ReviewPostOutput } from './contract';
import { PATROL, isMessage, loadPatrol, requireInScope, requireTriager } from './model';
import { SEC_CHECK_REFUSALS, secCheck } from './rules';
import { OPEN_LEAD_STATUSES } from './states';

export const reviewPost = defineAction({
  input: z.object({ ...villageScoped, postId: idSchema, decision: z.enum(['publish', 'reject']), reason: reasonSchema.optional() }),
  output: returns<ReviewPostOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['post_not_found', 'post_not_held', 'reason_required', 'lead_already_handled', ...SEC_CHECK_REFUSALS],
  run: async (ctx, input) => {
    const { villageId, postId, decision } = input;
    const reason = input.reason?.trim() ?? '';
    const { caller, docs } = await loadPatrol(ctx, villageId, { ids: [postId] });
    requireTriager(caller);
    const post = docs.get(postId);
    if (!isMessage(post) || post.board === null) throw new AppError('post_not_found');
    requireInScope(caller, post.gridId);
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: postId,
      summary: decision === 'publish' ? `审核通过 ${post.authorName} 的帖子` : `未通过 ${post.authorName} 的帖子：${reason}`,
      notify: post.authorId ? [post.authorId] : [],
    };
    const prior = priorOf<ReviewPostOutput>(ctx, post);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (post.visibility !== 'held') throw new AppError('post_not_held');
    if (decision === 'reject' && !reason) throw new AppError('reason_required');
    if (reason) await secCheck(ctx, reason);

    const out: ReviewPostOutput = { postId, visibility: decision === 'publish' ? 'shown' : 'rejected' };
    const stillLead = post.leadStatus !== null && (OPEN_LEAD_STATUSES as readonly string[]).includes(post.leadStatus);
    const updated = await ctx.store.updateWhere(
      PATROL,
      { _id: postId, visibility: 'held', ...notYetApplied(ctx) },
      {
        $set: {
          visibility: out.visibility,
          rejectReason: decision === 'reject' ? reason : null,
          needsReview: stillLead,
          firstReviewAt: post.firstReviewAt ?? ctx.now,
          ...markerSet(ctx, out),
        },
      },
    );
    if (updated !== 1) throw new AppError('lead_already_handled');
    await appendAudit(ctx, { ...draft, details: { decision } });
    return out;
  },
});
