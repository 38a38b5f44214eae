/**
 * Topics (议题): propose, second (附议), discuss, put on the agenda or decline — and the two reads.
 * Each write: one aggregate (the topic with the caller, or the caller with the documents it creates),
 * one compare-and-set carrying the request's marker, one audit record. Three round trips.
 */
import { appendAudit, roleAddress } from '../kernel/audit';
import { activeMember, hasRole, memberIdOf, REGISTER, requireRole, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { DeliberationParsed, MyUnitView, ReplyView, TopicSummary, TopicView } from './contract';
import {
  DELIB,
  keyOf,
  loadCallerWith,
  loadTopic,
  outcomeView,
  pollView,
  replyDocId,
  replyView,
  settingsDocId,
  settingsOf,
  topicDocId,
  topicSummary,
  TOPIC_FIELDS,
  unitIdExpr,
  unitKeyFor,
  type ReplyDoc,
  type TopicDoc,
  type UnitDoc,
} from './model';
import { canTransition, REPLY_STATES, TOPIC_TRANSITIONS, type TopicState } from './states';

// ─── propose ───────────────────────────────────────────────────────────────────────────────────────

export async function proposeTopic(ctx: Ctx, input: DeliberationParsed<'proposeTopic'>): Promise<TopicSummary> {
  const { villageId } = input;
  const topicId = topicDocId(villageId, ctx.newId('topic'));
  const { caller, docs } = await loadCallerWith(ctx, villageId, [settingsDocId(villageId), topicId]);
  requireRole(caller, ['resident', 'committee']);
  const byCommittee = hasRole(caller, ['committee']);
  const draft = {
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: topicId,
    summary: `提出议题：${input.title}`,
    details: { byCommittee },
    notify: [roleAddress('committee', villageId)],
  };
  const prior = priorOf<TopicSummary>(ctx, docs.get(topicId));
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  await requireCleanText(ctx, [input.title, input.body], 3);
  const settings = settingsOf(docs.get(settingsDocId(villageId)), villageId);
  const topic: TopicDoc = {
    _id: topicId,
    kind: 'topic',
    villageId,
    title: input.title,
    body: input.body,
    proposerId: caller._id,
    proposerName: caller.name,
    byCommittee,
    state: TOPIC_TRANSITIONS.propose.to,
    secondsNeeded: settings.secondsNeeded,
    secondCount: 0,
    seconders: [],
    agendaAt: null,
    agendaBy: null,
    declineReason: null,
    poll: null,
    outcome: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const out = topicSummary(topic);
  await ctx.store.create(DELIB, { ...topic, ...markerField(ctx, out) });
  await appendAudit(ctx, draft);
  return out;
}

// ─── second (附议) ─────────────────────────────────────────────────────────────────────────────────

export async function secondTopic(ctx: Ctx, input: DeliberationParsed<'secondTopic'>): Promise<{ topicId: string; secondCount: number; state: TopicState }> {
  const { villageId, topicId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId);
  type Out = { topicId: string; secondCount: number; state: TopicState };
  const reaches = topic.secondCount + 1 >= topic.secondsNeeded;
  const draft = (out: Out) => ({
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: topicId,
    summary: out.state === 'agenda' ? `附议议题「${topic.title}」，附议满 ${topic.secondsNeeded} 人，列入议程` : `附议议题「${topic.title}」`,
    details: { secondCount: out.secondCount, state: out.state },
    notify: out.state === 'agenda' ? [topic.proposerId, roleAddress('committee', villageId)] : [topic.proposerId],
  });
  const prior = priorOf<Out>(ctx, topic);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft(prior.out), prior.at);
    return prior.out;
  }
  requireRole(caller, ['resident']);
  if (!canTransition('second', topic.state)) throw new AppError('topic_not_seconding');
  if (topic.proposerId === caller._id) throw new AppError('own_topic');
  if (topic.seconders.includes(caller._id)) throw new AppError('already_seconded');

  const out: Out = { topicId, secondCount: topic.secondCount + 1, state: reaches ? TOPIC_TRANSITIONS.reachAgenda.to : 'seconding' };
  // the count partitions the condition: exactly one of "this second reaches the threshold" / "it does
  // not" holds at any moment, so the state changes with the very second that reaches the threshold
  const updated = await ctx.store.updateWhere(
    DELIB,
    {
      _id: topicId,
      state: 'seconding',
      seconders: { $ne: caller._id },
      secondCount: reaches ? { $gte: topic.secondsNeeded - 1 } : { $lt: topic.secondsNeeded - 1 },
      ...notYetApplied(ctx),
    },
    {
      $push: { seconders: caller._id },
      $inc: { secondCount: 1 },
      $set: { updatedAt: ctx.now, ...(reaches ? { state: out.state, agendaAt: ctx.now, agendaBy: 'seconds' } : {}), ...markerSet(ctx, out) },
    },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft(out));
  return out;
}

// ─── discussion ────────────────────────────────────────────────────────────────────────────────────

export async function postReply(ctx: Ctx, input: DeliberationParsed<'postReply'>): Promise<ReplyView> {
  const { villageId, topicId } = input;
  const replyId = replyDocId(topicId, ctx.newId('reply'));
  const { topic, caller, people } = await loadTopic(ctx, villageId, topicId, { delibIds: [replyId] });
  const draft = {
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: replyId,
    summary: `在议题「${topic.title}」下发言`,
    details: { topicId },
    notify: topic.proposerId === caller._id ? [] : [topic.proposerId],
  };
  const prior = priorOf<ReplyView>(ctx, people.get(replyId));
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  if (!REPLY_STATES.includes(topic.state)) throw new AppError('discussion_closed');
  await requireCleanText(ctx, [input.text], 2);
  const reply: ReplyDoc = { _id: replyId, kind: 'reply', villageId, topicId, authorId: caller._id, authorName: caller.name, text: input.text, at: ctx.now };
  const out = replyView(reply);
  await ctx.store.create(DELIB, { ...reply, ...markerField(ctx, out) });
  await appendAudit(ctx, draft);
  return out;
}

// ─── committee: agenda or decline ──────────────────────────────────────────────────────────────────

async function committeeMove(
  ctx: Ctx,
  input: { villageId: string; topicId: string },
  transition: 'putOnAgenda' | 'decline',
  set: (t: TopicDoc) => Record<string, unknown>,
  summary: (t: TopicDoc) => string,
  wrongState: 'topic_not_seconding',
): Promise<{ topicId: string; state: TopicState }> {
  const { villageId, topicId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId);
  const out = { topicId, state: TOPIC_TRANSITIONS[transition].to as TopicState };
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
  const prior = priorOf<typeof out>(ctx, topic);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  requireRole(caller, ['committee']);
  if (!canTransition(transition, topic.state)) throw new AppError(wrongState);
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

export function putOnAgenda(ctx: Ctx, input: DeliberationParsed<'putOnAgenda'>) {
  return committeeMove(ctx, input, 'putOnAgenda', () => ({ agendaAt: ctx.now, agendaBy: 'committee' }), (t) => `村委将议题「${t.title}」直接列入议程`, 'topic_not_seconding');
}

export async function declineTopic(ctx: Ctx, input: DeliberationParsed<'declineTopic'>) {
  await requireCleanText(ctx, [input.reason]);
  return committeeMove(ctx, input, 'decline', () => ({ declineReason: input.reason }), (t) => `议题「${t.title}」不予列入：${input.reason}`, 'topic_not_seconding');
}

// ─── reads ─────────────────────────────────────────────────────────────────────────────────────────

/** The caller's register entry (1 round trip) — reads that need their household before the topic. */
async function callerOf(ctx: Ctx, villageId: string): Promise<MemberDoc> {
  return activeMember(await ctx.store.get(REGISTER, memberIdOf(villageId, ctx.openid)), villageId);
}

/** The caller's unit of a topic's poll, among the units looked up for their own key and their household's. */
function myUnitOf(topic: TopicDoc, caller: MemberDoc, units: Map<string, UnitDoc>): UnitDoc | null {
  if (!topic.poll?.rollId) return null;
  const key = unitKeyFor(topic.poll.rollType, caller);
  const unit = key ? units.get(key) : undefined;
  return unit && keyOf(caller._id) in unit.p ? unit : null;
}

/** the unit keys a member may vote in: themselves, and their household */
const myUnitKeys = (me: MemberDoc): string[] => [keyOf(me._id), ...(me.householdId ? [keyOf(me.householdId)] : [])];

/** listTopics — 2 round trips: the caller; one aggregate of the page with the caller's units joined. */
export async function listTopics(ctx: Ctx, input: DeliberationParsed<'listTopics'>): Promise<{ items: TopicSummary[]; nextCursor: string | null }> {
  const { villageId, pageSize } = input;
  const caller = await callerOf(ctx, villageId);
  const offset = Math.min(Number.parseInt(input.cursor ?? '0', 10) || 0, 10_000);
  const keys = myUnitKeys(caller);
  const fields = TOPIC_FIELDS.filter((f) => f !== 'body' && f !== 'seconders');
  const rows = await ctx.store.aggregate(DELIB, [
    { $match: { villageId, kind: 'topic', ...(input.states ? { state: { $in: input.states } } : {}) } },
    { $sort: { updatedAt: -1, _id: 1 } },
    ...(offset > 0 ? [{ $skip: offset }] : []),
    { $limit: pageSize + 1 },
    { $project: Object.fromEntries(fields.map((f) => [f, 1])) },
    { $addFields: Object.fromEntries(keys.map((k, i) => [`_uk${i}`, unitIdExpr(k)])) },
    ...keys.map((_, i) => ({ $lookup: { from: DELIB, localField: `_uk${i}`, foreignField: '_id', as: `_u${i}` } })),
  ]);
  const items = rows.slice(0, pageSize).map((row) => {
    const units = new Map<string, UnitDoc>();
    keys.forEach((k, i) => {
      const found = (row[`_u${i}`] as UnitDoc[] | undefined)?.[0];
      if (found?.kind === 'unit' && found.unit === k) units.set(k, found);
    });
    const topic = row as unknown as TopicDoc;
    const mine = myUnitOf(topic, caller, units);
    return topicSummary(topic, mine ? mine.v : null);
  });
  return { items, nextCursor: rows.length > pageSize ? String(offset + pageSize) : null };
}

export async function getTopic(ctx: Ctx, input: DeliberationParsed<'getTopic'>): Promise<TopicView> {
  const { villageId, topicId } = input;
  const me = await callerOf(ctx, villageId);
  const { topic, caller, units, voted } = await loadTopic(ctx, villageId, topicId, { unitKeys: myUnitKeys(me), countVoted: true });
  const replies = (await ctx.store.find(DELIB, { topicId, kind: 'reply' }, { orderBy: [['at', 'asc'], ['_id', 'asc']], limit: 200 })) as ReplyDoc[];

  const committee = hasRole(caller, ['committee']);
  const resident = hasRole(caller, ['resident']);
  const poll = topic.poll;
  const mine = myUnitOf(topic, caller, units);
  const myUnit: MyUnitView | null = mine
    ? {
        unitId: mine.unit,
        label: mine.l,
        voted: mine.v,
        votedByName: mine.byName,
        via: mine.via,
        votedByMe: mine.v && mine.by === caller._id,
        choices: poll && !poll.secret ? mine.ch : null,
        reminderSubscribed: keyOf(caller._id) in (mine.s ?? {}),
      }
    : null;
  const pollOpen = !!poll && poll.state === 'open' && ctx.now >= poll.opensAt && ctx.now < poll.closesAt;
  const seconded = topic.seconders.includes(caller._id);
  return {
    ...topicSummary(topic, myUnit ? myUnit.voted : null),
    body: topic.body,
    seconded,
    declineReason: topic.declineReason,
    poll: poll ? pollView(poll, voted) : null,
    myUnit,
    outcome: outcomeView(topic.outcome),
    replies: replies.map(replyView),
    can: {
      second: resident && canTransition('second', topic.state) && topic.proposerId !== caller._id && !seconded,
      reply: REPLY_STATES.includes(topic.state),
      putOnAgenda: committee && canTransition('putOnAgenda', topic.state),
      decline: committee && canTransition('decline', topic.state),
      schedulePoll: committee && canTransition('schedulePoll', topic.state),
      vote: pollOpen && !!myUnit && (!myUnit.voted || (poll!.changeable && myUnit.votedByMe)),
      assist: pollOpen && hasRole(caller, ['committee', 'grid_worker']),
      close: committee && pollOpen,
      recordOutcome: committee && canTransition('recordOutcome', topic.state),
      followUps: committee && canTransition('updateFollowUp', topic.state),
    },
  };
}

