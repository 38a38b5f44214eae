/**
 * 村务公开 (issue 11 item 3) through the real router on the demo township: who may do what, bad input, the
 * first view of a household recorded once, seen-by per grid, 当面告知, questions and answers, retries and
 * the round trips each action costs.
 */
import { T0 } from '../server/harness';
import { codeOf, DAY, noticesHarness, P, Q, type NoticesHarness } from './harness';

const TEXT = '经村民代表会议表决通过，今年村集体经济收益分红每人300元，于6月10日前发放到户。';

async function publish(h: NoticesHarness, extra: Record<string, unknown> = {}) {
  return h.noticesOk(P.committee, 'publishNotice', { category: 'finance', title: '2025年分红公示', text: TEXT, ...extra } as never);
}

describe('publishing', () => {
  it('the committee publishes: one notice, one audit record, three round trips; the retry writes nothing new', async () => {
    const h = await noticesHarness();
    const photo = h.photo(P.committee, 'notice/a.jpg');
    const payload = { category: 'finance' as const, title: '2025年分红公示', text: TEXT, photos: [photo], pinnedUntil: T0 + 7 * DAY };
    const first = await h.noticesOk(P.committee, 'publishNotice', payload, 'pub-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(first).toMatchObject({ category: 'finance', title: '2025年分红公示', pinned: true, photoCount: 1, authorName: '陈国强' });
    const before = h.snapshot();
    const again = await h.noticesOk(P.committee, 'publishNotice', payload, 'pub-1-test-req');
    expect(again).toEqual(first);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.snapshot()).toBe(before);
    expect(h.docs('notices')).toHaveLength(1);
    expect(h.auditFor(first.noticeId)).toHaveLength(1);
    expect(h.auditFor(first.noticeId)[0].summary).toContain('财务公开');
    // the same requestId with other content is refused, nothing written
    expect(codeOf(await h.notices(P.committee, 'publishNotice', { ...payload, title: '别的' }, 'pub-1-test-req'))).toBe('exists_with_different_content');
  });

  it.each([
    ['resident', P.resident],
    ['grid worker', P.gridWorker],
    ['township staff', P.township],
    ['shopkeeper', P.shopkeeper],
  ])('a %s may not publish', async (_label, openid) => {
    const h = await noticesHarness();
    expect(codeOf(await h.notices(openid, 'publishNotice', { category: 'village', title: '通知', text: '内容' }))).toBe('forbidden');
    expect(h.docs('notices')).toHaveLength(0);
  });

  it('another village’s committee cannot publish here, and a non-member is told so', async () => {
    const h = await noticesHarness();
    expect(codeOf(await h.notices(P.otherCommittee, 'publishNotice', { category: 'village', title: '通知', text: '内容' }))).toBe('not_member');
    expect(codeOf(await h.notices('stranger', 'publishNotice', { category: 'village', title: '通知', text: '内容' }))).toBe('not_member');
  });

  it.each([
    ['no title', { title: '  ' }, 'title_required'],
    ['a title too long', { title: '长'.repeat(41) }, 'title_too_long'],
    ['no text', { text: '' }, 'notice_text_required'],
    ['oversize text', { text: '字'.repeat(3001) }, 'notice_text_too_long'],
    ['too many photos', { photos: 'x'.repeat(10).split('').map((_x, i) => ({ fileId: `cloud://cunqun-local.b/p${i}.jpg`, bytes: 1000 })) }, 'too_many_photos'],
    ['a photo that is not an image', { photos: [{ fileId: 'cloud://cunqun-local.b/a.exe', bytes: 1000 }] }, 'photo_type_not_allowed'],
    ['a photo too large', { photos: [{ fileId: 'cloud://cunqun-local.b/a.jpg', bytes: 6 * 1024 * 1024 }] }, 'photo_too_large'],
    ['a pin date in the past', { pinnedUntil: T0 - 1 }, 'pin_date_invalid'],
    ['a pin date beyond 90 days', { pinnedUntil: T0 + 91 * DAY }, 'pin_date_invalid'],
    ['a category that does not exist', { category: 'gossip' }, 'invalid_input'],
  ])('%s is refused with its own code, nothing written', async (_label, patch, code) => {
    const h = await noticesHarness();
    const answer = await h.notices(P.committee, 'publishNotice', { category: 'village', title: '通知', text: '内容', ...patch } as never);
    expect(codeOf(answer)).toBe(code);
    if (!answer.ok) expect(answer.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(h.docs('notices')).toHaveLength(0);
    expect(h.docs('audit').filter((a) => a.action === 'publishNotice')).toHaveLength(0);
  });

  it('a photo that is someone else’s upload, and risky words, are refused', async () => {
    const h = await noticesHarness({ risky: ['刷单返利'] });
    expect(codeOf(await h.notices(P.committee, 'publishNotice', { category: 'village', title: '通知', text: '内容', photos: [h.photo(P.resident, 'x.jpg')] }))).toBe('file_not_allowed');
    expect(codeOf(await h.notices(P.committee, 'publishNotice', { category: 'village', title: '通知', text: '在家刷单返利' }))).toBe('content_risky');
    expect(h.docs('notices')).toHaveLength(0);
  });
});

describe('the board', () => {
  it('lists pinned notices first, then the rest newest first; a category filters; everyone of the village reads it', async () => {
    const h = await noticesHarness();
    const old = await publish(h, { title: '老通知', category: 'village' });
    h.now.value += 1000;
    const pinned = await publish(h, { title: '置顶通知', category: 'party', pinnedUntil: h.now.value + 3 * DAY });
    h.now.value += 1000;
    const newest = await publish(h, { title: '最新通知', category: 'village' });
    // the demo seed has notices of its own: these are the ones this test published
    const mine = new Set([old.noticeId, pinned.noticeId, newest.noticeId]);
    const ours = (list: { noticeId: string; title: string }[]) => list.filter((n) => mine.has(n.noticeId)).map((n) => n.title);
    for (const openid of [P.resident, P.elder, P.township, P.gridWorker, P.shopkeeper]) {
      const page = await h.noticesOk(openid, 'listNotices', {});
      expect(h.lastCalls.length).toBeLessThanOrEqual(3);
      expect(ours(page.pinned)).toEqual(['置顶通知']);
      expect(ours(page.items)).toEqual(['最新通知', '老通知']);
      // pinned first, then newest first
      expect(page.pinned.every((n) => n.pinned)).toBe(true);
      expect(page.items.every((n) => !n.pinned)).toBe(true);
      expect(page.items.map((n) => n.publishedAt)).toEqual([...page.items.map((n) => n.publishedAt)].sort((a, b) => b - a));
    }
    const village = await h.noticesOk(P.resident, 'listNotices', { category: 'village' });
    expect(ours(village.items)).toEqual(['最新通知', '老通知']);
    expect([...village.pinned, ...village.items].every((n) => n.category === 'village')).toBe(true);
    // past its date it is an ordinary notice again
    h.now.value += 4 * DAY;
    const later = await h.noticesOk(P.resident, 'listNotices', {});
    expect(ours(later.pinned)).toEqual([]);
    expect(ours(later.items)).toEqual(['最新通知', '置顶通知', '老通知']);
  });

  it('another village’s members see nothing of it, and cannot open its notices', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    expect(codeOf(await h.notices(P.otherVillager, 'listNotices', {}))).toBe('not_member');
    expect(codeOf(await h.notices(P.otherVillager, 'openNotice', { noticeId: n.noticeId }))).toBe('not_member');
    // asking through their own village with this village's id
    expect(codeOf(await h.notices(P.otherVillager, 'openNotice', { villageId: 'liushu', noticeId: n.noticeId }))).toBe('village_mismatch');
    expect(codeOf(await h.notices(P.otherCommittee, 'editNotice', { villageId: 'liushu', noticeId: n.noticeId, category: 'village', title: '改', text: '改' }))).toBe('village_mismatch');
    expect((await h.noticesOk(P.otherVillager, 'listNotices', { villageId: 'liushu' })).items).toEqual([]);
    expect(h.docs('noticeviews')).toHaveLength(0);
  });
});

describe('opening a notice', () => {
  it('records each household’s first view once (≤ 3 round trips), a repeat view writes nothing (2)', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    const first = await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(first.firstView).toBe(true);
    expect(first.text).toBe(TEXT);
    expect(first.reach.seen).toBe(1);
    const views = h.docs('noticeviews');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ noticeId: n.noticeId, householdId: 'qingshi:h:h01', gridId: 'qingshi:g1', via: 'seen', byName: '王小梅' });
    expect(h.auditFor(views[0]._id)).toHaveLength(1);

    const before = h.snapshot();
    const again = await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(again.firstView).toBe(false);
    expect(again.reach.seen).toBe(1);
    expect(h.lastCalls.length).toBeLessThanOrEqual(2);
    expect(h.snapshot()).toBe(before);
  });

  it('the retry of a first view answers the same and heals a missing audit record', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    // the first try dies between the view and its audit record
    let failAudit = true;
    h.wrap((s) => ({ ...s, getMany: s.getMany.bind(s), get: s.get.bind(s), find: s.find.bind(s), createMany: s.createMany.bind(s), put: s.put.bind(s), updateWhere: s.updateWhere.bind(s), aggregate: s.aggregate.bind(s), transaction: s.transaction.bind(s), create: async (c, d) => {
      if (c === 'audit' && failAudit) throw new Error('crash');
      return s.create(c, d);
    } }));
    expect(codeOf(await h.notices(P.elder, 'openNotice', { noticeId: n.noticeId }, 'open-1-test-req'))).toBe('internal');
    const viewId = h.docs('noticeviews')[0]._id;
    expect(h.auditFor(viewId)).toHaveLength(0);
    failAudit = false;
    const retry = await h.noticesOk(P.elder, 'openNotice', { noticeId: n.noticeId }, 'open-1-test-req');
    expect(retry.firstView).toBe(true);
    expect(retry.reach.seen).toBe(1);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.auditFor(viewId)).toHaveLength(1);
    // and once more: nothing more
    await h.noticesOk(P.elder, 'openNotice', { noticeId: n.noticeId }, 'open-1-test-req');
    expect(h.auditFor(viewId)).toHaveLength(1);
  });

  it('two members of one household count once; seen-by is counted per grid in the database', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    // 王小梅 (h01, 第一网格), 李桂兰 (h02, 第一网格), 林大山 (h11, 第二网格); 陈国强 himself (h04, 第一网格)
    for (const openid of [P.resident, P.elder, P.shopkeeper]) await h.noticesOk(openid, 'openNotice', { noticeId: n.noticeId });
    // 王小梅's son 王浩 is of the same household
    const wangHao = h.store.all('register').find((d) => d.name === '王浩')!;
    await h.noticesOk(wangHao.openid as string, 'openNotice', { noticeId: n.noticeId });
    expect(h.docs('noticeviews')).toHaveLength(3);
    const seen = await h.noticesOk(P.committee, 'openNotice', { noticeId: n.noticeId });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(seen.reach).toMatchObject({ households: 32, seen: 4, told: 0 });
    const g = Object.fromEntries(seen.reach.byGrid.map((r) => [r.gridId, r]));
    expect(g['qingshi:g1']).toMatchObject({ households: 8, seen: 3, told: 0 });
    expect(g['qingshi:g2']).toMatchObject({ households: 8, seen: 1 });
    expect(g['qingshi:g3']).toMatchObject({ households: 8, seen: 0 });
    // the figures come from a $group over the views, not from reading them
    const opened = await h.noticesOk(P.township, 'openNotice', { noticeId: n.noticeId });
    expect(opened.firstView).toBe(false); // township staff have no household: nothing recorded
    expect(opened.reach.byGrid).toHaveLength(4);
    expect(h.docs('noticeviews')).toHaveLength(4);
    // a resident sees the total, not the grids
    const resident = await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(resident.reach).toMatchObject({ households: 32, seen: 4, byGrid: [] });
  });

  it('a notice id of another kind or that does not exist is not found', async () => {
    const h = await noticesHarness();
    expect(codeOf(await h.notices(P.resident, 'openNotice', { noticeId: 'qingshi:nt:nothing' }))).toBe('not_found');
  });
});

describe('当面告知', () => {
  it('a grid worker tells an offline household of their grid, openly; it counts as reached once', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    const yang = h.personId('杨秀英'); // 第一网格, no WeChat
    const told = await h.noticesOk(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: yang, note: '上门念给老人听' }, 'tell-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(told.householdId).toBe('qingshi:h:h05');
    const view = h.docs('noticeviews')[0];
    expect(view).toMatchObject({ via: 'told', byName: '张建军', toldToName: '杨秀英', note: '上门念给老人听', gridId: 'qingshi:g1' });
    const audit = h.auditFor(view._id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: '张建军', onBehalfOf: yang });
    expect(audit[0].summary).toContain('当面告知 杨秀英');
    // the retry answers the same, writes nothing
    const before = h.snapshot();
    expect(await h.noticesOk(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: yang, note: '上门念给老人听' }, 'tell-1-test-req')).toEqual(told);
    expect(h.snapshot()).toBe(before);
    // told again by another request: already reached
    expect(codeOf(await h.notices(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: yang }))).toBe('already_reached');

    const committee = await h.noticesOk(P.committee, 'openNotice', { noticeId: n.noticeId });
    expect(committee.reach.told).toBe(1);
    expect(committee.reach.byGrid.find((g) => g.gridId === 'qingshi:g1')).toMatchObject({ told: 1 });
    expect(committee.told).toEqual([expect.objectContaining({ toldByName: '张建军', toldToName: '杨秀英', note: '上门念给老人听' })]);
    // residents see who told whom too (the name of the person told masked)
    const resident = await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(resident.told).toEqual([expect.objectContaining({ toldByName: '张建军', toldToName: '杨**' })]);
  });

  it('only for households in the worker’s own grids; a household that saw it on a phone needs no telling', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    // 邓凤英 lives in 第三网格: not 张建军's
    expect(codeOf(await h.notices(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('邓凤英') }))).toBe('not_your_household');
    // 高建华 may
    await h.noticesOk(P.gridWorker2, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('邓凤英') });
    // 王德福's granddaughter saw it: the household is reached
    await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(codeOf(await h.notices(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('王德福') }))).toBe('already_reached');
    // the committee, residents and township staff do not mark it; another village's person is refused
    expect(codeOf(await h.notices(P.committee, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('马金花') }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.resident, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('马金花') }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.township, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('马金花') }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: 'liushu:off:h02-2' }))).toBe('village_mismatch');
    expect(h.docs('noticeviews')).toHaveLength(2);
  });

  it('lists the worker’s households: the ones still to tell (without WeChat first), then the reached', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    await h.noticesOk(P.elder, 'openNotice', { noticeId: n.noticeId });
    await h.noticesOk(P.gridWorker, 'markToldInPerson', { noticeId: n.noticeId, residentId: h.personId('杨秀英') });
    const list = await h.noticesOk(P.gridWorker, 'listNoticeHouseholds', { noticeId: n.noticeId });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(list.grids.map((g) => g.gridId)).toEqual(['qingshi:g1', 'qingshi:g2']);
    expect(list.households).toHaveLength(16);
    expect(list.households[0].reached).toBeNull();
    expect(list.households[0].offlineMembers.length).toBeGreaterThan(0);
    const reached = list.households.filter((x) => x.reached);
    expect(reached.map((x) => x.headName).sort()).toEqual(['李桂兰', '杨秀英'].sort());
    expect(list.households.slice(-2).every((x) => x.reached)).toBe(true);
    // a grid that is not theirs
    expect(codeOf(await h.notices(P.gridWorker, 'listNoticeHouseholds', { noticeId: n.noticeId, gridId: 'qingshi:g3' }))).toBe('village_mismatch');
    // the committee: any grid; residents: no
    expect((await h.noticesOk(P.committee, 'listNoticeHouseholds', { noticeId: n.noticeId, gridId: 'qingshi:g3' })).households).toHaveLength(8);
    expect(codeOf(await h.notices(P.resident, 'listNoticeHouseholds', { noticeId: n.noticeId }))).toBe('forbidden');
  });
});

describe('questions and answers', () => {
  it('a resident asks, the committee answers; shown with the notice; the asker hears of it', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    const q = await h.noticesOk(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '在外打工的人也能领分红吗？' }, 'ask-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(await h.noticesOk(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '在外打工的人也能领分红吗？' }, 'ask-1-test-req')).toEqual(q);
    expect(h.docs('noticeqa')).toHaveLength(1);
    expect(h.auditFor(q.questionId)).toHaveLength(1);

    const a = await h.noticesOk(P.committee, 'answerQuestion', { questionId: q.questionId, text: '户籍在本村的都能领，由家人代领也可以。' }, 'ans-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    const before = h.snapshot();
    expect(await h.noticesOk(P.committee, 'answerQuestion', { questionId: q.questionId, text: '户籍在本村的都能领，由家人代领也可以。' }, 'ans-1-test-req')).toEqual(a);
    expect(h.snapshot()).toBe(before);
    expect(codeOf(await h.notices(P.committee, 'answerQuestion', { questionId: q.questionId, text: '再答一次' }))).toBe('already_answered');
    const audit = h.auditFor(q.questionId);
    expect(audit).toHaveLength(2);
    expect(audit.find((r) => r.action === 'answerQuestion')!.notify).toEqual([h.personId('王小梅')]);

    const mine = await h.noticesOk(P.resident, 'openNotice', { noticeId: n.noticeId });
    expect(mine.questions).toEqual([expect.objectContaining({ askerName: '王小梅', mine: true, text: '在外打工的人也能领分红吗？', answer: expect.objectContaining({ text: '户籍在本村的都能领，由家人代领也可以。', byName: '陈国强' }) })]);
    const other = await h.noticesOk(P.elder, 'openNotice', { noticeId: n.noticeId });
    expect(other.questions[0]).toMatchObject({ askerName: '王**', mine: false });
  });

  it('bad questions and answers, and the wrong people, are refused', async () => {
    const h = await noticesHarness({ risky: ['刷单返利'] });
    const n = await publish(h);
    expect(codeOf(await h.notices(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '   ' }))).toBe('question_empty');
    expect(codeOf(await h.notices(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '问'.repeat(301) }))).toBe('question_too_long');
    expect(codeOf(await h.notices(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '刷单返利怎么弄' }))).toBe('content_risky');
    expect(codeOf(await h.notices(P.township, 'askQuestion', { noticeId: n.noticeId, text: '问一下' }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.otherVillager, 'askQuestion', { villageId: 'liushu', noticeId: n.noticeId, text: '问一下' }))).toBe('village_mismatch');
    const q = await h.noticesOk(P.resident, 'askQuestion', { noticeId: n.noticeId, text: '问一下' });
    expect(codeOf(await h.notices(P.resident, 'answerQuestion', { questionId: q.questionId, text: '我来答' }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.gridWorker, 'answerQuestion', { questionId: q.questionId, text: '我来答' }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.committee, 'answerQuestion', { questionId: q.questionId, text: '' }))).toBe('answer_empty');
    expect(codeOf(await h.notices(P.committee, 'answerQuestion', { questionId: q.questionId, text: '答'.repeat(1001) }))).toBe('answer_too_long');
    expect(codeOf(await h.notices(P.otherCommittee, 'answerQuestion', { villageId: 'liushu', questionId: q.questionId, text: '答' }))).toBe('village_mismatch');
    expect(h.docs('noticeqa')).toHaveLength(1);
    expect(h.docs('noticeqa')[0].answer).toBeNull();
  });
});

describe('editing and unpinning', () => {
  it('the committee edits (keeping old photos) and unpins; each with one audit record; a stale edit is refused', async () => {
    const h = await noticesHarness();
    const photo = h.photo(P.committee, 'notice/b.jpg');
    const n = await publish(h, { photos: [photo], pinnedUntil: T0 + 5 * DAY });
    // another committee member edits: the first photo is the notice's own, kept without proof
    const other = 'demo-qingshi-committee-2';
    const edited = await h.noticesOk(other, 'editNotice', { noticeId: n.noticeId, category: 'finance', title: '2025年分红公示（更正）', text: `${TEXT}更正：每人320元。`, photos: [photo], pinnedUntil: T0 + 5 * DAY }, 'edit-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(edited.title).toBe('2025年分红公示（更正）');
    expect(edited.editedAt).toBe(T0);
    expect(await h.noticesOk(other, 'editNotice', { noticeId: n.noticeId, category: 'finance', title: '2025年分红公示（更正）', text: `${TEXT}更正：每人320元。`, photos: [photo], pinnedUntil: T0 + 5 * DAY }, 'edit-1-test-req')).toEqual(edited);
    expect(h.auditFor(n.noticeId).filter((a) => a.action === 'editNotice')).toHaveLength(1);
    // a photo someone else uploaded is not the editor's to add
    expect(codeOf(await h.notices(P.committee, 'editNotice', { noticeId: n.noticeId, category: 'finance', title: 't', text: 't', photos: [h.photo(P.resident, 'r.jpg')] }))).toBe('file_not_allowed');
    expect(codeOf(await h.notices(P.resident, 'editNotice', { noticeId: n.noticeId, category: 'finance', title: 't', text: 't' }))).toBe('forbidden');
    expect(codeOf(await h.notices(P.committee, 'editNotice', { noticeId: n.noticeId, category: 'finance', title: 't', text: '字'.repeat(3001) }))).toBe('notice_text_too_long');

    const unpinned = await h.noticesOk(P.committee, 'unpinNotice', { noticeId: n.noticeId }, 'unpin-1-test-req');
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(unpinned.pinned).toBe(false);
    expect(await h.noticesOk(P.committee, 'unpinNotice', { noticeId: n.noticeId }, 'unpin-1-test-req')).toEqual(unpinned);
    expect(codeOf(await h.notices(P.committee, 'unpinNotice', { noticeId: n.noticeId }))).toBe('not_pinned');
    expect(codeOf(await h.notices(P.gridWorker, 'unpinNotice', { noticeId: n.noticeId }))).toBe('forbidden');
    expect(h.auditFor(n.noticeId).map((a) => a.action).sort()).toEqual(['editNotice', 'publishNotice', 'unpinNotice']);
    expect((await h.noticesOk(P.resident, 'listNotices', {})).pinned.map((x) => x.noticeId)).not.toContain(n.noticeId);
  });

  it('an edit made on a stale read does not overwrite the other one', async () => {
    const h = await noticesHarness();
    const n = await publish(h);
    // between this edit's read and its write another committee member saves
    h.wrap((s) => ({ ...s, getMany: s.getMany.bind(s), get: s.get.bind(s), find: s.find.bind(s), create: s.create.bind(s), createMany: s.createMany.bind(s), put: s.put.bind(s), aggregate: s.aggregate.bind(s), transaction: s.transaction.bind(s), updateWhere: async (c, q, u) => {
      if (c === 'notices') await s.updateWhere(c, { _id: n.noticeId }, { $inc: { version: 1 } });
      return s.updateWhere(c, q, u);
    } }));
    expect(codeOf(await h.notices(P.committee, 'editNotice', { noticeId: n.noticeId, category: 'village', title: '改', text: '改' }))).toBe('notice_changed');
    expect(h.docs('notices').find((d) => d._id === n.noticeId)!.title).toBe('2025年分红公示');
    expect(h.auditFor(n.noticeId)).toHaveLength(1);
  });
});

describe('the demo', () => {
  it('seeds three notices in 青石村, one pinned, with a view, a 当面告知 and an answered question', async () => {
    const h = await noticesHarness();
    const page = await h.noticesOk(P.resident, 'listNotices', {});
    expect(page.pinned.map((n) => n.category)).toEqual(['village']);
    expect(page.items.map((n) => n.category).sort()).toEqual(['finance', 'party']);
    const finance = page.items.find((n) => n.category === 'finance')!;
    const detail = await h.noticesOk(P.committee, 'openNotice', { noticeId: finance.noticeId });
    expect(detail.reach).toMatchObject({ seen: 2, told: 1 });
    expect(detail.questions[0].answer).not.toBeNull();
  });

  it('the tour walks every action of the function; each within 3 round trips, first try and retry', async () => {
    const { noticesTour } = await import('../../../demo/notices-tour');
    const { noticesActions } = await import('../../../server/notices/spec');
    const h = await noticesHarness();
    const steps = await noticesTour(async (openid, event) => {
      const answer = await h.raw(openid, event, (await import('../../../server/notices/spec')).noticesFunction);
      return { ok: answer.ok, data: answer.ok ? answer.data : undefined, error: answer.ok ? undefined : answer.error, dbCalls: h.lastCalls.length } as never;
    }, h.now.value, 'unit');
    expect(steps.filter((s) => !s.ok)).toEqual([]);
    expect(new Set(steps.map((s) => s.action))).toEqual(new Set(Object.keys(noticesActions).filter((a) => a !== 'NoticesErrorCode')));
    expect(Math.max(...steps.map((s) => Math.max(s.dbCalls, s.retryDbCalls)))).toBeLessThanOrEqual(3);
  });
});
