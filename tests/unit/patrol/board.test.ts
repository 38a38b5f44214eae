/** The village board: posting (msgSecCheck, lexicon), held and refused posts, replies, flags. */
import { DEFAULT_LEXICON } from '../../../server/patrol/scan';
import { V, WHO, patrolHarness, rid, type PatrolHarness } from './harness';
import { fileOf } from '../server/harness';

let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

describe('posting', () => {
  it('a plain post is shown to everyone, costs ≤ 3 round trips, and is audited', async () => {
    const out = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '明天村里集中收农药瓶，放到村委门口' });
    expect(out).toMatchObject({ visibility: 'shown', lead: false });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    const board = await h.ok(WHO.elder, 'listBoard', { villageId: V });
    expect(board.posts.map((p) => p.text)).toContain('明天村里集中收农药瓶，放到村委门口');
    expect(h.audit().some((a) => a.targetId === out.postId && a.summary === '在村里的群发帖')).toBe(true);
  });

  it('a risky text is refused with a reason the poster can read, and nothing is written', async () => {
    const before = h.snapshot();
    const answer = await h.call(WHO.resident, 'createPost', { villageId: V, text: '在家刷单返利，日赚三百' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'post_refused_fraud' } });
    if (!answer.ok) expect(answer.error.message).toMatch(/诈骗/);
    expect(h.snapshot()).toBe(before);
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '你个王八蛋' })).toBe('post_refused_abuse');
  });

  it('a text msgSecCheck sends to review is held: 待审核 for its poster, invisible to others, in the queue', async () => {
    const out = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '这个项目稳赚不赔，大家一起来' });
    expect(out.visibility).toBe('held');
    const mine = await h.ok(WHO.resident, 'listBoard', { villageId: V });
    expect(mine.posts.find((p) => p.postId === out.postId)?.visibility).toBe('held');
    const theirs = await h.ok(WHO.elder, 'listBoard', { villageId: V });
    expect(theirs.posts.find((p) => p.postId === out.postId)).toBeUndefined();
    expect(await h.code(WHO.elder, 'getThread', { villageId: V, postId: out.postId })).toBe('post_not_found');
    const queue = await h.ok(WHO.worker, 'listQueue', { villageId: V });
    expect(queue.leads.find((l) => l.leadId === out.postId)?.held).toBe(true);
  });

  it('a lexicon `hold` term holds the post; a `block` term refuses it; a `flag` term shows it and opens a lead', async () => {
    expect((await h.ok(WHO.resident, 'createPost', { villageId: V, text: '有人让我开屏幕共享，说是客服' })).visibility).toBe('held');
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '高价收购银行卡，私聊' })).toBe('post_blocked');
    const hazard = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '东头电线杆倒了，电线掉在路上' });
    expect(hazard).toMatchObject({ visibility: 'shown', lead: true });
  });

  it('refuses empty, oversize and unsupported media posts with their own codes', async () => {
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '   ' })).toBe('post_empty');
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '长'.repeat(501) })).toBe('post_too_long');
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '', photos: [{ fileId: fileOf(V, WHO.resident, 'photo/a.gif') }] })).toBe('media_unsupported');
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '', voice: { fileId: fileOf(V, WHO.resident, 'voice/a.exe'), durationS: 5 } })).toBe('media_unsupported');
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '', voice: { fileId: fileOf(V, WHO.resident, 'voice/a.mp3'), durationS: 61 } })).toBe('media_unsupported');
    const tooMany = Array.from({ length: 10 }, (_, i) => ({ fileId: fileOf(V, WHO.resident, `photo/${i}.jpg`) }));
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: 'x', photos: tooMany })).toBe('media_unsupported');
    expect(h.patrolDocs()).toHaveLength(0);
    const ok = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '', photos: [{ fileId: fileOf(V, WHO.resident, 'photo/a.jpg') }], voice: { fileId: fileOf(V, WHO.resident, 'voice/a.m4a'), durationS: 12 } });
    expect(ok.visibility).toBe('shown');
  });

  it('a retried post (same requestId) is one post; the id reused for other content is refused', async () => {
    const requestId = rid('post');
    const a = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '村口路灯不亮了' }, requestId);
    const b = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '村口路灯不亮了' }, requestId);
    expect(b).toEqual(a);
    expect(h.patrolDocs()).toHaveLength(1);
    expect(await h.code(WHO.resident, 'createPost', { villageId: V, text: '别的内容' }, requestId)).toBe('exists_with_different_content');
  });

  it('strangers and other villages cannot post or read', async () => {
    expect(await h.code('nobody', 'createPost', { villageId: V, text: '你好' })).toBe('not_member');
    expect(await h.code(WHO.other, 'listBoard', { villageId: V })).toBe('not_member');
  });
});

describe('replies', () => {
  it('a reply appears in the thread and names the poster for their inbox', async () => {
    const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '谁家有多余的化肥' });
    const reply = await h.ok(WHO.elder, 'createPost', { villageId: V, text: '我家有两袋', replyTo: post.postId });
    const thread = await h.ok(WHO.resident, 'getThread', { villageId: V, postId: post.postId });
    expect(thread.replies.map((r) => r.text)).toEqual(['我家有两袋']);
    const audit = h.audit().find((a) => a.targetId === reply.postId)!;
    expect(audit.notify).toEqual([`${V}:u:${WHO.resident}`]);
    const board = await h.ok(WHO.elder, 'listBoard', { villageId: V });
    expect(board.posts.find((p) => p.postId === post.postId)?.replyCount).toBe(1);
    expect(board.posts.find((p) => p.postId === reply.postId)).toBeUndefined();
  });

  it('a reply to a post that is not on the board is refused', async () => {
    const held = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '稳赚不赔的好项目' });
    expect(await h.code(WHO.elder, 'createPost', { villageId: V, text: '真的吗', replyTo: held.postId })).toBe('post_not_found');
    expect(await h.code(WHO.elder, 'createPost', { villageId: V, text: '真的吗', replyTo: `${V}:m:nope` })).toBe('post_not_found');
  });
});

describe('reviewing held posts', () => {
  it('the grid worker publishes or rejects with a reason the poster reads; others in another grid cannot', async () => {
    const a = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '这个理财稳赚不赔' });
    expect(await h.code(WHO.worker2, 'reviewPost', { villageId: V, postId: a.postId, decision: 'publish' })).toBe('village_mismatch');
    expect(await h.code(WHO.elder, 'reviewPost', { villageId: V, postId: a.postId, decision: 'publish' })).toBe('forbidden');
    expect(await h.code(WHO.worker, 'reviewPost', { villageId: V, postId: a.postId, decision: 'reject' })).toBe('reason_required');
    await h.ok(WHO.worker, 'reviewPost', { villageId: V, postId: a.postId, decision: 'reject', reason: '涉嫌非法集资宣传' });
    const mine = await h.ok(WHO.resident, 'listBoard', { villageId: V });
    expect(mine.posts.find((p) => p.postId === a.postId)).toMatchObject({ visibility: 'rejected', rejectReason: '涉嫌非法集资宣传' });
    expect(await h.code(WHO.worker, 'reviewPost', { villageId: V, postId: a.postId, decision: 'publish' })).toBe('post_not_held');

    const b = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '大家别说滚蛋这种话' });
    await h.ok(WHO.committee, 'reviewPost', { villageId: V, postId: b.postId, decision: 'publish' });
    const theirs = await h.ok(WHO.elder, 'listBoard', { villageId: V });
    expect(theirs.posts.find((p) => p.postId === b.postId)?.visibility).toBe('shown');
  });
});

describe('flags', () => {
  it('a flag opens a lead; the author cannot flag their own post; a second flag by the same person is refused', async () => {
    const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '村口有个陌生人在挨家挨户卖东西' });
    expect(post.lead).toBe(false);
    expect(await h.code(WHO.resident, 'flagPost', { villageId: V, postId: post.postId })).toBe('cannot_flag_own_post');
    const flag = await h.ok(WHO.elder, 'flagPost', { villageId: V, postId: post.postId, reason: '像骗老人的' });
    expect(flag).toMatchObject({ leadId: post.postId, weight: 1 });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(await h.code(WHO.elder, 'flagPost', { villageId: V, postId: post.postId })).toBe('already_flagged');
    const queue = await h.ok(WHO.worker, 'listQueue', { villageId: V });
    expect(queue.leads.find((l) => l.leadId === post.postId)).toMatchObject({ flagCount: 1, priority: 10 });
  });

  it('a flagger whose flags were confirmed weighs more; dismissed flags do not raise the weight', async () => {
    const flagAndDecide = async (text: string, decide: 'escalate' | 'dismiss') => {
      const p = await h.ok(WHO.resident, 'createPost', { villageId: V, text });
      const f = await h.ok(WHO.elder, 'flagPost', { villageId: V, postId: p.postId });
      if (decide === 'escalate') await h.ok(WHO.worker, 'escalateLead', { villageId: V, leadId: p.postId });
      else await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: p.postId, reason: '误报' });
      return f.weight;
    };
    expect(await flagAndDecide('第一条可疑消息内容', 'dismiss')).toBe(1);
    expect(await flagAndDecide('第二条可疑消息内容', 'escalate')).toBe(1);
    const third = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '第三条可疑消息内容' });
    const weighted = await h.ok(WHO.elder, 'flagPost', { villageId: V, postId: third.postId });
    // one confirmed of two decided: 1 + 4 × 1/4
    expect(weighted.weight).toBe(2);
    const fourth = await h.ok(WHO.elder, 'createPost', { villageId: V, text: '第四条可疑消息内容' });
    const newcomer = await h.ok(WHO.committee2, 'flagPost', { villageId: V, postId: fourth.postId });
    expect(newcomer.weight).toBe(1);
    const queue = await h.ok(WHO.committee, 'listQueue', { villageId: V });
    expect(queue.leads.find((l) => l.leadId === third.postId)?.priority).toBe(20);
  });

  it('the default lexicon ships several hundred terms in every category', () => {
    expect(DEFAULT_LEXICON.length).toBeGreaterThan(300);
    expect(new Set(DEFAULT_LEXICON.map((t) => t.category))).toEqual(new Set(['demand', 'dispute', 'hazard', 'fraud', 'violation']));
  });
});
