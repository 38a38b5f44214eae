/**
 * proposeTopic — a resident or the committee proposes a topic (议题); it collects seconds (附议). Three
 * round trips: the caller with the settings and the topic this request creates (one aggregate), the topic
 * carrying the request's marker, the audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, roleAddress } from '../kernel/audit';
import { hasRole, requireRole } from '../kernel/auth';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { textLine, villageIdSchema, type TopicSummary } from './contract';
import { DELIB, loadCallerWith, settingsDocId, settingsOf, topicDocId, topicSummary, type TopicDoc } from './model';
import { TOPIC_TRANSITIONS } from './states';

export const proposeTopic = defineAction({
  /** a resident or the committee proposes a topic; it collects seconds (附议) */
  input: z.object({ villageId: villageIdSchema, title: textLine(40), body: textLine(1000, true) }),
  output: returns<TopicSummary>(),
  who: ['resident', 'committee'],
  run: async (ctx, input) => {
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
      secondReqs: [],
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
  },
});
