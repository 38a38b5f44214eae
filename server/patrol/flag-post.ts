/**
 * flagPost — a resident tells the grid workers "look at this post". The flag lands on the post: a post
 * that was no lead becomes one; a lead's priority rises by FLAG_PRIORITY × the flagger's weight. The
 * weight (flagWeight) grows with how many of the flagger's earlier flags were confirmed (the lead was
 * converted, escalated or warned about), read in the same round trip as everything else.
 * One read, one compare-and-set (`flaggerIds` must not hold the caller yet), one audit record.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { appendAudit, roleAddress } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import type { Update } from '../kernel/store';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { fingerprint } from './cluster';
import { idSchema, villageScoped, type FlagOutput } from './contract';
import { FLAG_PRIORITY, PATROL, flagWeight, headFields, isMessage, loadPatrol } from './model';
import { CONFIRMED_LEAD_STATUSES } from './states';

export const flagPost = defineAction({
  input: z.object({ ...villageScoped, postId: idSchema, reason: text(200, { multiline: true, trim: false }).optional() }),
  output: returns<FlagOutput>(),
  who: ANY_MEMBER,
  errors: ['post_not_found', 'cannot_flag_own_post', 'already_flagged'],
  run: async (ctx, input) => {
    const { villageId, postId } = input;
    const { caller, docs, myFlags } = await loadPatrol(ctx, villageId, { ids: [postId], myFlags: true });
    const post = docs.get(postId);
    if (!isMessage(post) || post.board === null || post.visibility !== 'shown') throw new AppError('post_not_found');
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: postId,
      summary: `举报了 ${post.authorName} 的帖子${input.reason ? `：${input.reason}` : ''}`,
      notify: post.gridId ? [roleAddress('grid_worker', post.gridId)] : [roleAddress('committee', villageId)],
    };
    const prior = priorOf<FlagOutput>(ctx, post);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (post.authorId === caller._id) throw new AppError('cannot_flag_own_post');
    if ((post.flaggerIds ?? []).includes(caller._id)) throw new AppError('already_flagged');

    // Only decided leads count (escalating is a decision: the worker judged it real); an open one says
    // nothing yet about the flagger's judgement.
    const decided = myFlags.filter((d) => d.leadId === d._id && d.leadStatus && d.leadStatus !== 'open');
    const confirmed = decided.filter((d) => (CONFIRMED_LEAD_STATUSES as readonly string[]).includes(d.leadStatus as string));
    const weight = flagWeight(confirmed.length, decided.length);
    const bump = Math.round(FLAG_PRIORITY * weight);

    const becomesLead = post.leadId === null;
    const leadId = post.leadId ?? postId;
    const out: FlagOutput = { postId, leadId, weight };
    const change: Update = becomesLead
      ? { $set: { ...headFields(postId, fingerprint(villageId, post.text), Math.min(100, post.scan.urgency) + bump, ctx.now), ...markerSet(ctx, out) }, $inc: { flagCount: 1 } }
      : { $set: { ...markerSet(ctx, out) }, $inc: { flagCount: 1, priority: bump } };
    const updated = await ctx.store.updateWhere(
      PATROL,
      { _id: postId, leadId: post.leadId, flaggerIds: { $ne: caller._id }, ...notYetApplied(ctx) },
      { ...change, $addToSet: { flaggerIds: caller._id } } as Update,
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, { ...draft, details: { leadId, weight, becameLead: becomesLead } });
    return out;
  },
});
