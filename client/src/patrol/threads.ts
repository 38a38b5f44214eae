import type { BoardPost, ThreadOutput } from '../../../server/patrol/contract';

/**
 * A short thread rides in the board's answer (patrol.listBoard); the board hands it to the thread page it
 * opens, which then shows it without a call of its own. Taken once, and only while fresh: a page opened
 * later, or by a link, asks getThread.
 */
const FRESH_MS = 5 * 60_000;
const handed = new Map<string, { thread: ThreadOutput; at: number }>();

export function handThread(villageId: string, post: BoardPost): void {
  handed.clear();
  if (!post.replies) return;
  const { replies, ...view } = post;
  handed.set(`${villageId}|${post.postId}`, { thread: { post: view, replies }, at: Date.now() });
}

export function takeThread(villageId: string, postId: string): ThreadOutput | undefined {
  const key = `${villageId}|${postId}`;
  const kept = handed.get(key);
  handed.delete(key);
  return kept && Date.now() - kept.at < FRESH_MS ? kept.thread : undefined;
}
