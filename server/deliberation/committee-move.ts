/**
 * The committee moves a topic out of seconding (putOnAgenda, declineTopic): three round trips — the topic
 * with the caller, one compare-and-set on the state carrying the request's marker, the audit record.
 */
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { TopicMoveOutput } from './contract';
import { DELIB, loadTopic, type TopicDoc } from './model';
import { canTransition, TOPIC_TRANSITIONS, type TopicState } from './states';

export async function committeeMove(
  ctx: Ctx,
  input: { villageId: string; topicId: string },
  transition: 'putOnAgenda' | 'decline',
  set: (t: TopicDoc) => Record<string, unknown>,
  summary: (t: TopicDoc) => string,
): Promise<TopicMoveOutput> {
  const { villageId, topicId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId);
  const out: TopicMoveOutput = { topicId, state: TOPIC_TRANSITIONS[transition].to as TopicState };
  const draft = {
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: topicId,
    summary: summary(topic),
    // the same on a retry (the topic has moved on by then): the record a retry re-appends must be the one written
    details: { transition, to: out.state },
    notify: [topic.proposerId, ...topic.seconders],
  };
  const prior = priorOf<TopicMoveOutput>(ctx, topic);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  requireRole(caller, ['committee']);
  if (!canTransition(transition, topic.state)) throw new AppError('topic_not_seconding');
  const extra = set(topic);
  const updated = await ctx.store.updateWhere(
    DELIB,
    { _id: topicId, state: { $in: [...TOPIC_TRANSITIONS[transition].from] }, ...notYetApplied(ctx) },
    { $set: { state: out.state, updatedAt: ctx.now, ...extra, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}
