/**
 * recordOutcome (决议) — committee: the decision and its follow-up actions (each optionally a grid ticket);
 * a decision without follow-ups is done at once. 3 round trips: the topic with the caller, the topic's
 * compare-and-set carrying the request's marker, the audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireIdOf } from '../kernel/ids';
import { requireCleanText } from '../kernel/openapi';
import { idSchema, textLine, topicRef, type OutcomeOutput } from './contract';
import { DELIB, loadTopic, outcomeView, type FollowUp, type Outcome } from './model';
import { canTransition, TOPIC_TRANSITIONS, type TopicState } from './states';

export const recordOutcome = defineAction({
  /** committee: the decision and follow-up actions (optionally a grid ticket each) */
  input: z.object({
    ...topicRef,
    decision: textLine(500, true),
    actions: z.array(z.object({ text: textLine(100), ticketId: idSchema.optional() })).max(20).default([]),
  }),
  output: returns<OutcomeOutput>(),
  who: ['committee'],
  errors: ['topic_not_counted'],
  run: async (ctx, input) => {
    const { villageId, topicId } = input;
    const { topic, caller } = await loadTopic(ctx, villageId, topicId);
    const actions: FollowUp[] = input.actions.map((a, i) => ({ id: `a${i + 1}`, text: a.text, ticketId: a.ticketId ?? null, done: false, doneAt: null }));
    const outcome: Outcome = { decision: input.decision, actions, recordedBy: caller._id, recordedByName: caller.name, recordedAt: ctx.now };
    const state: TopicState = actions.length === 0 ? TOPIC_TRANSITIONS.complete.to : TOPIC_TRANSITIONS.recordOutcome.to;
    const out: OutcomeOutput = { topicId, state, outcome: outcomeView(outcome)! };
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: topicId,
      summary: `记录议题「${topic.title}」的决议：${input.decision.slice(0, 60)}${actions.length ? `（后续事项 ${actions.length} 项）` : ''}`,
      details: { actions: actions.length, tickets: actions.filter((a) => a.ticketId).map((a) => a.ticketId) },
      notify: [topic.proposerId, ...topic.seconders].filter((id) => id !== caller._id),
    };
    const prior = priorOf<OutcomeOutput>(ctx, topic);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    requireRole(caller, ['committee']);
    if (!canTransition('recordOutcome', topic.state)) throw new AppError('topic_not_counted');
    for (const a of actions) if (a.ticketId) requireIdOf(a.ticketId, villageId, 'ticket');
    await requireCleanText(ctx, [input.decision, ...input.actions.map((a) => a.text)]);
    const updated = await ctx.store.updateWhere(
      DELIB,
      { _id: topicId, state: { $in: [...TOPIC_TRANSITIONS.recordOutcome.from] }, ...notYetApplied(ctx) },
      { $set: { state, outcome, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
