/**
 * getTopic — any member: one topic with its poll (my unit's state), results, outcome, the discussion and
 * what the caller may do there. 3 round trips: the caller; the topic with the caller's units and the
 * count of votes; the newest page of replies (replies.ts).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { hasRole } from '../kernel/auth';
import { topicRef, type MyUnitView, type TopicView } from './contract';
import { keyOf, loadTopic, outcomeView, pollView, topicSummary } from './model';
import { callerOf, myUnitKeys, myUnitOf } from './my-unit';
import { repliesBefore } from './replies';
import { canTransition, REPLY_STATES } from './states';

export const getTopic = defineAction({
  /** any member: one topic with its poll (my unit's state), results, outcome and the discussion */
  input: z.object({ ...topicRef }),
  output: returns<TopicView>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId, topicId } = input;
    const me = await callerOf(ctx, villageId);
    const { topic, caller, units, voted } = await loadTopic(ctx, villageId, topicId, { unitKeys: myUnitKeys(me), countVoted: true });
    const { replies, olderReplies } = await repliesBefore(ctx, topicId, null);

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
      replies,
      olderReplies,
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
  },
});
