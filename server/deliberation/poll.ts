/**
 * Polls: open (or schedule), vote (self or 代办), subscribe to the reminder, the roll for grid workers,
 * the published ballots. The secret-ballot design is explained in model.ts and docs/ARCHITECTURE.md.
 */
import { appendAudit, auditRecord, roleAddress, type AuditDraft } from '../kernel/audit';
import { hasRole, requireGridActor } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { DeliberationParsed, ReceiptRow, ReceiptsPage, RollUnitView, VoteOutput } from './contract';
import {
  appendStoredRecord,
  pendingAuditSet,
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
  type TopicDoc,
  type UnitDoc,
} from './model';
import { buildRoll, loadPeople, newRollId, reachableMembers, unitDocs, writeRoll } from './roll';
import { masterKey, newWrappedPollKey, sealBallot, unwrapPollKey } from './seal';
import { canonicalChoices, choicesProblem } from './rules';
import { canTransition, CONSENT_KINDS, TOPIC_TRANSITIONS, type TopicState, type PollState } from './states';

const MINUTE_MS = 60_000;
const MAX_POLL_DAYS = 60;

// ─── open / schedule ───────────────────────────────────────────────────────────────────────────────

type ScheduleOut = { topicId: string; state: TopicState; pollState: PollState; rollSize: number | null };

/**
 * schedulePoll — 3 round trips: (1) the village's people with the topic and the settings, one aggregate;
 * then, for a poll that opens now, (2) the roll's units in one request and (3) the topic, carrying the
 * request's marker and its audit record, which the timer appends within a tick (the roll took the round
 * trip the audit would have used; a retry appends it at once). A poll that opens later: (2) the topic,
 * (3) the audit; the timer writes its roll when it opens.
 */
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
    const pending = Object.values(topic.pendingAudit ?? {}).find((r) => r.requestId === ctx.requestId);
    if (pending) await appendStoredRecord(ctx, pending);
    else await appendAudit(ctx, draftFor(prior.out, [roleAddress('committee', villageId)]), prior.at);
    return prior.out;
  }
  if (!canTransition('schedulePoll', topic.state)) throw new AppError('topic_not_on_agenda');
  if (p.closesAt <= opensAt + 10 * MINUTE_MS || p.closesAt > opensAt + MAX_POLL_DAYS * 24 * 60 * MINUTE_MS) throw new AppError('poll_window_invalid');
  // no poll opens that could not be sealed and counted
  const wrappedKey = newWrappedPollKey(masterKey(), topicId);
  await requireCleanText(ctx, [p.question, ...p.options], 3);

  const settings = settingsOf(docs.get(settingsDocId(villageId)) as never, villageId);
  const remindAt = Math.max(opensAt, p.closesAt - settings.remindBeforeHours * 60 * MINUTE_MS);
  // a council is checked now even when it opens later (and again then)
  const roll = buildRoll(p, people);
  const rollSize = Object.keys(roll).length;
  if (rollSize === 0) throw new AppError('roll_empty');
  const rollId = opensNow ? newRollId() : null;
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
    rollId,
    rollSize: opensNow ? rollSize : null,
    wrappedKey,
    nBallots: 0,
    boxedAt: null,
    scheduledBy: callerRow.id,
    closedAt: null,
    closedBy: null,
    results: null,
  };
  const out: ScheduleOut = { topicId, state: TOPIC_TRANSITIONS.schedulePoll.to, pollState: poll.state, rollSize: poll.rollSize };
  const cas = { _id: topicId, state: { $in: [...TOPIC_TRANSITIONS.schedulePoll.from] }, ...notYetApplied(ctx) };
  const set = { state: out.state, poll, updatedAt: ctx.now, ...markerSet(ctx, out) };
  if (!opensNow) {
    if ((await ctx.store.updateWhere(DELIB, cas, { $set: set })) !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draftFor(out, [roleAddress('committee', villageId)]));
    return out;
  }
  await writeRoll(ctx, unitDocs(villageId, topicId, rollId!, roll));
  const record = auditRecord(ctx, draftFor(out, [roleAddress('committee', villageId), ...reachableMembers(Object.values(roll))]));
  // a lost race leaves the units of this roll id unread (the topic names the roll that opened)
  if ((await ctx.store.updateWhere(DELIB, cas, { $set: { ...set, ...pendingAuditSet(record, ctx.now) } })) !== 1) throw new AppError('conflict');
  return out;
}

// ─── vote ──────────────────────────────────────────────────────────────────────────────────────────

function refuseUnlessOpen(poll: PollDoc | null, now: number): asserts poll is PollDoc {
  if (!poll || poll.state === 'scheduled' || now < poll.opensAt) throw new AppError('poll_not_open');
  if (poll.state !== 'open' || now >= poll.closesAt) throw new AppError('poll_closed');
}

/**
 * castVote — ≤ 3 round trips: (1) the topic with this unit of the roll and the caller, one aggregate;
 * (2) ONE update of the unit's document that checks it is still open to votes and has not voted, and
 * records who voted, how, the commitment and the ballot SEALED under the poll's key (seal.ts) — so no
 * version of any document shows a voter next to a readable choice; (3) the audit record (participation,
 * never the choice). The write touches one small document whatever the size of the roll.
 * Idempotency is the voter's nonce, not a stored marker: a retry with the same nonce and choices finds
 * its commitment on the unit and answers the same receipt.
 */
export async function castVote(ctx: Ctx, input: DeliberationParsed<'castVote'>): Promise<VoteOutput> {
  const { villageId, topicId, unitId, nonce, assist } = input;
  const receipt = receiptOf(topicId, nonce);
  const commitment = commitmentOf(topicId, nonce);

  const attempt = async (mayWrite: boolean): Promise<VoteOutput | { retry: true }> => {
    const { topic, caller, units } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId] });
    const poll = topic.poll;
    const unit = units.get(unitId);
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
    // one audit record per vote (per change), whatever requestId the retries carry; `sys:` ids are the
    // server's own (no client requestId may start so), so no call can take this record's id first
    const auditCtx = { ...ctx, requestId: `sys:${input.change ? 'change' : 'vote'}-${(input.change ? ballotKey : commitment).slice(0, 24)}` };

    // a retry of this very vote (or change): same nonce, same choices → the same answer
    if (unit.v && unit.c === commitment && unit.k === ballotKey) {
      // after a lost race the winner (this same vote, sent twice) appends the very same record
      if (mayWrite) await appendAudit(auditCtx, draft);
      return out;
    }
    refuseUnlessOpen(poll, ctx.now);
    // the count froze the roll (the closing time passed while this request ran)
    if (!unit.open) throw new AppError('poll_closed');
    if (problem) throw new AppError(problem);
    if (!poll.wrappedKey) throw new AppError('poll_closed');
    const sealed = sealBallot(unwrapPollKey(masterKey(), topicId, poll.wrappedKey), unit._id, { receipt, choices }, optionIds, ballotKey);

    let updated: number;
    if (input.change) {
      if (!poll.changeable) throw new AppError('vote_not_changeable');
      if (!unit.v || unit.c !== commitment) throw new AppError('no_vote_to_change');
      if (!mayWrite) return { retry: true };
      updated = await ctx.store.updateWhere(
        DELIB,
        { _id: unit._id, open: true, v: true, c: commitment },
        { $set: { k: ballotKey, ch: poll.secret ? null : choices, sealed } },
      );
    } else {
      if (unit.v) throw new AppError('already_voted');
      if (!mayWrite) return { retry: true };
      updated = await ctx.store.updateWhere(
        DELIB,
        { _id: unit._id, open: true, v: false, [`p.${voterKey}`]: { $exists: true } },
        {
          $set: {
            v: true,
            by: voterId,
            byName: voterName,
            via,
            ab: assist ? caller._id : null,
            consent: assist ? assist.consent : null,
            c: commitment,
            k: ballotKey,
            ch: poll.secret ? null : choices,
            sealed,
          },
        },
      );
    }
    if (updated !== 1) return { retry: true };
    await appendAudit(auditCtx, draft);
    return out;
  };

  const first = await attempt(true);
  if (!('retry' in first)) return first;
  // lost a race (another vote for the unit, the same vote sent twice, the count freezing the roll):
  // read again and say which — without writing, so a race costs three round trips too
  const second = await attempt(false);
  if ('retry' in second) throw new AppError('conflict');
  return second;
}

// ─── reminders (subscribe consent) ─────────────────────────────────────────────────────────────────

export async function subscribeReminder(ctx: Ctx, input: DeliberationParsed<'subscribeReminder'>): Promise<{ topicId: string; unitId: string }> {
  const { villageId, topicId, unitId, templateId } = input;
  const { topic, caller, units } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId] });
  const unit = units.get(unitId);
  const key = keyOf(caller._id);
  if (!topic.poll || !unit || !(key in unit.p)) throw new AppError('not_eligible');
  const out = { topicId, unitId };
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: topicId, summary: `订阅表决「${topic.poll.question}」的截止提醒`, details: { unitId } };
  if (unit.s?.[key] === templateId) {
    await appendAudit(ctx, draft);
    return out;
  }
  refuseUnlessOpen(topic.poll, ctx.now);
  const updated = await ctx.store.updateWhere(DELIB, { _id: unit._id, open: true, [`p.${key}`]: { $exists: true } }, { $set: { [`s.${key}`]: templateId } });
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}

// ─── the roll, for 代办 ─────────────────────────────────────────────────────────────────────────────

type UnitRow = Pick<UnitDoc, 'unit' | 'l' | 'g' | 'v' | 'via' | 'p' | 'ol' | 'el'>;

/** listRoll — 2 round trips: the topic with the caller; the units in the caller's reach, grouped into one record. */
export async function listRoll(ctx: Ctx, input: DeliberationParsed<'listRoll'>): Promise<{ topicId: string; units: RollUnitView[] }> {
  const { topic, caller } = await loadTopic(ctx, input.villageId, input.topicId);
  if (!hasRole(caller, ['committee', 'grid_worker'])) throw new AppError('forbidden');
  const everywhere = hasRole(caller, ['committee']);
  const rollId = topic.poll?.rollId;
  if (!rollId) return { topicId: input.topicId, units: [] };
  const [row] = await ctx.store.aggregate(DELIB, [
    {
      $match: {
        topicId: input.topicId,
        kind: 'unit',
        rollId,
        ...(everywhere ? {} : { g: { $in: caller.gridIds ?? [] } }),
        ...(input.onlyAssistable ? { v: false } : {}),
      },
    },
    { $project: { _id: 0, unit: 1, l: 1, g: 1, v: 1, via: 1, p: 1, ol: 1, el: 1 } },
    { $group: { _id: null, units: { $push: '$$ROOT' } } },
  ]);
  const units: RollUnitView[] = [];
  for (const u of ((row?.units as UnitRow[] | undefined) ?? [])) {
    const assistable = Object.entries(u.p)
      .filter(([k]) => u.ol.includes(k) || u.el.includes(k))
      .map(([k, name]) => ({ residentId: idOfKey(k), name, offline: u.ol.includes(k), elderly: u.el.includes(k) }));
    if (input.onlyAssistable && (u.v || assistable.length === 0)) continue;
    units.push({ unitId: u.unit, label: u.l, gridId: u.g, voted: u.v, via: u.via, assistable });
  }
  units.sort((a, b) => (a.gridId ?? '').localeCompare(b.gridId ?? '') || a.label.localeCompare(b.label, 'zh'));
  return { topicId: input.topicId, units };
}

// ─── the published ballots ─────────────────────────────────────────────────────────────────────────

export async function listReceipts(ctx: Ctx, input: DeliberationParsed<'listReceipts'>): Promise<ReceiptsPage> {
  const { villageId, topicId, offset, pageSize } = input;
  const { topic } = await loadTopic(ctx, villageId, topicId);
  const poll = topic.poll;
  if (!poll || poll.state !== 'counted') throw new AppError('results_not_published');
  // the DB sorts and pages the box; the client fetches every page to recount
  const rows = (await ctx.store.aggregate(DELIB, [
    { $match: { topicId, kind: 'box', rollId: poll.rollId } },
    { $unwind: '$ballots' },
    { $sort: { 'ballots.r': 1 } },
    { $skip: offset },
    { $limit: pageSize },
    { $project: { _id: 0, r: '$ballots.r', c: '$ballots.c' } },
  ])) as { r: string; c: string[] }[];
  let openVotes: ReceiptsPage['openVotes'] = null;
  if (offset === 0 && !poll.secret) {
    const [row] = await ctx.store.aggregate(DELIB, [
      { $match: { topicId, kind: 'unit', rollId: poll.rollId, v: true } },
      { $project: { _id: 0, l: 1, byName: 1, ch: 1 } },
      { $group: { _id: null, units: { $push: '$$ROOT' } } },
    ]);
    openVotes = (((row?.units as Pick<UnitDoc, 'l' | 'byName' | 'ch'>[] | undefined) ?? []))
      .map((u) => ({ unitLabel: u.l, byName: u.byName ?? '', choices: u.ch ?? [] }))
      .sort((a, b) => a.unitLabel.localeCompare(b.unitLabel, 'zh'));
  }
  const out: ReceiptRow[] = rows.map((r) => ({ receipt: r.r, choices: r.c }));
  return { topicId, total: poll.nBallots, offset, rows: out, openVotes };
}
