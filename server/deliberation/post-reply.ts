/**
 * postReply — any member: a message in the topic's discussion (checked by msgSecCheck), one document of
 * its own. Three round trips: the topic with the caller and the reply this request creates, the reply
 * carrying the request's marker, the audit record.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { textLine, topicRef, type ReplyView } from './contract';
import { DELIB, loadTopic, replyDocId, replyView, type ReplyDoc } from './model';
import { REPLY_STATES } from './states';

export const postReply = defineAction({
  /** any member: a reply in the topic's discussion (checked by msgSecCheck) */
  input: z.object({ ...topicRef, text: textLine(500, true) }),
  output: returns<ReplyView>(),
  who: ANY_MEMBER,
  errors: ['discussion_closed'],
  run: async (ctx, input) => {
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
  },
});
