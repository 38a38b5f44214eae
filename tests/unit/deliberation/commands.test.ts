/**
 * Deliberation commands over the memory store: topics and seconding, rolls, votes and their refusals,
 * secrecy of what is stored, assisted votes, counting, outcome, the timer, and the round-trip budget.
 */
import { ballotKeyOf, commitmentOf, keyOf, receiptOf } from '../../../server/deliberation/model';
import { SEALED_LENGTH } from '../../../server/deliberation/seal';
import { REPLIES_PAGE } from '../../../server/deliberation/contract';
import { countBallots, decide } from '../../../server/deliberation/rules';
import { overriding } from '../server/harness';
import { codeOf, DAY, delibHarness, HOUR, MINUTE, nonce, P, Q, type DelibHarness } from './harness';

let h: DelibHarness;
beforeEach(async () => {
  h = await delibHarness();
});

const budget = () => expect(h.lastCalls.length).toBeLessThanOrEqual(3);

describe('topics and seconding', () => {
  it('a resident proposes; neighbours second it onto the agenda at the village threshold', async () => {
    await h.dOk(P.committee, 'updateSettings', { secondsNeeded: 3, remindBeforeHours: 12, reminderTemplateId: 'tmpl-remind' });
    budget();
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '村道装路灯', body: '西头到河滨一段晚上太黑，老人走路不安全。' });
    budget();
    expect(t).toMatchObject({ state: 'seconding', secondsNeeded: 3, secondCount: 0, proposerName: '王小梅' });

    expect(codeOf(await h.d(P.resident, 'secondTopic', { topicId: t.topicId }))).toBe('own_topic');
    const neighbours = h.residents().filter((r) => r.openid !== P.resident).slice(0, 3);
    const first = await h.dOk(neighbours[0].openid, 'secondTopic', { topicId: t.topicId });
    budget();
    expect(first).toMatchObject({ secondCount: 1, state: 'seconding' });
    expect(codeOf(await h.d(neighbours[0].openid, 'secondTopic', { topicId: t.topicId }))).toBe('already_seconded');
    await h.dOk(neighbours[1].openid, 'secondTopic', { topicId: t.topicId });
    const third = await h.dOk(neighbours[2].openid, 'secondTopic', { topicId: t.topicId });
    expect(third).toMatchObject({ secondCount: 3, state: 'agenda' });
    expect(h.topic(t.topicId)).toMatchObject({ state: 'agenda', agendaBy: 'seconds', secondCount: 3 });
    // seconding is over
    const late = h.residents().find((r) => !neighbours.includes(r) && r.openid !== P.resident)!;
    expect(codeOf(await h.d(late.openid, 'secondTopic', { topicId: t.topicId }))).toBe('topic_not_seconding');
    // the proposer and the committee hear of it
    const agendaAudit = h.auditFor(t.topicId).find((a) => a.details.state === 'agenda')!;
    expect(agendaAudit.notify).toEqual(expect.arrayContaining([`${Q}:u:${P.resident}`, `${Q}#committee`]));
  });

  it('a retried second (same requestId) counts once and heals a missing audit record', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '垃圾分类点', body: '新村路需要一个垃圾分类投放点。' });
    const requestId = 'second-retry-0001';
    await h.dOk(P.elder, 'secondTopic', { topicId: t.topicId }, requestId);
    const auditId = `${t.topicId}#${requestId}`;
    h.store.collections.get('audit')!.delete(auditId);
    const again = await h.dOk(P.elder, 'secondTopic', { topicId: t.topicId }, requestId);
    budget();
    expect(again.secondCount).toBe(1);
    expect(h.topic(t.topicId).secondCount).toBe(1);
    expect(h.store.all('audit').some((a) => a._id === auditId)).toBe(true);
  });

  it('a busy topic stays small: a second keeps a fingerprint beside its seconder, not a marker; the same person again is refused', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '村口修路', body: '村口那段路雨天积水。' });
    const neighbours = h.residents().filter((r) => r.openid !== P.resident).slice(0, 3);
    const ids = ['second-a-0001', 'second-b-0001'];
    for (const [i, n] of neighbours.slice(0, 2).entries()) await h.dOk(n.openid, 'secondTopic', { topicId: t.topicId }, ids[i]);
    const topic = h.topic(t.topicId);
    // only the creation marker: seconds leave none (500 seconds' markers were 80 KB of one document)
    expect(Object.keys(topic.reqs ?? {})).toHaveLength(1);
    expect(topic.seconders).toHaveLength(2);
    expect(topic.secondReqs).toHaveLength(2);
    expect(topic.secondReqs![0]).toMatch(/^[A-Za-z0-9_-]{10}$/);
    // the first seconder's retry is answered from its place; a new request of theirs is a second try
    expect(await h.dOk(neighbours[0].openid, 'secondTopic', { topicId: t.topicId }, ids[0])).toEqual({ topicId: t.topicId, secondCount: 1, state: 'seconding' });
    budget();
    expect(codeOf(await h.d(neighbours[0].openid, 'secondTopic', { topicId: t.topicId }, 'second-a-0002'))).toBe('already_seconded');
    // another person cannot pass for a retry with someone else's request id
    expect(codeOf(await h.d(neighbours[2].openid, 'secondTopic', { topicId: t.topicId }, ids[0]))).not.toBe('already_seconded');
    expect(h.topic(t.topicId).secondCount).toBe(3);
  });

  it('a topic seconded before fingerprints (a marker per second) lines them up at its next second', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '旧议题', body: '这条议题是在指纹之前附议的。' });
    const [a, b] = h.residents().filter((r) => r.openid !== P.resident);
    await h.dOk(a.openid, 'secondTopic', { topicId: t.topicId }, 'old-second-0001');
    // as the earlier code left it: no fingerprints
    const { secondReqs: _gone, ...legacy } = h.topic(t.topicId);
    h.store.collections.get('delib')!.set(t.topicId, legacy);
    expect(codeOf(await h.d(a.openid, 'secondTopic', { topicId: t.topicId }, 'old-second-0002'))).toBe('already_seconded');
    await h.dOk(b.openid, 'secondTopic', { topicId: t.topicId }, 'new-second-0001');
    expect(h.topic(t.topicId).secondReqs).toEqual(['', expect.stringMatching(/^[A-Za-z0-9_-]{10}$/)]);
    expect(await h.dOk(b.openid, 'secondTopic', { topicId: t.topicId }, 'new-second-0001')).toEqual({ topicId: t.topicId, secondCount: 2, state: 'seconding' });
  });

  it('a committee write on a topic takes off its markers past the idempotency window', async () => {
    const topicId = await h.openPoll({ closesAt: h.now.value + 20 * DAY });
    // the creation marker, the agenda's and the poll's
    expect(Object.keys(h.topic(topicId).reqs ?? {})).toHaveLength(3);
    h.now.value += 8 * DAY;
    await h.dOk(P.committee, 'closePoll', { topicId }, 'close-window-0001');
    // the creation marker stays for good, the two older than the window went with this write
    expect(Object.keys(h.topic(topicId).reqs ?? {})).toEqual([expect.stringMatching(/^proposeTopic-/), 'close-window-0001']);
  });

  it('a long discussion is read a page at a time: the newest page with the topic, earlier pages on request', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '长讨论', body: '大家多说几句。' });
    const people = h.residents();
    const texts: string[] = [];
    for (let i = 0; i < REPLIES_PAGE + 7; i += 1) {
      // two replies in the same millisecond now and then (one pair across the page boundary): the id orders them
      if (i % 10 !== 7) h.now.value += MINUTE;
      texts.push(`第${i + 1}条发言`);
      await h.dOk(people[i % people.length].openid, 'postReply', { topicId: t.topicId, text: texts[i] });
    }
    // as stored: by time, and by id within one millisecond
    const stored = h.store
      .all('delib')
      .filter((d) => d.kind === 'reply' && d.topicId === t.topicId)
      .sort((a, b) => (a.at as number) - (b.at as number) || (a._id < b._id ? -1 : 1))
      .map((d) => d.text);
    expect(new Set(stored)).toEqual(new Set(texts));
    const view = await h.dOk(P.elder, 'getTopic', { topicId: t.topicId });
    budget();
    expect(view.replies.map((r) => r.text)).toEqual(stored.slice(7));
    expect(view.olderReplies).not.toBeNull();
    const page = await h.dOk(P.elder, 'listReplies', { topicId: t.topicId, before: view.olderReplies! });
    budget();
    expect(page.replies.map((r) => r.text)).toEqual(stored.slice(0, 7));
    expect(page.olderReplies).toBeNull();
    // a cursor must be one of this topic's replies
    const other = await h.dOk(P.resident, 'proposeTopic', { title: '别的议题', body: '另一条。' });
    expect(codeOf(await h.d(P.elder, 'listReplies', { topicId: other.topicId, before: view.olderReplies! }))).toBe('not_found');
  });

  it('the committee puts a topic on the agenda directly, or declines it; others may not', async () => {
    const a = await h.dOk(P.resident, 'proposeTopic', { title: '议题甲', body: '内容甲' });
    expect(codeOf(await h.d(P.gridWorker, 'putOnAgenda', { topicId: a.topicId }))).toBe('forbidden');
    expect(await h.dOk(P.committee, 'putOnAgenda', { topicId: a.topicId })).toMatchObject({ state: 'agenda' });
    const b = await h.dOk(P.resident, 'proposeTopic', { title: '议题乙', body: '内容乙' });
    expect(await h.dOk(P.committee, 'declineTopic', { topicId: b.topicId, reason: '属于镇里的事权，已转交' })).toMatchObject({ state: 'declined' });
    expect(codeOf(await h.d(P.elder, 'postReply', { topicId: b.topicId, text: '知道了' }))).toBe('discussion_closed');
  });

  it('discussion replies pass msgSecCheck; a risky one is refused and nothing is written', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '议题丙', body: '内容丙' });
    const reply = await h.dOk(P.elder, 'postReply', { topicId: t.topicId, text: '我赞成，晚上走路怕摔。' });
    budget();
    expect(reply.authorName).toBe('李桂兰');
    const before = h.snapshot();
    expect(codeOf(await h.d(P.elder, 'postReply', { topicId: t.topicId, text: '加群刷单返利日赚三百' }))).toBe('content_risky');
    expect(h.snapshot()).toBe(before);
    const view = await h.dOk(P.resident, 'getTopic', { topicId: t.topicId });
    budget();
    expect(view.replies.map((r) => r.text)).toEqual(['我赞成，晚上走路怕摔。']);
  });

  it('someone of 柳树村 cannot read or act on 青石村 topics', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '议题丁', body: '内容丁' });
    for (const [action, payload] of [
      ['getTopic', { topicId: t.topicId }],
      ['secondTopic', { topicId: t.topicId }],
      ['listTopics', {}],
    ] as const) {
      expect(codeOf(await h.d(P.otherVillager, action, payload as never))).toBe('not_member');
    }
    expect(codeOf(await h.d(P.otherVillager, 'secondTopic', { villageId: 'liushu', topicId: t.topicId }))).toBe('village_mismatch');
  });
});

describe('rolls', () => {
  it('households: one unit per household with a verified resident, fixed at opening', async () => {
    const topicId = await h.openPoll({ rollType: 'households' });
    const topic = h.topic(topicId);
    expect(topic.poll!.rollSize).toBe(32);
    expect(Object.keys(h.units(topicId))).toHaveLength(32);
    const h01 = h.units(topicId)[keyOf(`${Q}:h:h01`)];
    expect(Object.values(h01.p).sort()).toEqual(['王小梅', '王德福', '王浩'].sort());
    expect(h01.ol).toEqual([keyOf(`${Q}:off:h01-1`)]);
    // a newcomer approved after opening is not on the fixed roll
    await h.ok('o-late-newcomer', 'joinByInvite', { code: 'QS2025', name: '晚来者' });
    await h.ok(P.committee, 'reviewApplication', { villageId: Q, applicationId: `${Q}:u:o-late-newcomer`, decision: 'approve', householdId: `${Q}:h:h05` });
    expect(h.topic(topicId).poll!.rollSize).toBe(32);
    expect(codeOf(await h.d('o-late-newcomer', 'castVote', { topicId, unitId: keyOf(`${Q}:h:h05`), choices: ['yes'], nonce: nonce() }))).toBe('not_eligible');
  });

  it('residents: everyone verified, offline residents included; council: the named participants only', async () => {
    const all = await h.openPoll({ rollType: 'residents' });
    const residents = h.store.all('register').filter((d) => d.kind === 'person' && d.villageId === Q && d.status === 'active' && (d.roles as string[]).includes('resident'));
    expect(h.topic(all).poll!.rollSize).toBe(residents.length);

    const council = [
      { memberId: `${Q}:u:${P.committee}`, seat: 'two_committees' },
      { memberId: `${Q}:u:demo-qingshi-committee-2`, seat: 'supervision' },
      { memberId: `${Q}:u:${P.gridWorker}`, seat: 'party_member' },
      { memberId: `${Q}:u:${P.resident}`, seat: 'villager_rep' },
      { memberId: `${Q}:u:${P.elder}`, seat: 'sage' },
      { memberId: `${Q}:off:h01-1`, seat: 'stakeholder' },
    ] as const;
    const c = await h.openPoll({ rollType: 'council', council: [...council] });
    expect(Object.keys(h.units(c)).sort()).toEqual(council.map((x) => keyOf(x.memberId)).sort());
    expect(h.units(c)[keyOf(`${Q}:u:${P.resident}`)].seat).toBe('villager_rep');
    // someone not named is not eligible
    const other = h.residents().find((r) => !council.some((x) => x.memberId === r.id))!;
    expect(codeOf(await h.d(other.openid, 'castVote', { topicId: c, unitId: keyOf(other.id), choices: ['yes'], nonce: nonce() }))).toBe('not_eligible');
    // a council naming someone of another village is refused
    const t = await h.dOk(P.committee, 'proposeTopic', { title: '议题', body: '内容' });
    await h.dOk(P.committee, 'putOnAgenda', { topicId: t.topicId });
    const bad = await h.d(P.committee, 'schedulePoll', {
      topicId: t.topicId,
      poll: { kind: 'approve', question: '？', rollType: 'council', council: [{ memberId: `${Q}:u:nobody`, seat: 'stakeholder' }], quorum: { kind: 'none' }, threshold: 'majority_cast', secret: false, changeable: false, closesAt: h.now.value + DAY },
    });
    expect(codeOf(bad)).toBe('council_member_invalid');
  });

  it('opening needs the agenda, the committee, and a sensible window', async () => {
    const t = await h.dOk(P.resident, 'proposeTopic', { title: '议题', body: '内容' });
    const poll = { kind: 'approve', question: '同意吗', rollType: 'households', quorum: { kind: 'none' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: h.now.value + DAY } as const;
    expect(codeOf(await h.d(P.committee, 'schedulePoll', { topicId: t.topicId, poll }))).toBe('topic_not_on_agenda');
    await h.dOk(P.committee, 'putOnAgenda', { topicId: t.topicId });
    expect(codeOf(await h.d(P.resident, 'schedulePoll', { topicId: t.topicId, poll }))).toBe('forbidden');
    expect(codeOf(await h.d(P.committee, 'schedulePoll', { topicId: t.topicId, poll: { ...poll, closesAt: h.now.value + MINUTE } }))).toBe('poll_window_invalid');
    expect(codeOf(await h.d(P.committee, 'schedulePoll', { topicId: t.topicId, poll: { ...poll, kind: 'single', options: ['甲'] } }))).toBe('invalid_input');
    await h.dOk(P.committee, 'schedulePoll', { topicId: t.topicId, poll });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
  });
});

describe('voting', () => {
  it('one vote per household: the first member counts, the others see that their household voted', async () => {
    const topicId = await h.openPoll({ rollType: 'households' });
    const unitId = keyOf(`${Q}:h:h01`);
    const n = nonce();
    const vote = await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['yes'], nonce: n });
    budget();
    expect(vote.receipt).toBe(receiptOf(topicId, n));
    const son = 'demo-qingshi-h01-3';
    expect(codeOf(await h.d(son, 'castVote', { topicId, unitId, choices: ['no'], nonce: nonce() }))).toBe('already_voted');
    const seen = await h.dOk(son, 'getTopic', { topicId });
    expect(seen.myUnit).toMatchObject({ voted: true, votedByName: '王小梅', votedByMe: false, via: 'self' });
    expect(seen.can.vote).toBe(false);
    expect(seen.poll!.ballots).toBe(1);
    expect(Object.values(h.units(topicId)).filter((u) => u.v)).toHaveLength(1);
    // the household was told, and the ledger gets one participation event (never the choice)
    const audit = h.auditFor(topicId).filter((a) => a.action === 'castVote');
    expect(audit).toHaveLength(1);
    expect(audit[0].notify).toContain(`${Q}:u:${son}`);
    expect(audit[0].event).toEqual({ type: 'poll_participated', residentId: `${Q}:u:${P.resident}`, householdId: `${Q}:h:h01`, sourceKey: `poll_participated:${topicId}:${Q}:u:${P.resident}` });
    expect(JSON.stringify(audit[0])).not.toMatch(/yes|赞成/);
  });

  it('a retry with the same nonce is recognised: same receipt, one ballot, one audit record', async () => {
    const topicId = await h.openPoll({});
    const unitId = keyOf(`${Q}:h:h02`);
    const n = nonce();
    const a = await h.dOk(P.elder, 'castVote', { topicId, unitId, choices: ['no'], nonce: n });
    const b = await h.dOk(P.elder, 'castVote', { topicId, unitId, choices: ['no'], nonce: n });
    budget();
    expect(b).toEqual(a);
    expect(Object.values(h.units(topicId)).filter((u) => u.v)).toHaveLength(1);
    expect(h.auditFor(topicId).filter((x) => x.action === 'castVote')).toHaveLength(1);
    // the same device with other choices is not a retry
    expect(codeOf(await h.d(P.elder, 'castVote', { topicId, unitId, choices: ['yes'], nonce: n }))).toBe('already_voted');
  });

  it('refuses what breaks the rules, and writes nothing', async () => {
    const topicId = await h.openPoll({ kind: 'multiple', options: ['修路', '装路灯', '建广场', '修水渠'], maxChoices: 2, rollType: 'residents' });
    const unitId = keyOf(`${Q}:u:${P.resident}`);
    const before = h.snapshot();
    const cases: [string[], string][] = [
      [['o1', 'o2', 'o3'], 'too_many_choices'],
      [['o9'], 'choice_invalid'],
      [['yes'], 'choice_invalid'],
      [['o1', 'o1'], 'choice_invalid'],
      [[], 'invalid_input'],
    ];
    for (const [choices, code] of cases) expect([choices, codeOf(await h.d(P.resident, 'castVote', { topicId, unitId, choices, nonce: nonce() }))]).toEqual([choices, code]);
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId, choices: ['o1'], nonce: 'short' }))).toBe('invalid_input');
    // someone else's unit, a unit not on the roll, a township official (not a resident)
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['o1'], nonce: nonce() }))).toBe('not_eligible');
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId: 'nobody', choices: ['o1'], nonce: nonce() }))).toBe('not_eligible');
    expect(codeOf(await h.d(P.township, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.township}`), choices: ['o1'], nonce: nonce() }))).toBe('not_eligible');
    expect(h.snapshot()).toBe(before);
    // two of four is fine
    await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['o3', 'o1'], nonce: nonce() });
    expect(h.unseal(topicId, unitId).choices).toEqual(['o1', 'o3']);
  });

  it('poll_not_open before opening, poll_closed after the closing time (before the timer counts it)', async () => {
    const opensAt = h.now.value + HOUR;
    const topicId = await h.openPoll({ opensAt, closesAt: opensAt + DAY });
    const unitId = keyOf(`${Q}:h:h01`);
    expect(h.topic(topicId).poll!.state).toBe('scheduled');
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId, choices: ['yes'], nonce: nonce() }))).toBe('poll_not_open');
    h.now.value = opensAt;
    expect((await h.tick()).ok).toBe(true);
    expect(h.topic(topicId).poll).toMatchObject({ state: 'open', rollSize: 32 });
    await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['yes'], nonce: nonce() });
    h.now.value = opensAt + DAY;
    expect(codeOf(await h.d(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h02`), choices: ['yes'], nonce: nonce() }))).toBe('poll_closed');
    await h.tick();
    expect(h.topic(topicId).poll!.state).toBe('counted');
    expect(codeOf(await h.d(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h02`), choices: ['yes'], nonce: nonce() }))).toBe('poll_closed');
  });

  it('a changeable poll: the device with the nonce changes its ballot in place; others cannot', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', changeable: true });
    const unitId = keyOf(`${Q}:u:${P.resident}`);
    const n = nonce();
    const first = await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['yes'], nonce: n });
    await h.dOk(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['yes'], nonce: nonce() });
    const changed = await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['no'], nonce: n, change: true });
    budget();
    expect(changed).toMatchObject({ receipt: first.receipt, changed: true });
    expect(h.unseal(topicId, unitId)).toEqual({ receipt: first.receipt, choices: ['no'] });
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId, choices: ['abstain'], nonce: nonce(), change: true }))).toBe('no_vote_to_change');
    expect(h.units(topicId)[unitId].k).toBe(ballotKeyOf(topicId, n, ['no']));
    await h.closeAndCount(topicId);
    const ballots = h.box(topicId);
    expect(ballots).toHaveLength(2);
    expect(ballots.find((b) => b.r === first.receipt)!.c).toEqual(['no']);
    // not changeable: refused
    const fixed = await h.openPoll({ rollType: 'residents', changeable: false });
    const m = nonce();
    await h.dOk(P.resident, 'castVote', { topicId: fixed, unitId, choices: ['yes'], nonce: m });
    expect(codeOf(await h.d(P.resident, 'castVote', { topicId: fixed, unitId, choices: ['no'], nonce: m, change: true }))).toBe('vote_not_changeable');
  });
});

describe('secrecy of what is stored', () => {
  it('a vote writes its unit only: who voted, hashes of the nonce, and the ballot sealed at one length — never the choice or the receipt', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', secret: true });
    const voters = h.residents().slice(0, 3);
    const choices = ['yes', 'no', 'abstain'];
    const before = JSON.stringify(h.store.all('delib').filter((d) => d.kind !== 'unit'));
    for (const [i, v] of voters.entries()) {
      const n = nonce();
      const out = await h.dOk(v.openid, 'castVote', { topicId, unitId: keyOf(v.id), choices: [choices[i]], nonce: n });
      // one write, to the voter's unit
      expect(h.lastCalls.filter((c) => c.method !== 'aggregate' && c.collection === 'delib')).toEqual([{ method: 'updateWhere', collection: 'delib' }]);
      const unit = h.units(topicId)[keyOf(v.id)];
      expect(unit).toMatchObject({ v: true, by: v.id, via: 'self', ch: null, c: commitmentOf(topicId, n), k: ballotKeyOf(topicId, n, [choices[i]]) });
      expect(unit.sealed).toHaveLength(SEALED_LENGTH);
      expect(JSON.stringify(unit)).not.toContain(out.receipt);
      expect(JSON.stringify(unit)).not.toMatch(/"(yes|no|abstain)"/);
      // the key holder (the function) can open it: that is what the key guards
      expect(h.unseal(topicId, keyOf(v.id))).toEqual({ receipt: out.receipt, choices: [choices[i]] });
    }
    // nothing but the units changed (the topic included: it holds no roll, no box and no vote)
    expect(JSON.stringify(h.store.all('delib').filter((d) => d.kind !== 'unit'))).toBe(before);
    // no idempotency marker on a vote (it would tie a request to a ballot)
    expect(Object.keys(h.topic(topicId).reqs ?? {}).some((k) => k.startsWith('castVote'))).toBe(false);
  });

  it('equal ballots seal differently; a sealed ballot opens only on its own unit', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', secret: true });
    const [a, b] = h.residents();
    await h.dOk(a.openid, 'castVote', { topicId, unitId: keyOf(a.id), choices: ['yes'], nonce: nonce() });
    await h.dOk(b.openid, 'castVote', { topicId, unitId: keyOf(b.id), choices: ['yes'], nonce: nonce() });
    const units = h.units(topicId);
    expect(units[keyOf(a.id)].sealed).not.toBe(units[keyOf(b.id)].sealed);
    // moved to another unit's document, it does not open (the unit id is bound in)
    const { openBallot, masterKey, unwrapPollKey } = await import('../../../server/deliberation/seal');
    const pollKey = unwrapPollKey(masterKey(), topicId, h.topic(topicId).poll!.wrappedKey!);
    expect(() => openBallot(pollKey, units[keyOf(b.id)]._id, units[keyOf(a.id)].sealed!, ['yes', 'no', 'abstain'])).toThrow();
    // each poll has its own key: another poll's key does not open it
    const other = await h.openPoll({ rollType: 'residents', secret: true });
    const otherKey = unwrapPollKey(masterKey(), other, h.topic(other).poll!.wrappedKey!);
    expect(() => openBallot(otherKey, units[keyOf(a.id)]._id, units[keyOf(a.id)].sealed!, ['yes', 'no', 'abstain'])).toThrow();
  });

  it('the count opens every ballot into a box in receipt order — no voter, no time — and destroys the poll\'s key', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', secret: true });
    const voters = h.residents().slice(0, 40);
    const receiptsInOrder: string[] = [];
    for (const [i, v] of voters.entries()) {
      const out = await h.dOk(v.openid, 'castVote', { topicId, unitId: keyOf(v.id), choices: [i < 20 ? 'yes' : 'no'], nonce: nonce() });
      receiptsInOrder.push(out.receipt);
    }
    await h.closeAndCount(topicId);
    const ballots = h.box(topicId);
    expect(ballots).toHaveLength(40);
    const voterStrings = voters.flatMap((v) => [v.openid, v.id, keyOf(v.id), v.householdId, v.name]);
    for (const b of ballots) {
      expect(Object.keys(b).sort()).toEqual(['c', 'r']);
      for (const x of voterStrings) expect(JSON.stringify(b)).not.toContain(x);
    }
    // receipt order, which is not arrival order (20 yes then 20 no)
    expect(ballots.map((b) => b.r)).toEqual([...receiptsInOrder].sort());
    expect(ballots.map((b) => b.r)).not.toEqual(receiptsInOrder);
    expect(ballots.slice(0, 20).filter((b) => b.c[0] === 'yes').length).toBeLessThan(20);
    for (const box of h.store.all('delib').filter((d) => d.kind === 'box' && d.topicId === topicId)) expect(JSON.stringify(box)).not.toMatch(/"at"|\d{13}/);
    // the units say who voted; the units still waiting are frozen (a voted unit of a poll without changes takes nothing more)
    for (const u of Object.values(h.units(topicId))) expect(u).toMatchObject(u.v ? { ch: null } : { open: false });
    // the poll's key is gone from the current data: the sealed copies left on the units open for nobody
    expect(h.topic(topicId).poll!.wrappedKey).toBeNull();
    expect(() => h.unseal(topicId, keyOf(voters[0].id))).toThrow();
    // audit records: participation only
    for (const a of h.auditFor(topicId).filter((x) => x.action === 'castVote')) {
      const text = JSON.stringify(a);
      for (const r of receiptsInOrder) expect(text).not.toContain(r);
      expect(text).not.toMatch(/"(yes|no)"/);
    }
  });

  it('open ballots record the choice on the roll and publish it with names', async () => {
    const topicId = await h.openPoll({ rollType: 'households', secret: false, quorum: { kind: 'none' } });
    const unitId = keyOf(`${Q}:h:h01`);
    await h.dOk(P.resident, 'castVote', { topicId, unitId, choices: ['yes'], nonce: nonce() });
    expect(h.units(topicId)[unitId].ch).toEqual(['yes']);
    await h.closeAndCount(topicId);
    const page = await h.dOk(P.elder, 'listReceipts', { topicId });
    expect(page.openVotes).toEqual([{ unitLabel: expect.stringContaining('王小梅'), byName: '王小梅', choices: ['yes'] }]);
  });
});

describe('assisted votes (代办)', () => {
  it('a grid worker records an offline resident\'s vote with consent; the audit says so; the choice stays unlinkable', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', secret: true });
    const resident = `${Q}:off:h01-1`; // 王德福, no WeChat
    const n = nonce();
    const out = await h.dOk(P.gridWorker, 'castVote', { topicId, unitId: keyOf(resident), choices: ['no'], nonce: n, assist: { residentId: resident, consent: 'thumbprint' } });
    budget();
    expect(out).toMatchObject({ via: 'assisted', receipt: receiptOf(topicId, n) });
    const unit = h.units(topicId)[keyOf(resident)];
    expect(unit).toMatchObject({ v: true, by: resident, via: 'assisted', ab: `${Q}:u:${P.gridWorker}`, consent: 'thumbprint', ch: null });
    expect(JSON.stringify(unit)).not.toContain(out.receipt);
    const [audit] = h.auditFor(topicId).filter((a) => a.action === 'castVote');
    expect(audit).toMatchObject({ actorId: `${Q}:u:${P.gridWorker}`, onBehalfOf: resident, event: { residentId: resident } });
    expect(audit.summary).toContain('代 王德福 投票');
    expect(audit.summary).toContain('按手印');
    expect(JSON.stringify(audit)).not.toContain(out.receipt);
    await h.closeAndCount(topicId);
    expect(h.box(topicId)).toEqual([{ r: out.receipt, c: ['no'] }]);
    expect(JSON.stringify(h.store.all('delib').filter((d) => d.kind === 'box'))).not.toContain(resident);
  });

  it('an assisted vote and the resident\'s own vote never both count (either order)', async () => {
    const topicId = await h.openPoll({ rollType: 'residents' });
    const elder = `${Q}:u:${P.elder}`;
    await h.dOk(P.gridWorker, 'castVote', { topicId, unitId: keyOf(elder), choices: ['yes'], nonce: nonce(), assist: { residentId: elder, consent: 'verbal' } });
    expect(codeOf(await h.d(P.elder, 'castVote', { topicId, unitId: keyOf(elder), choices: ['no'], nonce: nonce() }))).toBe('already_voted');

    const other = await h.openPoll({ rollType: 'residents' });
    await h.dOk(P.elder, 'castVote', { topicId: other, unitId: keyOf(elder), choices: ['no'], nonce: nonce() });
    expect(codeOf(await h.d(P.gridWorker, 'castVote', { topicId: other, unitId: keyOf(elder), choices: ['yes'], nonce: nonce(), assist: { residentId: elder, consent: 'verbal' } }))).toBe('already_voted');
    expect(Object.values(h.units(other)).filter((u) => u.v)).toHaveLength(1);
  });

  it('only for offline or elderly residents, only by their grid\'s worker or the committee', async () => {
    const topicId = await h.openPoll({ rollType: 'residents' });
    const young = `${Q}:u:${P.resident}`; // 王小梅, 1986, has WeChat
    expect(codeOf(await h.d(P.gridWorker, 'castVote', { topicId, unitId: keyOf(young), choices: ['yes'], nonce: nonce(), assist: { residentId: young, consent: 'verbal' } }))).toBe('assist_not_allowed');
    const offline = h.store.all('register').find((d) => d.kind === 'person' && d.offline && d.gridId === `${Q}:g1`)!._id;
    // the worker of grids 3 and 4 may not act in grid 1; a plain resident may not act at all
    expect(codeOf(await h.d('demo-qingshi-gridworker-2', 'castVote', { topicId, unitId: keyOf(offline), choices: ['yes'], nonce: nonce(), assist: { residentId: offline, consent: 'verbal' } }))).toBe('village_mismatch');
    expect(codeOf(await h.d(P.elder, 'castVote', { topicId, unitId: keyOf(offline), choices: ['yes'], nonce: nonce(), assist: { residentId: offline, consent: 'verbal' } }))).toBe('forbidden');
    // the committee may, anywhere
    await h.dOk(P.committee, 'castVote', { topicId, unitId: keyOf(offline), choices: ['yes'], nonce: nonce(), assist: { residentId: offline, consent: 'signature' } });
  });

  it('listRoll gives a grid worker the units of their grids still waiting, with who can be helped', async () => {
    const topicId = await h.openPoll({ rollType: 'households' });
    const roll = await h.dOk(P.gridWorker, 'listRoll', { topicId });
    budget();
    expect(roll.units.length).toBeGreaterThan(0);
    expect(roll.units.every((u) => u.gridId === `${Q}:g1` || u.gridId === `${Q}:g2`)).toBe(true);
    const h01 = roll.units.find((u) => u.unitId === keyOf(`${Q}:h:h01`))!;
    expect(h01.assistable).toEqual([{ residentId: `${Q}:off:h01-1`, name: '王德福', offline: true, elderly: true }]);
    expect(codeOf(await h.d(P.resident, 'listRoll', { topicId }))).toBe('forbidden');
  });
});

describe('counting, results, outcome', () => {
  it('close counts in the database; the published ballots recount to the same result', async () => {
    const topicId = await h.openPoll({ rollType: 'households', quorum: { kind: 'at_least_percent', percent: 25 }, threshold: 'majority_cast' });
    const households = new Map<string, string>();
    for (const r of h.residents()) if (!households.has(r.householdId)) households.set(r.householdId, r.openid);
    const votes = [...households.entries()].slice(0, 9);
    const receipts: string[] = [];
    for (const [i, [householdId, openid]] of votes.entries()) {
      const out = await h.dOk(openid, 'castVote', { topicId, unitId: keyOf(householdId), choices: [i < 5 ? 'yes' : i < 8 ? 'no' : 'abstain'], nonce: nonce() });
      receipts.push(out.receipt);
    }
    expect(codeOf(await h.d(P.resident, 'closePoll', { topicId }))).toBe('forbidden');
    const closed = await h.dOk(P.committee, 'closePoll', { topicId });
    budget();
    expect(h.lastCalls.map((c) => c.method)).toEqual(['aggregate', 'updateWhere', 'create']);
    expect(closed).toMatchObject({ state: 'voting', closesAt: h.now.value, results: null });
    // closed: no more votes, the page says it is being counted, the timer counts it
    const waiting = [...households.entries()][20];
    expect(codeOf(await h.d(waiting[1], 'castVote', { topicId, unitId: keyOf(waiting[0]), choices: ['yes'], nonce: nonce() }))).toBe('poll_closed');
    expect((await h.dOk(P.committee, 'getTopic', { topicId })).can.close).toBe(false);
    expect(await h.tick()).toMatchObject({ ok: true, data: { counted: [topicId] } });
    const results = h.topic(topicId).poll!.results;
    expect(results).toMatchObject({ rollSize: 32, ballots: 9, counts: { yes: 5, no: 3, abstain: 1 }, quorumMet: true, quorumNeeded: 8, passed: true, turnoutPermille: 281 });
    expect(h.topic(topicId)).toMatchObject({ state: 'counted', poll: { state: 'counted', nBallots: 9, closedBy: `${Q}:u:${P.committee}` } });

    const page = await h.dOk(P.elder, 'listReceipts', { topicId });
    budget();
    expect(page.total).toBe(9);
    expect(page.rows.map((r) => r.receipt)).toEqual([...receipts].sort());
    const recount = countBallots(['yes', 'no', 'abstain'], page.rows);
    expect(recount).toEqual(results!.counts);
    const poll = h.topic(topicId).poll!;
    expect(decide({ kind: poll.kind, optionIds: ['yes', 'no', 'abstain'], maxChoices: 1, quorum: poll.quorum, threshold: poll.threshold, rollSize: 32, ballots: page.rows.length, counts: recount }).passed).toBe(true);
    // after the count no vote lands
    const late = [...households.entries()][20];
    expect(codeOf(await h.d(late[1], 'castVote', { topicId, unitId: keyOf(late[0]), choices: ['yes'], nonce: nonce() }))).toBe('poll_closed');
    expect(codeOf(await h.d(P.committee, 'closePoll', { topicId }))).toBe('poll_closed');
  });

  it('receipts are not published before the count', async () => {
    const topicId = await h.openPoll({});
    expect(codeOf(await h.d(P.resident, 'listReceipts', { topicId }))).toBe('results_not_published');
  });

  it('a vote racing the count lands before the roll is frozen (counted) or after it (refused): never lost', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', closesAt: h.now.value + DAY });
    await h.dOk(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.resident}`), choices: ['yes'], nonce: nonce() });
    // a vote that read the poll open before the closing time, its write arriving just after the freeze
    const late = { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['no'], nonce: nonce() };
    h.now.value += DAY;
    const staleVote = h.now.value - 1;
    let sent = false;
    h.wrap((s) => overriding(s, {
      updateWhere: async (c, q, u) => {
        const n = await s.updateWhere(c, q, u);
        if (!sent && (q as Record<string, unknown>).kind === 'unit' && (u.$set as Record<string, unknown>)?.open === false) {
          sent = true;
          h.wrap((x) => x);
          const at = h.now.value;
          h.now.value = staleVote;
          expect(codeOf(await h.d(P.elder, 'castVote', late))).toBe('poll_closed');
          h.now.value = at;
        }
        return n;
      },
    }));
    expect(await h.tick()).toMatchObject({ ok: true, data: { counted: [topicId] } });
    expect(sent).toBe(true);
    expect(h.topic(topicId).poll!.results).toMatchObject({ ballots: 1, counts: { yes: 1, no: 0 } });
    expect(h.units(topicId)[keyOf(`${Q}:u:${P.elder}`)].v).toBe(false);
  });

  it('a count stopped halfway is finished by the next tick, without a ballot twice', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', closesAt: h.now.value + DAY });
    const voters = h.residents().slice(0, 5);
    for (const v of voters) await h.dOk(v.openid, 'castVote', { topicId, unitId: keyOf(v.id), choices: ['yes'], nonce: nonce() });
    h.now.value += DAY;
    // the tick dies right after writing the box
    h.wrap((s) => overriding(s, {
      createMany: async (c, d) => {
        await s.createMany(c, d);
        if (d.some((x) => x.kind === 'box')) throw new Error('instance lost');
      },
    }));
    await h.tick();
    h.wrap((x) => x);
    expect(h.topic(topicId).poll!.state).toBe('open');
    expect(await h.tick()).toMatchObject({ ok: true, data: { counted: [topicId] } });
    expect(h.box(topicId)).toHaveLength(5);
    expect(h.topic(topicId).poll!.results).toMatchObject({ ballots: 5, counts: { yes: 5 } });
  });

  it('a tick that dies right after publishing loses no audit record: it rode on the results, the next tick appends it', async () => {
    const topicId = await h.openPoll({ rollType: 'residents', closesAt: h.now.value + DAY });
    await h.dOk(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.resident}`), choices: ['yes'], nonce: nonce() });
    h.now.value += DAY;
    const counted = () => h.auditFor(topicId).filter((a) => a.action === 'pollClock' && String(a.summary).includes('计票'));
    h.wrap((s) => overriding(s, {
      updateWhere: async (c, q, u) => {
        const n = await s.updateWhere(c, q, u);
        if ((u.$set as Record<string, unknown> | undefined)?.['poll.state'] === 'counted') throw new Error('instance lost');
        return n;
      },
    }));
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await h.tick();
    quiet.mockRestore();
    h.wrap((x) => x);
    expect(h.topic(topicId).poll!.state).toBe('counted');
    expect(counted()).toHaveLength(0);
    await h.tick();
    expect(counted()).toHaveLength(1);
    expect(counted()[0].notify).toEqual(expect.arrayContaining([`${Q}#committee`]));
    expect(Object.keys(h.topic(topicId).pendingAudit ?? {})).toEqual([]);
    expect(h.topic(topicId).auditDueAt ?? null).toBeNull();
  });

  it('no ballot key, no poll: opening and voting are refused with a clear code', async () => {
    const topicId = await h.openPoll({ rollType: 'residents' });
    const key = process.env.CUNQUN_BALLOT_KEY;
    delete process.env.CUNQUN_BALLOT_KEY;
    try {
      expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.resident}`), choices: ['yes'], nonce: nonce() }))).toBe('ballot_key_missing');
      const t = await h.dOk(P.committee, 'proposeTopic', { title: '议题', body: '内容' });
      await h.dOk(P.committee, 'putOnAgenda', { topicId: t.topicId });
      const poll = { kind: 'approve', question: '同意吗', rollType: 'households', quorum: { kind: 'none' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: h.now.value + DAY } as const;
      expect(codeOf(await h.d(P.committee, 'schedulePoll', { topicId: t.topicId, poll }))).toBe('ballot_key_missing');
      // another key than the poll's: refused too (its ballots could not be counted)
      process.env.CUNQUN_BALLOT_KEY = Buffer.alloc(32, 7).toString('base64');
      expect(codeOf(await h.d(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.resident}`), choices: ['yes'], nonce: nonce() }))).toBe('ballot_key_changed');
    } finally {
      process.env.CUNQUN_BALLOT_KEY = key;
    }
  });

  it('the committee records the outcome and follow-ups (one linked to a ticket) through to done', async () => {
    const topicId = await h.openPoll({ rollType: 'households', quorum: { kind: 'none' } });
    expect(codeOf(await h.d(P.committee, 'recordOutcome', { topicId, decision: '修桥' }))).toBe('topic_not_counted');
    await h.dOk(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h01`), choices: ['yes'], nonce: nonce() });
    await h.closeAndCount(topicId);
    const rec = await h.dOk(P.committee, 'recordOutcome', {
      topicId,
      decision: '同意动用集体资金两万元修缮石桥，五月底前完工。',
      actions: [{ text: '请施工队报价' }, { text: '网格员通知沿线住户', ticketId: `${Q}:t:ticket-1` }],
    });
    budget();
    expect(rec).toMatchObject({ state: 'decided', outcome: { actions: [{ actionId: 'a1', done: false }, { actionId: 'a2', ticketId: `${Q}:t:ticket-1` }] } });
    await h.dOk(P.committee, 'updateFollowUp', { topicId, actionId: 'a1', done: true });
    budget();
    expect(codeOf(await h.d(P.committee, 'updateFollowUp', { topicId, actionId: 'a9', done: true }))).toBe('follow_up_not_found');
    const last = await h.dOk(P.committee, 'updateFollowUp', { topicId, actionId: 'a2', done: true });
    expect(last.state).toBe('done');
    expect((await h.dOk(P.resident, 'getTopic', { topicId })).state).toBe('done');
  });
});

describe('the timer', () => {
  it('reminds non-voters once near the deadline: inbox, grid workers, and subscribe messages only where consented', async () => {
    await h.dOk(P.committee, 'updateSettings', { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: 'tmpl-remind' });
    const topicId = await h.openPoll({ rollType: 'households', closesAt: h.now.value + 3 * DAY });
    await h.dOk(P.resident, 'subscribeReminder', { topicId, unitId: keyOf(`${Q}:h:h01`), templateId: 'tmpl-remind' });
    budget();
    await h.dOk(P.elder, 'subscribeReminder', { topicId, unitId: keyOf(`${Q}:h:h02`), templateId: 'tmpl-remind' });
    await h.dOk(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h02`), choices: ['yes'], nonce: nonce() });

    h.now.value += 2 * DAY - HOUR;
    await h.tick();
    expect(h.openapi.sent).toHaveLength(0);
    h.now.value += 2 * HOUR;
    await h.tick();
    expect(h.openapi.sent.map((m) => m.touser)).toEqual([P.resident]);
    const reminder = h.auditFor(topicId).find((a) => a.action === 'pollClock' && String(a.summary).includes('未投票'))!;
    expect(reminder.notify).toContain(`${Q}:u:${P.resident}`);
    expect(reminder.notify).not.toContain(`${Q}:u:${P.elder}`);
    expect(reminder.notify).toContain(`${Q}:g1#grid_worker`);
    await h.tick();
    expect(h.openapi.sent).toHaveLength(1);
  });

  it('counts a poll at its closing time', async () => {
    const topicId = await h.openPoll({ rollType: 'households', closesAt: h.now.value + DAY });
    await h.dOk(P.resident, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h01`), choices: ['yes'], nonce: nonce() });
    h.now.value += DAY;
    const tick = await h.tick();
    expect(tick).toMatchObject({ ok: true, data: { counted: [topicId] } });
    expect(h.topic(topicId).poll!.results).toMatchObject({ ballots: 1, rollSize: 32, quorumMet: false, passed: false });
  });
});
