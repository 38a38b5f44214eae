/**
 * secondTopic (附议) — a resident seconds someone else's topic; the second that reaches the topic's
 * threshold puts it on the agenda. Three round trips: the topic with the caller, one compare-and-set, the
 * audit record.
 * A second leaves no marker on the topic (a busy topic would carry hundreds): the seconder's place in
 * `seconders` is the guard, and the fingerprint pushed beside it (`secondReqs`) tells a retry — answered
 * from that place: the count was the place, the state moved iff that second reached the threshold — from
 * a second try by the same person (`already_seconded`).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, roleAddress } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { priorOf } from '../kernel/idempotency';
import { topicRef, type SecondOutput } from './contract';
import { DELIB, loadTopic, secondFingerprint } from './model';
import { canTransition, TOPIC_TRANSITIONS } from './states';

export const secondTopic = defineAction({
  /** a resident seconds someone else's topic; enough seconds put it on the agenda */
  input: z.object({ ...topicRef }),
  output: returns<SecondOutput>(),
  who: ['resident'],
  errors: ['topic_not_seconding', 'own_topic', 'already_seconded'],
  run: async (ctx, input) => {
    const { villageId, topicId } = input;
    const { topic, caller } = await loadTopic(ctx, villageId, topicId);
    const reaches = topic.secondCount + 1 >= topic.secondsNeeded;
    const draft = (out: SecondOutput) => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: topicId,
      summary: out.state === 'agenda' ? `附议议题「${topic.title}」，附议满 ${topic.secondsNeeded} 人，列入议程` : `附议议题「${topic.title}」`,
      details: { secondCount: out.secondCount, state: out.state },
      notify: out.state === 'agenda' ? [topic.proposerId, roleAddress('committee', villageId)] : [topic.proposerId],
    });
    // topics seconded before `secondReqs` kept a marker per second
    const prior = priorOf<SecondOutput>(ctx, topic);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft(prior.out), prior.at);
      return prior.out;
    }
    const fingerprint = secondFingerprint(ctx.requestId, ctx.requestHash);
    const place = topic.seconders.indexOf(caller._id);
    if (place >= 0 && topic.secondReqs?.[place] === fingerprint) {
      const count = place + 1;
      const replay: SecondOutput = { topicId, secondCount: count, state: count >= topic.secondsNeeded ? TOPIC_TRANSITIONS.reachAgenda.to : 'seconding' };
      await appendAudit(ctx, draft(replay));
      return replay;
    }
    requireRole(caller, ['resident']);
    if (!canTransition('second', topic.state)) throw new AppError('topic_not_seconding');
    if (topic.proposerId === caller._id) throw new AppError('own_topic');
    if (place >= 0) throw new AppError('already_seconded');

    const out: SecondOutput = { topicId, secondCount: topic.secondCount + 1, state: reaches ? TOPIC_TRANSITIONS.reachAgenda.to : 'seconding' };
    // the count partitions the condition: exactly one of "this second reaches the threshold" / "it does
    // not" holds at any moment, so the state changes with the very second that reaches the threshold
    const updated = await ctx.store.updateWhere(
      DELIB,
      {
        _id: topicId,
        state: 'seconding',
        seconders: { $ne: caller._id },
        // (a topic without `secondReqs` gets it whole: on the very count read, so the places line up)
        secondCount: !topic.secondReqs ? topic.secondCount : reaches ? { $gte: topic.secondsNeeded - 1 } : { $lt: topic.secondsNeeded - 1 },
      },
      {
        ...(topic.secondReqs ? { $push: { seconders: caller._id, secondReqs: fingerprint } } : { $push: { seconders: caller._id } }),
        $inc: { secondCount: 1 },
        $set: { updatedAt: ctx.now, ...(reaches ? { state: out.state, agendaAt: ctx.now, agendaBy: 'seconds' } : {}), ...(topic.secondReqs ? {} : { secondReqs: [...topic.seconders.map(() => ''), fingerprint] }) },
      },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft(out));
    return out;
  },
});
