/**
 * 听通知 in one call: patrol's noticesToHear answers the board's pinned fraud warnings and my 消息 together,
 * newest first, within 3 round trips — the messages exactly those the account's inbox shows first.
 */
import { accountFunction } from '../../../server/account/spec';
import { route } from '../../../server/kernel/router';
import { V, WHO, patrolHarness, pinWarning, rid, type PatrolHarness } from './harness';

let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

const MINUTE = 60_000;

/** the account function's inbox over the same store: what 我的 → 消息 shows */
async function inboxOf(openid: string) {
  const answer = await route(accountFunction, { action: 'inbox', payload: { villageId: V, pageSize: 20 }, requestId: rid('inbox') }, { openid, clock: () => h.now.value, store: h.store, openapi: h.openapi, log: () => undefined });
  if (!answer.ok) throw new Error(answer.error.code);
  return answer.data as { items: { auditId: string; postedAt: number; actorName: string; summary: string; link: string | null }[] };
}

describe('noticesToHear', () => {
  it('the pinned warning and the reply to my post, newest first, in ≤ 3 round trips', async () => {
    const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '谁家有多余的化肥' });
    h.now.value += MINUTE;
    await h.ok(WHO.elder, 'createPost', { villageId: V, text: '我家有两袋', replyTo: post.postId });
    h.now.value += MINUTE;
    const lead = await pinWarning(h, '防骗提醒：有人冒充医保局要验证码，千万别给！');

    const out = await h.ok(WHO.resident, 'noticesToHear', { villageId: V });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(out.notices[0]).toEqual({ key: lead, warning: true, at: h.now.value, from: '张建军', text: '防骗提醒：有人冒充医保局要验证码，千万别给！', link: null });
    const reply = out.notices.find((n) => !n.warning && n.from === '李桂兰');
    expect(reply).toBeDefined();
    expect(out.notices.map((n) => n.at)).toEqual([...out.notices.map((n) => n.at)].sort((a, b) => b - a));
    // the elder hears the warning too, but not of her own reply
    const elder = await h.ok(WHO.elder, 'noticesToHear', { villageId: V });
    expect(elder.notices.filter((n) => n.warning).map((n) => n.key)).toEqual([lead]);
    expect(elder.notices.some((n) => n.key === reply!.key)).toBe(false);
  });

  it('its messages are the inbox’s first page: same records, texts and links', async () => {
    const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '村口路灯不亮了' });
    for (let i = 0; i < 3; i++) {
      h.now.value += MINUTE;
      await h.ok(WHO.elder, 'createPost', { villageId: V, text: `我也看到了（${i}）`, replyTo: post.postId });
    }
    await pinWarning(h, '防骗提醒：不要给陌生人验证码');
    for (const who of [WHO.resident, WHO.worker, WHO.committee]) {
      const inbox = await inboxOf(who);
      const heard = (await h.ok(who, 'noticesToHear', { villageId: V })).notices.filter((n) => !n.warning);
      const asInbox = inbox.items.map((i) => ({ key: i.auditId, warning: false, at: i.postedAt, from: i.actorName, text: i.summary, link: i.link }));
      expect(new Set(heard.map((n) => n.key))).toEqual(new Set(asInbox.map((n) => n.key)));
      expect(heard).toEqual(expect.arrayContaining(asInbox));
    }
  });

  it('at most 5 warnings, the newest; reading writes nothing; strangers and other villages are refused', async () => {
    const leads: string[] = [];
    for (let i = 0; i < 7; i++) {
      h.now.value += MINUTE;
      leads.push(await pinWarning(h, `防骗提醒第${i + 1}条`));
    }
    const before = h.snapshot();
    const out = await h.ok(WHO.elder, 'noticesToHear', { villageId: V });
    expect(out.notices.filter((n) => n.warning).map((n) => n.key)).toEqual(leads.slice(2).reverse());
    expect(h.snapshot()).toBe(before);
    expect(await h.code('nobody', 'noticesToHear', { villageId: V })).toBe('not_member');
    expect(await h.code(WHO.other, 'noticesToHear', { villageId: V })).toBe('not_member');
    expect(await h.code(WHO.resident, 'noticesToHear', { villageId: 'NOT A VILLAGE' } as never)).toBe('invalid_input');
  });
});
