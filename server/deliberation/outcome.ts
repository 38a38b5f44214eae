/**
 * The outcome (决议): the committee records the decision and its follow-up actions (each optionally a
 * grid ticket), then marks them done; the last one done makes the topic 已办结. A decision without
 * follow-ups is done at once.
 */
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireIdOf } from '../kernel/ids';
import { requireCleanText } from '../kernel/openapi';
import type { DeliberationParsed, OutcomeView } from './contract';
import { DELIB, loadTopic, outcomeView, type FollowUp, type Outcome } from './model';
import { canTransition, TOPIC_TRANSITIONS, type TopicState } from './states';

type Out = { topicId: string; state: TopicState; outcome: OutcomeView };

export async function recordOutcome(ctx: Ctx, input: DeliberationParsed<'recordOutcome'>): Promise<Out> {
  const { villageId, topicId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId);
  const actions: FollowUp[] = input.actions.map((a, i) => ({ id: `a${i + 1}`, text: a.text, ticketId: a.ticketId ?? null, done: false, doneAt: null }));
  const outcome: Outcome = { decision: input.decision, actions, recordedBy: caller._id, recordedByName: caller.name, recordedAt: ctx.now };
  const state: TopicState = actions.length === 0 ? TOPIC_TRANSITIONS.complete.to : TOPIC_TRANSITIONS.recordOutcome.to;
  const out: Out = { topicId, state, outcome: outcomeView(outcome)! };
  const draft = {
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: topicId,
    summary: `记录议题「${topic.title}」的决议：${input.decision.slice(0, 60)}${actions.length ? `（后续事项 ${actions.length} 项）` : ''}`,
    details: { actions: actions.length, tickets: actions.filter((a) => a.ticketId).map((a) => a.ticketId) },
    notify: [topic.proposerId, ...topic.seconders].filter((id) => id !== caller._id),
  };
  const prior = priorOf<Out>(ctx, topic);
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
}

export async function updateFollowUp(ctx: Ctx, input: DeliberationParsed<'updateFollowUp'>): Promise<Out> {
  const { villageId, topicId, actionId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId);
  const current = topic.outcome;
  const prior = priorOf<Out>(ctx, topic);
  const draftOf = (out: Out) => {
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
  const out: Out = { topicId, state, outcome: outcomeView({ ...current, actions })! };
  const updated = await ctx.store.updateWhere(
    DELIB,
    // on the version read: two follow-ups marked at once must not overwrite each other
    { _id: topicId, state: 'decided', updatedAt: topic.updatedAt, ...notYetApplied(ctx) },
    { $set: { state, 'outcome.actions': actions, updatedAt: ctx.now, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draftOf(out));
  return out;
}
