/**
 * The built `deliberation` bundle (cloudfunctions/deliberation/index.js) in the emulator's function host,
 * through the real wx-server-sdk ($lookup reads with computed unit ids, the roll in one createMany, the
 * count as a DB aggregate): the walk, bad input, 100 concurrent double submissions, votes racing
 * the count, the database's history (the SQLite WAL) read by an attacker, the timer on the emulator clock,
 * the H5 route and the round-trip budget.
 * Each check reads the store afterwards: an answer alone could hide a half-written state.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_OPENIDS as P } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { personas } from '../../demo/personas';
import { deliberationTour } from '../../demo/deliberation-tour';
import { deliberationActions } from '../../server/deliberation/spec';
import { ballotKeyOf, commitmentOf, keyOf, receiptOf } from '../../server/deliberation/model';
import { masterKey, openBallot, unwrapPollKey } from '../../server/deliberation/seal';
import { MemoryStore } from '../../server/kernel/memory-store';
import { SqliteStore } from '../../emulator/store/sqlite-store';
import { linkVotersToChoices, versionsFromWal } from '../unit/deliberation/history-attack';
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
  /** the units of a topic's current roll, by unit key */
  const units = (id: string): Record<string, any> => {
    const rollId = topic(id).poll?.rollId;
    return Object.fromEntries(getEmu().store.all('delib').filter((d) => d.kind === 'unit' && d.topicId === id && d.rollId === rollId).map((u) => [u.unit, u]));
  };
  /** the published box, in stored order */
  const box = (id: string): { r: string; c: string[] }[] =>
    getEmu()
      .store.all('delib')
      .filter((d) => d.kind === 'box' && d.topicId === id)
      .sort((a, b) => a._id.localeCompare(b._id, 'en', { numeric: true }))
      .flatMap((b) => b.ballots);
  /** the poll timer, as its trigger fires it */
  const tick = async () => {
    const out = await getEmu().invoke('deliberation', { Type: 'Timer', TriggerName: 'pollClock', Time: new Date(getEmu().clock.now()).toISOString() }, { openid: '' });
    return out.result as AnswerBody;
  };
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
  return { call, ok, codeOf, topic, units, box, tick, openPoll };
}

describe('deliberation in the emulator', () => {
  let emu: Emulator;
  const { call, ok, codeOf, topic, units, box, tick, openPoll } = client(() => emu);

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
    expect(Object.keys(units(voting._id))).toHaveLength(32);
    expect(Object.values(units(voting._id)).filter((u) => u.v)).toHaveLength(12);
    // the opening's audit record reached the trail (the timer appended it)
    expect(Object.keys(voting.pendingAudit ?? {})).toEqual([]);
    expect(emu.store.all('audit').some((a) => a.targetId === voting._id && a.action === 'schedulePoll')).toBe(true);
    // the sealed ballots open with the key the emulator hands the function (the demo was seeded with it)
    const sealedUnit = Object.values(units(voting._id)).find((u) => u.v)!;
    expect(openBallot(unwrapPollKey(masterKey(), voting._id, voting.poll.wrappedKey), sealedUnit._id, sealedUnit.sealed, ['yes', 'no', 'abstain']).choices).toHaveLength(1);
    const decided = topics.find((t) => t.state === 'decided');
    expect(decided.poll.results).toMatchObject({ quorumMet: true, passed: true, winners: ['o2'] });
    expect(countBallots(['o1', 'o2', 'o3'], box(decided._id).map((b) => ({ choices: b.c })))).toEqual(decided.poll.results.counts);
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
    const before = JSON.stringify([topic(topicId), units(topicId)]);
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
    expect(JSON.stringify([topic(topicId), units(topicId)])).toBe(before);

    const n = nonce();
    await ok(P.resident, 'castVote', { topicId, unitId, choices: ['o2', 'o1'], nonce: n });
    expect(await codeOf(P.resident, 'castVote', { topicId, unitId, choices: ['o3'], nonce: nonce() })).toBe('already_voted');
    expect(await codeOf(P.resident, 'castVote', { topicId, unitId, choices: ['o3'], nonce: n, change: true })).toBe('vote_not_changeable');
    await ok(P.committee, 'closePoll', { topicId });
    expect(await codeOf(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${P.elder}`), choices: ['o1'], nonce: nonce() })).toBe('poll_closed');
    expect((await tick()).data.counted).toContain(topicId);
    expect(box(topicId)).toEqual([{ r: receiptOf(topicId, n), c: ['o1', 'o2'] }]);
  });

  it('what a vote stores through the real SDK: its unit only — participation, hashes of the nonce, the sealed ballot; no marker', async () => {
    const topicId = await openPoll({ rollType: 'households', secret: true });
    const voters: [string, string][] = [
      ['h03', P.gridWorker],
      ['h04', P.committee],
      ['h06', 'demo-qingshi-h06-12'],
      ['h07', 'demo-qingshi-h07-15'],
    ];
    const topicBefore = JSON.stringify(topic(topicId));
    const arrival: string[] = [];
    for (const [i, [h, openid]] of voters.entries()) {
      const n = nonce();
      const choice = i < 2 ? 'yes' : 'no';
      const out = await ok(openid, 'castVote', { topicId, unitId: keyOf(`${Q}:h:${h}`), choices: [choice], nonce: n });
      arrival.push(out.receipt);
      const unit = units(topicId)[keyOf(`${Q}:h:${h}`)];
      expect(unit).toMatchObject({ v: true, ch: null, c: commitmentOf(topicId, n), k: ballotKeyOf(topicId, n, [choice]), open: true });
      expect(JSON.stringify(unit)).not.toContain(out.receipt);
      expect(JSON.stringify(unit)).not.toMatch(/"(yes|no|abstain)"/);
    }
    // the topic is not touched by a vote: no marker, no counter, no ballot
    expect(JSON.stringify(topic(topicId))).toBe(topicBefore);
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
    const userActions = Object.entries(deliberationActions).filter(([, def]) => def.who !== 'timer').map(([a]) => a);
    expect(new Set(steps.map((s) => s.action))).toEqual(new Set(userActions));
  });
});

describe('races in the emulator (worker threads)', () => {
  let emu: Emulator;
  const { call, ok, topic, units, box, tick, openPoll } = client(() => emu);
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
    const roll = units(topicId);
    expect(people.every((p) => roll[keyOf(p.id)].v === true)).toBe(true);
    expect((await ok(P.committee, 'getTopic', { topicId })).poll.ballots).toBe(100);
    await ok(P.committee, 'closePoll', { topicId });
    expect((await tick()).data.counted).toContain(topicId);
    const ballots = box(topicId);
    expect(ballots).toHaveLength(100);
    expect(topic(topicId).poll.nBallots).toBe(100);
    expect(new Set(ballots.map((b) => b.r)).size).toBe(100);
    // the ballot of every voter is the one their accepted answer named
    const accepted = answers.filter((x) => x.ok).map((x) => x.data.receipt);
    expect(new Set(accepted)).toEqual(new Set(ballots.map((b) => b.r)));
    // one participation record per voter
    const events = emu.store.all('audit').filter((a: any) => a.targetId === topicId && a.event?.type === 'poll_participated');
    expect(new Set(events.map((e: any) => e.event.sourceKey)).size).toBe(100);
    expect(events).toHaveLength(100);
  });

  it('a vote racing the close and the count is either counted or refused, never lost', async () => {
    for (let round = 0; round < 3; round += 1) {
      const topicId = await openPoll({ rollType: 'residents' });
      const voters = people.slice(round * 30, round * 30 + 30);
      const votes = voters.map((p) => call(p.openid, 'castVote', { topicId, unitId: keyOf(p.id), choices: ['yes'], nonce: nonce() }));
      // the committee closes in the middle of it, and the timer counts at once (freezing the roll under the votes)
      const counted = (async () => {
        await new Promise((r) => setTimeout(r, round * 15));
        await ok(P.committee, 'closePoll', { topicId });
        const t = await tick();
        if (!t.ok || !t.data.counted.includes(topicId)) throw new Error(`not counted: ${JSON.stringify(t)}`);
      })();
      const [answers] = await Promise.all([Promise.all(votes), counted]);
      const stored = topic(topicId);
      const published = new Set(box(topicId).map((b) => b.r));
      let accepted = 0;
      for (const { answer } of answers) {
        if (answer.ok) {
          accepted += 1;
          expect(published.has(answer.data.receipt)).toBe(true);
        } else {
          expect(answer.error!.code).toBe('poll_closed');
        }
      }
      expect(stored.poll.results.ballots).toBe(accepted);
      expect(published.size).toBe(accepted);
      expect(Object.values(units(topicId)).filter((u: any) => u.v).length).toBe(accepted);
    }
  });
});

describe('the database history (issue 16, finding 7): the SQLite WAL read frame by frame', () => {
  let emu: Emulator;
  let dataDir: string;
  const { ok, topic, units, box, tick, openPoll } = client(() => emu);
  const OPTIONS = ['yes', 'no', 'abstain'];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cunqun-wal-'));
    emu = await startTestEmulator({ personas, dataDir });
    // the worst case for the voters: the log keeps every version (no checkpoint ever recycles it)
    emu.store.db.pragma('wal_autocheckpoint = 0');
    await seedDemo(sdkFor(emu).database(), emu.clock.now());
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('five voters: every vote and the count are in the log, and no voter can be linked to a choice — except with the function\'s key', async () => {
    const topicId = await openPoll({ rollType: 'households', secret: true });
    // the poll's wrapped key as any copy of the topic from before the count holds it
    const wrappedKey = topic(topicId).poll.wrappedKey as string;
    const voters: [string, string, string][] = [
      ['h03', P.gridWorker, 'yes'],
      ['h04', P.committee, 'no'],
      ['h06', 'demo-qingshi-h06-12', 'yes'],
      ['h07', 'demo-qingshi-h07-15', 'abstain'],
      ['h08', 'demo-qingshi-h08-17', 'yes'],
    ];
    const truth = new Map<string, { r: string; c: string[] }>();
    for (const [h, openid, choice] of voters) {
      const out = await ok(openid, 'castVote', { topicId, unitId: keyOf(`${Q}:h:${h}`), choices: [choice], nonce: nonce() });
      truth.set(`${Q}:u:${openid}`, { r: out.receipt, c: [choice] });
    }
    await ok(P.committee, 'closePoll', { topicId });
    expect((await tick()).data.counted).toContain(topicId);
    expect(box(topicId)).toHaveLength(5);

    const history = versionsFromWal(join(dataDir, 'cunqun.sqlite-wal')).filter((v) => v.id.startsWith(topicId));
    const attack = linkVotersToChoices(history, OPTIONS);
    // the log does hold it all: each voter's mark, and every ballot once the box is written
    expect(attack.votersSeen).toBe(5);
    expect(attack.ballotsSeen).toBe(5);
    // …but no write pins a ballot on a voter: the five ballots appear together, after all five marks
    expect(attack.links.size).toBe(0);
    expect(attack.smallestCrowd).toBe(5);
    // no version of a unit, in any frame, holds a receipt or a choice in clear
    for (const v of history.filter((x) => x.doc.kind === 'unit')) {
      const text = JSON.stringify(v.doc);
      for (const { r } of truth.values()) expect(text).not.toContain(r);
      expect(v.doc.ch ?? null).toBeNull();
    }

    // what the key adds: whoever holds the function's CUNQUN_BALLOT_KEY as well as the log opens every
    // sealed ballot written in a vote's frame — the reason the key lives outside the database
    const pollKey = unwrapPollKey(masterKey(), topicId, wrappedKey);
    const opened = new Map<string, { r: string; c: string[] }>();
    for (const v of history) {
      if (v.doc.kind !== 'unit' || !v.doc.sealed || !v.doc.by) continue;
      const b = openBallot(pollKey, v.doc._id, v.doc.sealed, OPTIONS);
      opened.set(v.doc.by, { r: b.receipt, c: b.choices });
    }
    expect(opened).toEqual(truth);
    // the current data holds the sealed copies but not the poll's key any more: the master key alone opens nothing
    expect(topic(topicId).poll.wrappedKey).toBeNull();
    expect(Object.values(units(topicId)).filter((u) => u.sealed)).toHaveLength(5);
  });

  it('the same attack on the old design (roll and box in the topic, one write marking the voter and adding the ballot) links all five', async () => {
    // The old castVote's update (commit 72dbaa0, server/deliberation/poll.ts), re-enacted on a topic document
    // of that shape and stored in a WAL-mode SQLite database as the emulator stored it.
    const dir = mkdtempSync(join(tmpdir(), 'cunqun-wal-old-'));
    const sqlite = new SqliteStore(dir);
    try {
      sqlite.db.pragma('wal_autocheckpoint = 0');
      sqlite.ensureCollection('delib');
      const memory = new MemoryStore();
      const topicId = `${Q}:t:old-design`;
      const voters = ['h03', 'h04', 'h06', 'h07', 'h08'].map((h, i) => ({ id: `${Q}:u:voter-${h}`, unit: keyOf(`${Q}:h:${h}`), choice: OPTIONS[i % 3], nonce: nonce() }));
      const roll = Object.fromEntries(voters.map((v) => [v.unit, { p: { [keyOf(v.id)]: v.id }, l: v.unit, h: null, g: null, ol: [], el: [], v: false, by: null, byName: null, via: null, ab: null, consent: null, c: null, k: null, ch: null, s: {} }]));
      const doc = { _id: topicId, kind: 'topic', villageId: Q, state: 'voting', poll: { state: 'open', nBallots: 0 }, roll, ballots: [] as unknown[], version: 0, updatedAt: 0 };
      memory.seed('delib', [doc]);
      sqlite.put('delib', doc);
      const truth = new Map<string, { r: string; c: string[] }>();
      for (const [i, v] of voters.entries()) {
        const r = receiptOf(topicId, v.nonce);
        truth.set(v.id, { r, c: [v.choice] });
        const at = `roll.${v.unit}`;
        await memory.updateWhere('delib', { _id: topicId, [`${at}.v`]: false }, {
          $set: { [`${at}.v`]: true, [`${at}.by`]: v.id, [`${at}.byName`]: v.id, [`${at}.via`]: 'self', [`${at}.c`]: commitmentOf(topicId, v.nonce), [`${at}.k`]: ballotKeyOf(topicId, v.nonce, [v.choice]), [`${at}.ch`]: null, updatedAt: i + 1 },
          $inc: { 'poll.nBallots': 1, version: 1 },
          $push: { ballots: { $each: [{ r, c: [v.choice] }], $position: Math.floor(Math.random() * (i + 1)) } },
        });
        sqlite.put('delib', (await memory.get('delib', topicId))!);
      }
      const attack = linkVotersToChoices(versionsFromWal(join(dir, 'cunqun.sqlite-wal')), OPTIONS);
      expect(attack.links).toEqual(truth);
    } finally {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the board\'s 议事 stamp moves with every change the topic list shows, and is null while a poll is open', async () => {
    const stamp = async () => {
      const out = await emu.invoke('patrol', { action: 'listBoard', payload: { villageId: Q }, requestId: rid('board') }, { openid: P.elder });
      return (out.result as { data: { tabStamps: { topics: string | null } } }).data.tabStamps.topics;
    };
    const list = async () => JSON.stringify((await ok(P.elder, 'listTopics', { pageSize: 50 })).items);
    // the demo's household poll is open: my household's vote may come from another phone
    expect(emu.store.all('delib').some((d) => d.kind === 'topic' && d.villageId === Q && d.poll?.state === 'open')).toBe(true);
    expect(await stamp()).toBeNull();
    // every poll closes and is counted (the longest closes within a week)
    emu.clock.advance(10 * DAY);
    await emu.runDueTimers();
    let before = { stamp: await stamp(), list: await list() };
    expect(before.stamp).toMatch(/^[0-9a-f]{12}$/);
    expect(await stamp()).toBe(before.stamp);
    const step = async (label: string, act: () => Promise<unknown>, expectNull = false) => {
      await act();
      const after = { stamp: await stamp(), list: await list() };
      expect([label, after.list === before.list]).toEqual([label, false]);
      if (expectNull) expect([label, after.stamp]).toEqual([label, null]);
      else expect([label, after.stamp === before.stamp]).toEqual([label, false]);
      before = after;
    };
    let topicId = '';
    await step('propose', async () => (topicId = (await ok(P.resident, 'proposeTopic', { title: '村口加装路灯', body: '晚上路口太黑，建议加装两盏路灯。' })).topicId));
    await step('second', () => ok('demo-qingshi-h03-7', 'secondTopic', { topicId }));
    await step('agenda', () => ok(P.committee, 'putOnAgenda', { topicId }));
    const opensAt = emu.clock.now() + 2 * HOUR;
    const poll = { kind: 'approve', question: '同意加装路灯吗？', rollType: 'households', quorum: { kind: 'none' }, threshold: 'majority_cast', secret: true, changeable: false, opensAt, closesAt: opensAt + DAY };
    await step('scheduled', () => ok(P.committee, 'schedulePoll', { topicId, poll }));
    await step('opened', async () => {
      emu.clock.advance(2 * HOUR + 60_000);
      await emu.runDueTimers();
    }, true);
    // a vote of my household changes what my list shows, and the stamp is still null
    await ok(P.elder, 'castVote', { topicId, unitId: keyOf(`${Q}:h:h02`), choices: ['yes'], nonce: nonce() });
    expect(await stamp()).toBeNull();
    await step('counted', async () => {
      emu.clock.advance(DAY);
      await emu.runDueTimers();
    });
  });
});
