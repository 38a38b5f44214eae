/**
 * closePoll — committee: close the poll now. 3 round trips (the topic with the caller, the closing time
 * moved to now carrying the request's marker, audit). The next timer tick counts it (tally.ts; at most a
 * tick — the page shows 已截止，计票中 meanwhile).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, roleAddress } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { topicRef, type CloseOutput } from './contract';
import { DELIB, loadTopic } from './model';

export const closePoll = defineAction({
  /** committee: close the poll now; the timer's next tick counts it (the results follow within one tick) */
  input: z.object({ ...topicRef }),
  output: returns<CloseOutput>(),
  who: ['committee'],
  errors: ['poll_not_open', 'poll_closed'],
  run: async (ctx, input) => {
    const { villageId, topicId } = input;
    const { topic, caller } = await loadTopic(ctx, villageId, topicId);
    const draftOf = (out: CloseOutput) => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: topicId,
      summary: `提前截止表决「${topic.poll?.question ?? topic.title}」，计票结果稍后公布`,
      details: { closesAt: out.closesAt },
      notify: [roleAddress('committee', villageId), topic.proposerId],
    });
    const prior = priorOf<CloseOutput>(ctx, topic);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draftOf(prior.out), prior.at);
      return prior.out;
    }
    requireRole(caller, ['committee']);
    const poll = topic.poll;
    if (!poll || poll.state === 'scheduled') throw new AppError('poll_not_open');
    if (poll.state !== 'open' || ctx.now >= poll.closesAt || poll.closedBy) throw new AppError('poll_closed');
    const out: CloseOutput = { topicId, state: topic.state, closesAt: ctx.now, results: null };
    const updated = await ctx.store.updateWhere(
      DELIB,
      // closedBy: two committee members closing at once (their clocks a few ms apart) close it once
      { _id: topicId, 'poll.state': 'open', 'poll.closesAt': { $gt: ctx.now }, 'poll.closedBy': null, ...notYetApplied(ctx) },
      { $set: { 'poll.closesAt': ctx.now, 'poll.closedBy': caller._id, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draftOf(out));
    return out;
  },
});
