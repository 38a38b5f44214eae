/**
 * Polls: open (or schedule), vote (self or 代办), subscribe to the reminder, the roll for grid workers,
 * the published ballots. The secret-ballot design is explained in model.ts and docs/ARCHITECTURE.md.
 */
import { randomInt } from 'node:crypto';
import { appendAudit, roleAddress, type AuditDraft } from '../kernel/audit';
import { hasRole, requireGridActor } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { DeliberationParsed, ReceiptRow, ReceiptsPage, RollUnitView, VoteOutput } from './contract';
import {
  ballotKeyOf,
  commitmentOf,
  DELIB,
  idOfKey,
  keyOf,
  loadTopic,
  optionIdsOf,
  pollOptions,
  receiptOf,
  settingsDocId,
  settingsOf,
  type PollDoc,
  type RollEntry,
  type TopicDoc,
} from './model';
import { buildRoll, loadPeople, reachableMembers } from './roll';
import { canonicalChoices, choicesProblem } from './rules';
import { canTransition, CONSENT_KINDS, TOPIC_TRANSITIONS, type TopicState, type PollState } from './states';

const MINUTE_MS = 60_000;
const MAX_POLL_DAYS = 60;

// ─── open / schedule ───────────────────────────────────────────────────────────────────────────────

type ScheduleOut = { topicId: string; state: TopicState; pollState: PollState; rollSize: number | null };

export async function schedulePoll(ctx: Ctx, input: DeliberationParsed<'schedulePoll'>): Promise<ScheduleOut> {
  const { villageId, topicId, poll: p } = input;
  for (const c of p.council) if (!c.memberId.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  // the village's people (caller included) with the topic and the settings: one aggregate
  const { people, docs } = await loadPeople(ctx, villageId, [topicId, settingsDocId(villageId)]);
  const callerRow = people.find((x) => x.id === `${villageId}:u:${ctx.openid}`);
  if (!callerRow) throw new AppError('not_member');
  if (!callerRow.r.includes('committee')) throw new AppError('forbidden');
  const topic = docs.get(topicId) as TopicDoc | undefined;
  if (!topic || topic.kind !== 'topic' || topic.villageId !== villageId) throw new AppError('not_found');

  const opensNow = p.opensAt === undefined || p.opensAt <= ctx.now;
  const opensAt = opensNow ? ctx.now : p.opensAt!;
  const draftFor = (out: ScheduleOut, notify: string[]): AuditDraft => ({
    villageId,
    actorId: callerRow.id,
    actorName: callerRow.name,
    targetId: topicId,
    summary: out.pollState === 'open' ? `发起表决「${p.question}」（应投 ${out.rollSize} ${p.rollType === 'households' ? '户' : '人'}）` : `安排表决「${p.question}」`,
    details: { rollType: p.rollType, secret: p.secret, quorum: p.quorum, threshold: p.threshold, opensAt, closesAt: p.closesAt },
    notify,
  });
  const prior = priorOf<ScheduleOut>(ctx, topic);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draftFor(prior.out, [roleAddress('committee', villageId)]), prior.at);
    return prior.out;
  }
  if (!canTransition('schedulePoll', topic.state)) throw new AppError('topic_not_on_agenda');
  if (p.closesAt <= opensAt + 10 * MINUTE_MS || p.closesAt > opensAt + MAX_POLL_DAYS * 24 * 60 * MINUTE_MS) throw new AppError('poll_window_invalid');
  await requireCleanText(ctx, [p.question, ...p.options], 3);

  const settings = settingsOf(docs.get(settingsDocId(villageId)) as never, villageId);
  const remindAt = Math.max(opensAt, p.closesAt - settings.remindBeforeHours * 60 * MINUTE_MS);
  // a council is checked now even when it opens later (and again then)
  const roll = buildRoll(p, people);
  if (Object.keys(roll).length === 0) throw new AppError('roll_empty');
  const poll: PollDoc = {
    kind: p.kind,
    question: p.question,
    options: pollOptions(p.kind, p.options),
    maxChoices: p.kind === 'multiple' ? p.maxChoices : 1,
    rollType: p.rollType,
    council: p.council,
    quorum: p.quorum,
    threshold: p.threshold,
    secret: p.secret,
    changeable: p.changeable,
    opensAt,
    closesAt: p.closesAt,
    remindAt,
    remindedAt: null,
    state: opensNow ? 'open' : 'scheduled',
    openedAt: opensNow ? ctx.now : null,
    rollSize: opensNow ? Object.keys(roll).length : null,
    nBallots: 0,
    scheduledBy: callerRow.id,
    closedAt: null,
    closedBy: null,
    results: null,
  };
  const out: ScheduleOut = { topicId, state: TOPIC_TRANSITIONS.schedulePoll.to, pollState: poll.state, rollSize: poll.rollSize };
  const updated = await ctx.store.updateWhere(
    DELIB,
    { _id: topicId, state: { $in: [...TOPIC_TRANSITIONS.schedulePoll.from] }, ...notYetApplied(ctx) },
    { $set: { state: out.state, poll, roll: opensNow ? roll : {}, ballots: [], version: 0, updatedAt: ctx.now, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draftFor(out, [roleAddress('committee', villageId), ...(opensNow ? reachableMembers(roll) : [])]));
  return out;
}

// ─── vote ──────────────────────────────────────────────────────────────────────────────────────────

function refuseUnlessOpen(poll: PollDoc | null, now: number): asserts poll is PollDoc {
  if (!poll || poll.state === 'scheduled' || now < poll.opensAt) throw new AppError('poll_not_open');
  if (poll.state !== 'open' || now >= poll.closesAt) throw new AppError('poll_closed');
}

/**
 * castVote — ≤ 3 round trips: (1) the topic projected to this unit of the roll, with the caller (and,
 * for a change, the index of this nonce's ballot); (2) ONE update of the topic document that checks
 * the poll is open and the unit has not voted, marks the unit, and inserts the ballot at a random
 * position — atomically; (3) the audit record (participation, never the choice).
 * Idempotency is the voter's nonce, not a stored marker: a retry with the same nonce and choices finds
 * its commitment on the unit and answers the same receipt.
 */
export async function castVote(ctx: Ctx, input: DeliberationParsed<'castVote'>): Promise<VoteOutput> {
  const { villageId, topicId, unitId, nonce, assist } = input;
  const receipt = receiptOf(topicId, nonce);
  const commitment = commitmentOf(topicId, nonce);
  const extra = input.change ? { _bi: { $indexOfArray: [{ $ifNull: ['$ballots.r', []] }, receipt] } } : {};

  const attempt = async (mayWrite: boolean): Promise<VoteOutput | { retry: true }> => {
    const { topic, caller, extra: computed } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId], extra });
    const poll = topic.poll;
    const unit: RollEntry | undefined = topic.roll?.[unitId];
    const voterId = assist ? assist.residentId : caller._id;
    const voterKey = keyOf(voterId);
    if (!poll || poll.state === 'scheduled') throw new AppError('poll_not_open');
    if (!unit || !(voterKey in unit.p)) throw new AppError('not_eligible');
    if (assist) {
      requireGridActor(caller, unit.g);
      if (!unit.ol.includes(voterKey) && !unit.el.includes(voterKey)) throw new AppError('assist_not_allowed');
    }
    const optionIds = optionIdsOf(poll);
    const problem = choicesProblem(poll.kind, optionIds, poll.maxChoices, input.choices);
    const choices = canonicalChoices(optionIds, input.choices);
    const ballotKey = ballotKeyOf(topicId, nonce, choices);
    const via = assist ? 'assisted' : 'self';
    const out: VoteOutput = { topicId, unitId, receipt, changed: input.change, via };
    const voterName = unit.p[voterKey];
    const draft: AuditDraft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: assist ? voterId : null,
      targetId: topicId,
      summary: assist
        ? `代 ${voterName} 投票（${CONSENT_KINDS[assist.consent]}）：${topic.title}`
        : `${input.change ? '修改了投票' : '参与表决'}：${topic.title}`,
      // participation only: never the choice, never the receipt
      details: { unitId, via, change: input.change, ...(assist ? { consent: assist.consent } : {}) },
      // the rest of the household sees that their household has voted; a resident learns of 代办
      notify: [...Object.keys(unit.p).map(idOfKey).filter((id) => id !== caller._id && !unit.ol.includes(keyOf(id)))],
      event: input.change ? undefined : { type: 'poll_participated', residentId: voterId, householdId: unit.h, sourceKey: `poll_participated:${topicId}:${voterId}` },
    };
    // one audit record per vote (per change), whatever requestId the retries carry
    const auditCtx = { ...ctx, requestId: `${input.change ? 'change' : 'vote'}-${(input.change ? ballotKey : commitment).slice(0, 24)}` };

    // a retry of this very vote (or change): same nonce, same choices → the same answer
    if (unit.v && unit.c === commitment && unit.k === ballotKey) {
      // after a lost race the winner (this same vote, sent twice) appends the very same record
      if (mayWrite) await appendAudit(auditCtx, draft);
      return out;
    }
    refuseUnlessOpen(poll, ctx.now);
    if (problem) throw new AppError(problem);
    const open = { _id: topicId, 'poll.state': 'open', 'poll.opensAt': { $lte: ctx.now }, 'poll.closesAt': { $gt: ctx.now } };
    const at = `roll.${unitId}`;

    let updated: number;
    if (input.change) {
      if (!poll.changeable) throw new AppError('vote_not_changeable');
      const index = Number(computed._bi ?? -1);
      if (!unit.v || unit.c !== commitment || index < 0) throw new AppError('no_vote_to_change');
      if (!mayWrite) return { retry: true };
      updated = await ctx.store.updateWhere(
        DELIB,
        { ...open, 'poll.changeable': true, [`${at}.c`]: commitment, [`ballots.${index}.r`]: receipt },
        { $set: { [`${at}.k`]: ballotKey, [`${at}.ch`]: poll.secret ? null : choices, [`ballots.${index}.c`]: choices, updatedAt: ctx.now }, $inc: { version: 1 } },
      );
    } else {
      if (unit.v) throw new AppError('already_voted');
      if (!mayWrite) return { retry: true };
      // uniform random insertion of every ballot makes the box's order a uniformly random permutation
      const position = randomInt(0, poll.nBallots + 1);
      updated = await ctx.store.updateWhere(
        DELIB,
        { ...open, [`${at}.v`]: false, [`${at}.p.${voterKey}`]: { $exists: true }, 'ballots.r': { $ne: receipt } },
        {
          $set: {
            [`${at}.v`]: true,
            [`${at}.by`]: voterId,
            [`${at}.byName`]: voterName,
            [`${at}.via`]: via,
            [`${at}.ab`]: assist ? caller._id : null,
            [`${at}.consent`]: assist ? assist.consent : null,
            [`${at}.c`]: commitment,
            [`${at}.k`]: ballotKey,
            [`${at}.ch`]: poll.secret ? null : choices,
            updatedAt: ctx.now,
          },
          $inc: { 'poll.nBallots': 1, version: 1 },
          $push: { ballots: { $each: [{ r: receipt, c: choices }], $position: position } },
        },
      );
    }
    if (updated !== 1) return { retry: true };
    await appendAudit(auditCtx, draft);
    return out;
  };

  const first = await attempt(true);
  if (!('retry' in first)) return first;
  // lost a race (another vote for the unit, the same vote sent twice, the close, a moved ballot):
  // read again and say which — without writing, so a race costs three round trips too
  const second = await attempt(false);
  if ('retry' in second) throw new AppError('conflict');
  return second;
}

// ─── reminders (subscribe consent) ─────────────────────────────────────────────────────────────────

export async function subscribeReminder(ctx: Ctx, input: DeliberationParsed<'subscribeReminder'>): Promise<{ topicId: string; unitId: string }> {
  const { villageId, topicId, unitId, templateId } = input;
  const { topic, caller } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId] });
  const unit = topic.roll?.[unitId];
  const key = keyOf(caller._id);
  if (!topic.poll || !unit || !(key in unit.p)) throw new AppError('not_eligible');
  const out = { topicId, unitId };
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: topicId, summary: `订阅表决「${topic.poll.question}」的截止提醒`, details: { unitId } };
  if (unit.s?.[key] === templateId) {
    await appendAudit(ctx, draft);
    return out;
  }
  refuseUnlessOpen(topic.poll, ctx.now);
  const updated = await ctx.store.updateWhere(
    DELIB,
    { _id: topicId, 'poll.state': 'open', [`roll.${unitId}.p.${key}`]: { $exists: true } },
    { $set: { [`roll.${unitId}.s.${key}`]: templateId } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}

// ─── the roll, for 代办 ─────────────────────────────────────────────────────────────────────────────

export async function listRoll(ctx: Ctx, input: DeliberationParsed<'listRoll'>): Promise<{ topicId: string; units: RollUnitView[] }> {
  const { topic, caller } = await loadTopic(ctx, input.villageId, input.topicId, { fullRoll: true });
  if (!hasRole(caller, ['committee', 'grid_worker'])) throw new AppError('forbidden');
  const everywhere = hasRole(caller, ['committee']);
  const units: RollUnitView[] = [];
  for (const [unitId, u] of Object.entries(topic.roll ?? {})) {
    if (!everywhere && !(u.g && (caller.gridIds ?? []).includes(u.g))) continue;
    const assistable = Object.entries(u.p)
      .filter(([k]) => u.ol.includes(k) || u.el.includes(k))
      .map(([k, name]) => ({ residentId: idOfKey(k), name, offline: u.ol.includes(k), elderly: u.el.includes(k) }));
    if (input.onlyAssistable && (u.v || assistable.length === 0)) continue;
    units.push({ unitId, label: u.l, gridId: u.g, voted: u.v, via: u.via, assistable });
  }
  units.sort((a, b) => (a.gridId ?? '').localeCompare(b.gridId ?? '') || a.label.localeCompare(b.label, 'zh'));
  return { topicId: input.topicId, units };
}

// ─── the published ballots ─────────────────────────────────────────────────────────────────────────

export async function listReceipts(ctx: Ctx, input: DeliberationParsed<'listReceipts'>): Promise<ReceiptsPage> {
  const { villageId, topicId, offset, pageSize } = input;
  const withNames = offset === 0;
  const { topic } = await loadTopic(ctx, villageId, topicId, { fullRoll: withNames });
  if (!topic.poll || topic.poll.state !== 'counted') throw new AppError('results_not_published');
  // the DB sorts and pages the box; the client fetches every page to recount
  const rows = (await ctx.store.aggregate(DELIB, [
    { $match: { _id: topicId } },
    { $project: { ballots: 1 } },
    { $unwind: '$ballots' },
    { $sort: { 'ballots.r': 1 } },
    { $skip: offset },
    { $limit: pageSize },
    { $project: { _id: 0, r: '$ballots.r', c: '$ballots.c' } },
  ])) as { r: string; c: string[] }[];
  const openVotes =
    withNames && !topic.poll.secret
      ? Object.values(topic.roll ?? {})
          .filter((u) => u.v)
          .map((u) => ({ unitLabel: u.l, byName: u.byName ?? '', choices: u.ch ?? [] }))
          .sort((a, b) => a.unitLabel.localeCompare(b.unitLabel, 'zh'))
      : null;
  const out: ReceiptRow[] = rows.map((r) => ({ receipt: r.r, choices: r.c }));
  return { topicId, total: topic.poll.nBallots, offset, rows: out, openVotes };
}

