/**
 * A page of a topic's discussion (getTopic shows the newest, listReplies the ones before): replies are
 * documents of their own (`${topicId}:r:…`), read newest first by (at, id) and shown oldest first, so a
 * discussion of any length is read a page at a time. One round trip.
 */
import type { Ctx } from '../kernel/context';
import { REPLIES_PAGE, type RepliesPage } from './contract';
import { DELIB, replyView, type ReplyDoc } from './model';

export async function repliesBefore(ctx: Ctx, topicId: string, cursor: { at: number; replyId: string } | null): Promise<Omit<RepliesPage, 'topicId'>> {
  const before = cursor ? { $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: cursor.replyId } }] } : {};
  const rows = (await ctx.store.find(DELIB, { topicId, kind: 'reply', ...before }, { orderBy: [['at', 'desc'], ['_id', 'desc']], limit: REPLIES_PAGE + 1 })) as ReplyDoc[];
  const page = rows.slice(0, REPLIES_PAGE);
  const oldest = page[page.length - 1];
  return { replies: page.reverse().map(replyView), olderReplies: rows.length > REPLIES_PAGE ? `${oldest.at}|${oldest._id}` : null };
}
