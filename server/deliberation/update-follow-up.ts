/**
 * updateFollowUp — committee: mark a follow-up of the decision done (or link a grid ticket); the last one
 * done makes the topic 已办结. 3 round trips: the topic with the caller, a compare-and-set on the version
 * read carrying the request's marker, the audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireIdOf } from '../kernel/ids';
import { idSchema, topicRef, type OutcomeOutput } from './contract';
import { DELIB, loadTopic, outcomeView } from './model';
import { canTransition, TOPIC_TRANSITIONS, type TopicState } from './states';

export const updateFollowUp = defineAction({
  /** committee: mark a follow-up done (or link a ticket); the topic is done when all are */
  input: z.object({ ...topicRef, actionId: z.string().regex(/^a[0-9]{1,2}$/), done: z.boolean().optional(), ticketId: idSchema.nullable().optional() }),
  output: returns<OutcomeOutput>(),
  who: ['committee'],
  errors: ['topic_not_decided', 'follow_up_not_found'],
  run: async (ctx, input) => {
    const { villageId, topicId, actionId } = input;
    const { topic, caller } = await loadTopic(ctx, villageId, topicId);
    const current = topic.outcome;
    const prior = priorOf<OutcomeOutput>(ctx, topic);
    const draftOf = (out: OutcomeOutput) => {
      const a = out.outcome.actions.find((x) => x.actionId === actionId);
      return {
        villageId,
        actorId: caller._id,
        actorName: caller.name,
        targetId: topicId,
        summary: `议题「${topic.title}」后续事项「${a?.text ?? actionId}」${a?.done ? '已完成' : '已更新'}${out.state === 'done' ? '，议题办结' : ''}`,
        details: { actionId, done: a?.done ?? null, ticketId: a?.ticketId ?? null, state: out.state },
        notify: out.state === 'done' ? [topic.proposerId, ...topic.seconders].filter((id) => id !== caller._id) : [],
      };
    };
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draftOf(prior.out), prior.at);
      return prior.out;
    }
    requireRole(caller, ['committee']);
    if (!current || !canTransition('updateFollowUp', topic.state)) throw new AppError('topic_not_decided');
    if (!current.actions.some((a) => a.id === actionId)) throw new AppError('follow_up_not_found');
    if (input.ticketId) requireIdOf(input.ticketId, villageId, 'ticket');
    const actions = current.actions.map((a) =>
      a.id !== actionId
        ? a
        : {
            ...a,
            ...(input.done === undefined ? {} : { done: input.done, doneAt: input.done ? ctx.now : null }),
            ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
          },
    );
    const state: TopicState = actions.every((a) => a.done) ? TOPIC_TRANSITIONS.complete.to : TOPIC_TRANSITIONS.updateFollowUp.to;
    const out: OutcomeOutput = { topicId, state, outcome: outcomeView({ ...current, actions })! };
    const updated = await ctx.store.updateWhere(
      DELIB,
      // on the version read: two follow-ups marked at once must not overwrite each other
      { _id: topicId, state: 'decided', updatedAt: topic.updatedAt, ...notYetApplied(ctx) },
      { $set: { state, 'outcome.actions': actions, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draftOf(out));
    return out;
  },
});
