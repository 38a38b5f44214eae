/**
 * The built `deliberation` bundle (cloudfunctions/deliberation/index.js) in the emulator's function host,
 * through the real wx-server-sdk ($lookup reads, $push at a $position, the count as a DB aggregate):
 * the walk, bad input, 100 concurrent double submissions, votes racing the close, secrecy of
 * what is stored, the timer on the emulator clock, the H5 route and the round-trip budget.
 * Each check reads the store afterwards: an answer alone could hide a half-written state.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_OPENIDS as P } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { personas } from '../../demo/personas';
import { deliberationTour } from '../../demo/deliberation-tour';
import { DELIBERATION_ACTIONS } from '../../server/deliberation/contract';
import { commitmentOf, keyOf, receiptOf } from '../../server/deliberation/model';
import { countBallots } from '../../server/deliberation/rules';
import { callH5, devLogin, sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';

const Q = 'qingshi';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let seq = 0;
const rid = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;
const nonce = () => randomBytes(18).toString('base64url');
type AnswerBody = { ok: boolean; data?: any; error?: { code: string; message: string } };

function client(getEmu: () => Emulator) {
  const call = async (openid: string, action: string, payload: Record<string, unknown>, requestId = rid(action)) => {
    const out = await getEmu().invoke('deliberation', { action, payload: { villageId: Q, ...payload }, requestId }, { openid });
    if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
    return { answer: out.result as AnswerBody, dbCalls: out.dbCalls };
  };
  const ok = async (openid: string, action: string, payload: Record<string, unknown>, requestId?: string) => {
    const { answer } = await call(openid, action, payload, requestId);
    if (!answer.ok) throw new Error(`${action}: ${answer.error?.code}`);
    return answer.data;
  };
  const codeOf = async (openid: string, action: string, payload: Record<string, unknown>, requestId?: string) => {
    const { answer } = await call(openid, action, payload, requestId);
    if (!answer.ok) expect(answer.error!.message).toMatch(/[\u4e00-\u9fa5]/);
    return answer.ok ? 'ok' : answer.error!.code;
  };
  const topic = (id: string) => getEmu().store.all('delib').find((d) => d._id === id) as any;
  /** a topic on the agenda and its poll open now */
  const openPoll = async (poll: Record<string, unknown>) => {
    const t = await ok(P.committee, 'proposeTopic', { title: '测试议题', body: '测试用的议题内容' });
    await ok(P.committee, 'putOnAgenda', { topicId: t.topicId });
    await ok(P.committee, 'schedulePoll', {
      topicId: t.topicId,
      poll: { kind: 'approve', question: '同意吗？', rollType: 'residents', quorum: { kind: 'none' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: getEmu().clock.now() + 2 * DAY, ...poll },
    });
    return t.topicId as string;
  };
  return { call, ok, codeOf, topic, openPoll };
}

describe('deliberation in the emulator', () => {
  let emu: Emulator;
  const { call, ok, codeOf, topic, openPoll } = client(() => emu);

  beforeAll(async () => {
    emu = await startTestEmulator({ personas });
    await seedDemo(sdkFor(emu).database(), emu.clock.now());
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('the demo holds a topic being seconded, an open household poll and a counted one in 青石村', () => {
    const topics = emu.store.all('delib').filter((d) => d.kind === 'topic' && d.villageId === Q) as any[];
    expect(topics.map((t) => t.state).sort()).toEqual(['decided', 'seconding', 'voting']);
    const voting = topics.find((t) => t.state === 'voting');
    expect(voting.poll).toMatchObject({ state: 'open', rollType: 'households', rollSize: 32, secret: true });
    expect(voting.ballots.length).toBe(voting.poll.nBallots);
    const decided = topics.find((t) => t.state === 'decided');
    expect(decided.poll.results).toMatchObject({ quorumMet: true, passed: true, winners: ['o2'] });
    expect(countBallots(['o1', 'o2', 'o3'], decided.ballots.map((b: any) => ({ choices: b.c })))).toEqual(decided.poll.results.counts);
  });

  it('done when: propose, second onto the agenda, household poll with quorum, assisted vote, close, results, my receipt in the list', async () => {
    await ok(P.committee, 'updateSettings', { secondsNeeded: 3, remindBeforeHours: 24, reminderTemplateId: 'demo-poll-reminder' });
    const t = await ok(P.resident, 'proposeTopic', { title: '修建村民健身广场', body: '新村路旁空地闲置，建议建一个健身广场，老人孩子都能用。' });
    for (const who of ['demo-qingshi-h03-7', 'demo-qingshi-h06-12']) expect((await ok(who, 'secondTopic', { topicId: t.topicId })).state).toBe('seconding');
    expect((await ok('demo-qingshi-h10-21', 'secondTopic', { topicId: t.topicId })).state).toBe('agenda');

    const closesAt = emu.clock.now() + 2 * DAY;
    const opened = await ok(P.committee, 'schedulePoll', {
      topicId: t.topicId,
      poll: { kind: 'approve', question: '同意建设健身广场吗？', rollType: 'households', quorum: { kind: 'at_least_percent', percent: 10 }, threshold: 'majority_cast', secret: true, changeable: false, closesAt },
    });
    expect(opened).toMatchObject({ state: 'voting', pollState: 'open', rollSize: 32 });

    // a grid worker records 王德福's vote (no WeChat), with his thumbprint as consent
    const assisted = await ok(P.gridWorker, 'castVote', { topicId: t.topicId, unitId: keyOf(`${Q}:h:h01`), choices: ['yes'], nonce: nonce(), assist: { residentId: `${Q}:off:h01-1`, consent: 'thumbprint' } });
    expect(assisted.via).toBe('assisted');
    // his daughter 王小梅 sees that the household has voted
    const seen = await ok(P.resident, 'getTopic', { topicId: t.topicId });
    expect(seen.myUnit).toMatchObject({ voted: true, via: 'assisted', votedByName: '王德福' });
    expect(await codeOf(P.resident, 'castVote', { topicId: t.topicId, unitId: keyOf(`${Q}:h:h01`), choices: ['no'], nonce: nonce() })).toBe('already_voted');
    // 李桂兰 votes herself; two more households
    const mine = await ok(P.elder, 'castVote', { topicId: t.topicId, unitId: keyOf(`${Q}:h:h02`), choices: ['yes'], nonce: nonce() });
    await ok(P.committee, 'castVote', { topicId: t.topicId, unitId: keyOf(`${Q}:h:h04`), choices: ['no'], nonce: nonce() });
    await ok('demo-qingshi-h06-13', 'castVote', { topicId: t.topicId, unitId: keyOf(`${Q}:h:h06`), choices: ['yes'], nonce: nonce() });

    // the poll closes by the timer at its closing time
    emu.clock.advance(2 * DAY + 60_000);
    await emu.runDueTimers();
    const after = await ok(P.elder, 'getTopic', { topicId: t.topicId });
    expect(after.state).toBe('counted');
    expect(after.poll.results).toMatchObject({ rollSize: 32, ballots: 4, counts: { yes: 3, no: 1, abstain: 0 }, quorumMet: true, quorumNeeded: 4, passed: true, turnoutPermille: 125 });
    const page = await ok(P.elder, 'listReceipts', { topicId: t.topicId });
    expect(page.rows.find((r: any) => r.receipt === mine.receipt)).toEqual({ receipt: mine.receipt, choices: ['yes'] });
    expect(countBallots(['yes', 'no', 'abstain'], page.rows)).toEqual(after.poll.results.counts);
  });

  it('bad input: a clear code each, nothing written', async () => {
    const topicId = await openPoll({ kind: 'multiple', options: ['甲', '乙', '丙'], maxChoices: 2 });
    const unitId = keyOf(`${Q}:u:${P.resident}`);
    const before = JSON.stringify(topic(topicId));
    const cases: [string, Record<string, unknown>, string][] = [
      [P.resident, { topicId, unitId, choices: ['o1', 'o2', 'o3'], nonce: nonce() }, 'too_many_choices'],
      [P.resident, { topicId, unitId, choices: ['o13'], nonce: nonce() }, 'invalid_input'],
      [P.resident, { topicId, unitId, choices: ['o7'], nonce: nonce() }, 'choice_invalid'],
      [P.resident, { topicId, unitId, choices: ['o4'], nonce: nonce() }, 'choice_invalid'],
      [P.resident, { topicId, unitId, choices: ['yes'], nonce: nonce() }, 'choice_invalid'],
      [P.resident, { topicId, unitId, choices: ['o1', 'o1'], nonce: nonce() }, 'choice_invalid'],
      [P.resident, { topicId, unitId, choices: 'o1', nonce: nonce() }, 'invalid_input'],
      [P.resident, { topicId, unitId, choices: ['o1'], nonce: { $gt: '' } }, 'invalid_input'],
      [P.resident, { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['o1'], nonce: nonce() }, 'not_eligible'],
      [P.township, { topicId, unitId: keyOf(`${Q}:u:${P.township}`), choices: ['o1'], nonce: nonce() }, 'not_eligible'],
      ['demo-applicant-1', { topicId, unitId: keyOf(`${Q}:u:demo-applicant-1`), choices: ['o1'], nonce: nonce() }, 'not_member'],
      [P.otherVillager, { topicId, unitId, choices: ['o1'], nonce: nonce() }, 'not_member'],
      [P.resident, { topicId: `${Q}:t:nothing`, unitId, choices: ['o1'], nonce: nonce() }, 'not_found'],
      [P.resident, { topicId: 'liushu:t:x', unitId, choices: ['o1'], nonce: nonce() }, 'village_mismatch'],
    ];
    for (const [who, payload, code] of cases) expect([payload, await codeOf(who, 'castVote', payload)]).toEqual([payload, code]);
    expect(JSON.stringify(topic(topicId))).toBe(before);

    const n = nonce();
    await ok(P.resident, 'castVote', { topicId, unitId, choices: ['o2', 'o1'], nonce: n });
    expect(await codeOf(P.resident, 'castVote', { topicId, unitId, choices: ['o3'], nonce: nonce() })).toBe('already_voted');
    expect(await codeOf(P.resident, 'castVote', { topicId, unitId, choices: ['o3'], nonce: n, change: true })).toBe('vote_not_changeable');
    await ok(P.committee, 'closePoll', { topicId });
    expect(await codeOf(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['o1'], nonce: nonce() })).toBe('poll_closed');
    expect(topic(topicId).ballots).toEqual([{ r: receiptOf(topicId, n), c: ['o1', 'o2'] }]);
  });

  it('what is stored links no voter to a ballot (through the real SDK: $position, no marker, no time)', async () => {
    const topicId = await openPoll({ rollType: 'households', secret: true });
    const voters: [string, string][] = [
      ['h03', P.gridWorker],
      ['h04', P.committee],
      ['h06', 'demo-qingshi-h06-12'],
      ['h07', 'demo-qingshi-h07-15'],
      ['h08', 'demo-qingshi-h08-17'],
      ['h09', 'demo-qingshi-h09-19'],
      ['h10', 'demo-qingshi-h10-21'],
      ['h11', 'demo-qingshi-h11-23'],
      ['h14', 'demo-qingshi-h14-29'],
      ['h15', 'demo-qingshi-h15-31'],
      ['h16', 'demo-qingshi-h16-32'],
      ['h18', 'demo-qingshi-h18-36'],
    ];
    const arrival: string[] = [];
    const nonces: string[] = [];
    for (const [i, [h, openid]] of voters.entries()) {
      nonces.push(nonce());
      arrival.push((await ok(openid, 'castVote', { topicId, unitId: keyOf(`${Q}:h:${h}`), choices: [i < 6 ? 'yes' : 'no'], nonce: nonces[i] })).receipt);
    }
    const stored = topic(topicId);
    expect(stored.ballots.map((b: any) => Object.keys(b).sort().join())).toEqual(voters.map(() => 'c,r'));
    expect(stored.ballots.map((b: any) => b.r)).not.toEqual(arrival);
    const text = JSON.stringify(stored.ballots);
    for (const [h, openid] of voters) {
      expect(text).not.toContain(openid);
      expect(text).not.toContain(`h:${h}`);
    }
    for (const [i, [h]] of voters.entries()) {
      const unit = stored.roll[keyOf(`${Q}:h:${h}`)];
      expect(unit).toMatchObject({ v: true, ch: null, c: commitmentOf(topicId, nonces[i]) });
      expect(JSON.stringify(unit)).not.toContain(arrival[i]);
    }
    expect(Object.keys(stored.reqs ?? {}).filter((k) => k.includes('castVote'))).toEqual([]);
    const audits = JSON.stringify(emu.store.all('audit').filter((a) => a.targetId === topicId && a.action === 'castVote'));
    for (const r of arrival) expect(audits).not.toContain(r);
  });

  it('reminds non-voters near the deadline by the timer: inbox and subscribe messages where consented', async () => {
    const topicId = await openPoll({ rollType: 'households', closesAt: emu.clock.now() + 2 * DAY });
    await ok(P.resident, 'subscribeReminder', { topicId, unitId: keyOf(`${Q}:h:h01`), templateId: 'demo-poll-reminder' });
    const before = emu.outbox().length;
    emu.clock.advance(DAY + 60_000);
    await emu.runDueTimers();
    const sent = emu.outbox().slice(before);
    expect(sent.filter((m: any) => m.to === P.resident)).toHaveLength(1);
    const reminder = emu.store.all('audit').find((a) => a.targetId === topicId && String(a.summary).includes('未投票')) as any;
    expect(reminder.notify).toContain(`${Q}:u:${P.elder}`);
    emu.clock.advance(10 * 60_000);
    await emu.runDueTimers();
    expect(emu.outbox().slice(before).filter((m: any) => m.to === P.resident)).toHaveLength(1);
  });

  it('the H5 route: a persona votes with the session token', async () => {
    const topicId = await openPoll({ rollType: 'residents' });
    const { token } = await devLogin(emu, { personaId: 'elder' });
    const n = nonce();
    const res = await callH5(emu, token, 'deliberation', { action: 'castVote', payload: { villageId: Q, topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['yes'], nonce: n }, requestId: rid('h5') });
    expect(res.body.result).toMatchObject({ ok: true, data: { receipt: receiptOf(topicId, n) } });
  });

  it('every action stays within 3 round trips, first tries and retries', async () => {
    const steps = await deliberationTour(async (openid, event) => {
      const out = await emu.invoke('deliberation', event, { openid });
      const r = (out.result ?? {}) as AnswerBody;
      return { ok: r.ok === true, data: r.data, error: r.error, dbCalls: out.dbCalls };
    }, emu.clock.now());
    for (const s of steps) expect([s.action, s.ok, s.code, s.dbCalls <= 3, s.retryDbCalls <= 3]).toEqual([s.action, true, undefined, true, true]);
    const userActions = DELIBERATION_ACTIONS.filter((a) => a !== 'pollClock');
    expect(new Set(steps.map((s) => s.action))).toEqual(new Set(userActions));
  });
});

describe('races in the emulator (worker threads)', () => {
  let emu: Emulator;
  const { call, ok, topic, openPoll } = client(() => emu);
  const people: { openid: string; id: string }[] = [];

  beforeAll(async () => {
    emu = await startTestEmulator({ personas });
    const db = sdkFor(emu).database();
    await seedDemo(db, emu.clock.now());
    // 100 more verified residents, so 100 different voters can submit at once
    for (let i = 0; i < 100; i += 1) {
      const openid = `race-voter-${i}`;
      const id = `${Q}:u:${openid}`;
      people.push({ openid, id });
      await db.collection('register').add({
        data: { _id: id, kind: 'person', villageId: Q, villageName: '青石村', townshipId: 'hewan', townshipName: '河湾镇', openid, offline: false, status: 'active', roles: ['resident'], gridIds: [], name: `村民${i}`, householdId: `${Q}:h:race-${i}`, gridId: `${Q}:g4`, elderly: false },
      });
    }
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('100 concurrent double submissions count each voter once', async () => {
    const topicId = await openPoll({ rollType: 'residents' });
    const attempts = people.flatMap((p, i) => {
      const unitId = keyOf(p.id);
      // even voters tap twice (same request, same nonce); odd ones vote from two devices (two nonces)
      if (i % 2 === 0) {
        const payload = { topicId, unitId, choices: ['yes'], nonce: nonce() };
        const requestId = rid('double');
        return [call(p.openid, 'castVote', payload, requestId), call(p.openid, 'castVote', payload, requestId)];
      }
      return [call(p.openid, 'castVote', { topicId, unitId, choices: ['yes'], nonce: nonce() }), call(p.openid, 'castVote', { topicId, unitId, choices: ['no'], nonce: nonce() })];
    });
    const answers = (await Promise.all(attempts)).map((a) => a.answer);
    for (let i = 0; i < people.length; i += 1) {
      const [a, b] = [answers[2 * i], answers[2 * i + 1]];
      const codes = [a, b].map((x) => (x.ok ? 'ok' : x.error!.code)).sort();
      if (i % 2 === 0) {
        expect(codes).toEqual(['ok', 'ok']);
        expect(a.data.receipt).toBe(b.data.receipt);
      } else {
        expect(codes).toEqual(['already_voted', 'ok']);
      }
    }
    const stored = topic(topicId);
    expect(stored.ballots).toHaveLength(100);
    expect(stored.poll.nBallots).toBe(100);
    expect(new Set(stored.ballots.map((b: any) => b.r)).size).toBe(100);
    expect(people.every((p) => stored.roll[keyOf(p.id)].v === true)).toBe(true);
    // the ballot of every voter is the one their accepted answer named
    const accepted = answers.filter((x) => x.ok).map((x) => x.data.receipt);
    expect(new Set(accepted)).toEqual(new Set(stored.ballots.map((b: any) => b.r)));
    // one participation record per voter
    const events = emu.store.all('audit').filter((a: any) => a.targetId === topicId && a.event?.type === 'poll_participated');
    expect(new Set(events.map((e: any) => e.event.sourceKey)).size).toBe(100);
    expect(events).toHaveLength(100);
  });

  it('a vote racing the close is either counted or refused, never lost', async () => {
    for (let round = 0; round < 3; round += 1) {
      const topicId = await openPoll({ rollType: 'residents' });
      const voters = people.slice(round * 30, round * 30 + 30);
      const votes = voters.map((p) => call(p.openid, 'castVote', { topicId, unitId: keyOf(p.id), choices: ['yes'], nonce: nonce() }));
      // the committee closes in the middle of it (retrying while votes keep moving the version)
      const close = (async () => {
        await new Promise((r) => setTimeout(r, round * 15));
        const requestId = rid('close');
        for (let i = 0; i < 50; i += 1) {
          const { answer } = await call(P.committee, 'closePoll', { topicId }, requestId);
          if (answer.ok) return answer.data;
          expect(answer.error!.code).toBe('conflict');
        }
        throw new Error('close never went through');
      })();
      const [answers, closed] = await Promise.all([Promise.all(votes), close]);
      const stored = topic(topicId);
      const published = new Set(stored.ballots.map((b: any) => b.r));
      let counted = 0;
      for (const { answer } of answers) {
        if (answer.ok) {
          counted += 1;
          expect(published.has(answer.data.receipt)).toBe(true);
        } else {
          expect(answer.error!.code).toBe('poll_closed');
        }
      }
      expect(closed.results.ballots).toBe(counted);
      expect(stored.poll.results.ballots).toBe(counted);
      expect(published.size).toBe(counted);
      expect(Object.values(stored.roll).filter((u: any) => u.v).length).toBe(counted);
    }
  });
});
