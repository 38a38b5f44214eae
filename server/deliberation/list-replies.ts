/** listReplies — any member: the page of a topic's discussion before `before` (getTopic's `olderReplies`). 2 round trips: the topic with the caller; the page. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { replyCursorSchema, topicRef, type RepliesPage } from './contract';
import { loadTopic } from './model';
import { repliesBefore } from './replies';

export const listReplies = defineAction({
  /** any member: the replies before `before` (a cursor getTopic or the previous page gave), oldest first */
  input: z.object({ ...topicRef, before: replyCursorSchema }),
  output: returns<RepliesPage>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId, topicId } = input;
    await loadTopic(ctx, villageId, topicId);
    const cut = input.before.indexOf('|');
    const at = Number(input.before.slice(0, cut));
    const replyId = input.before.slice(cut + 1);
    // a cursor is one of this topic's replies
    if (!replyId.startsWith(`${topicId}:r:`)) throw new AppError('not_found');
    return { topicId, ...(await repliesBefore(ctx, topicId, { at, replyId })) };
  },
});
