/**
 * What the board's one answer carries besides its posts: my unread 消息 count (as account.inboxUnread counts
 * it, so 我的 needs no call after the board) and the fraud warnings pinned in the last three months (looked up
 * with the caller, so the board stays within 3 round trips).
 */
import { accountFunction } from '../../../server/account/spec';
import { route } from '../../../server/kernel/router';
import { V, WHO, patrolHarness, pinWarning, rid, type PatrolHarness } from './harness';

let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function inboxUnread(openid: string): Promise<number> {
  const answer = await route(accountFunction, { action: 'inboxUnread', payload: { villageId: V }, requestId: rid('unread') }, { openid, clock: () => h.now.value, store: h.store, openapi: h.openapi, log: () => undefined });
  if (!answer.ok) throw new Error(answer.error.code);
  return (answer.data as { unread: number }).unread;
}

describe('the board answer', () => {
  it('carries each reader’s unread count exactly as inboxUnread counts it, within 3 round trips; later pages carry none', async () => {
    const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '村口的水管漏水了' });
    for (let i = 0; i < 3; i++) {
      h.now.value += MINUTE;
      await h.ok(WHO.elder, 'createPost', { villageId: V, text: `看到了，在漏（${i}）`, replyTo: post.postId });
    }
    await pinWarning(h, '防骗提醒：不要给陌生人验证码');
    let counted = 0;
    for (const who of [WHO.resident, WHO.elder, WHO.worker, WHO.committee]) {
      const board = await h.ok(who, 'listBoard', { villageId: V, pageSize: 2 });
      expect(h.lastCalls.length).toBeLessThanOrEqual(3);
      expect(board.unread).toBe(await inboxUnread(who));
      counted += board.unread ?? 0;
      if (board.nextCursor) expect((await h.ok(who, 'listBoard', { villageId: V, pageSize: 2, cursor: board.nextCursor })).unread).toBeNull();
    }
    expect(counted).toBeGreaterThan(0);
  });

  it('shows the warnings pinned in this month and the two before, newest first; older ones leave the board and 听通知', async () => {
    const old = await pinWarning(h, '防骗提醒：冒充社保局的电话，直接挂断');
    h.now.value += 40 * DAY;
    const recent = await pinWarning(h, '防骗提醒：陌生来电要验证码，一律不给');
    const warningsNow = async () => (await h.ok(WHO.resident, 'listBoard', { villageId: V })).warnings.map((w) => w.postId);
    const heardNow = async () => (await h.ok(WHO.resident, 'noticesToHear', { villageId: V })).notices.filter((n) => n.warning).map((n) => n.key);
    expect(await warningsNow()).toEqual([recent, old]);
    expect(await heardNow()).toEqual([recent, old]);
    h.now.value += 70 * DAY;
    expect(await warningsNow()).toEqual([recent]);
    expect(await heardNow()).toEqual([recent]);
    h.now.value += 70 * DAY;
    expect(await warningsNow()).toEqual([]);
  });
});
