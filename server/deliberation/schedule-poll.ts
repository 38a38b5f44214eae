/**
 * schedulePoll — committee: open (or schedule) the topic's poll; the roll is fixed when it opens.
 * 3 round trips: (1) the village's people with the topic and the settings, one aggregate; then, for a poll
 * that opens now, (2) the roll's units in one request and (3) the topic, carrying the request's marker and
 * its audit record, which the timer appends within a tick (the roll took the round trip the audit would
 * have used; a retry appends it at once). A poll that opens later: (2) the topic, (3) the audit; the timer
 * writes its roll when it opens.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, auditRecord, roleAddress, type AuditDraft } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { pollSchema, topicRef, type ScheduleOutput } from './contract';
import { appendStoredRecord, DELIB, pendingAuditSet, pollOptions, settingsDocId, settingsOf, type PollDoc, type TopicDoc } from './model';
import { buildRoll, loadPeople, newRollId, reachableMembers, unitDocs, writeRoll } from './roll';
import { masterKey, newWrappedPollKey } from './seal';
import { canTransition, TOPIC_TRANSITIONS } from './states';

const MINUTE_MS = 60_000;
const MAX_POLL_DAYS = 60;

export const schedulePoll = defineAction({
  /** committee: open (or schedule) the topic's poll; the roll is fixed when it opens */
  input: z.object({ ...topicRef, poll: pollSchema }),
  output: returns<ScheduleOutput>(),
  who: ['committee'],
  errors: ['topic_not_on_agenda', 'poll_window_invalid', 'ballot_key_missing', 'roll_empty', 'council_member_invalid'],
  run: async (ctx, input) => {
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
    const draftFor = (out: ScheduleOutput, notify: string[]): AuditDraft => ({
      villageId,
      actorId: callerRow.id,
      actorName: callerRow.name,
      targetId: topicId,
      summary: out.pollState === 'open' ? `发起表决「${p.question}」（应投 ${out.rollSize} ${p.rollType === 'households' ? '户' : '人'}）` : `安排表决「${p.question}」`,
      details: { rollType: p.rollType, secret: p.secret, quorum: p.quorum, threshold: p.threshold, opensAt, closesAt: p.closesAt },
      notify,
    });
    const prior = priorOf<ScheduleOutput>(ctx, topic);
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
    const out: ScheduleOutput = { topicId, state: TOPIC_TRANSITIONS.schedulePoll.to, pollState: poll.state, rollSize: poll.rollSize };
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
  },
});
