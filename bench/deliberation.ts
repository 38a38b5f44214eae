/**
 * poll_tally_ms: closing a poll whose box holds 5,000 ballots, through the built function — the count is
 * one DB aggregate (unwind + group) inside the invocation, never a fetch of every ballot. The topic, its
 * 5,000-unit roll and the ballots are written straight into the store (setup is not measured); the poll's
 * closing time has passed and the timer's invocation counts it. Also: vote_ms, one vote into that box.
 */
import { createHash } from 'node:crypto';
import { startDemoEmulator } from '../demo/start-demo';
import { DELIB, keyOf, receiptOf, commitmentOf, type RollEntry, type TopicDoc } from '../server/deliberation/model';

const BALLOTS = 5000;

export async function run(): Promise<Record<string, number>> {
  const { emu } = await startDemoEmulator();
  try {
    const now = emu.clock.now();
    const topicId = 'qingshi:t:bench-tally';
    const roll: Record<string, RollEntry> = {};
    const ballots: { r: string; c: string[] }[] = [];
    const choices = ['yes', 'no', 'abstain'];
    for (let i = 0; i < BALLOTS + 1; i += 1) {
      // the last one on the roll is a real member (王小梅), who casts the measured vote
      const id = i < BALLOTS ? `qingshi:u:bench-${i}` : 'qingshi:u:demo-resident';
      const nonce = createHash('sha256').update(`bench|${i}`).digest('base64url').slice(0, 32);
      const voted = i < BALLOTS;
      roll[keyOf(id)] = { p: { [keyOf(id)]: `村民${i}` }, l: `村民${i}`, h: null, g: 'qingshi:g1', ol: [], el: [], v: voted, by: voted ? id : null, byName: voted ? `村民${i}` : null, via: voted ? 'self' : null, ab: null, consent: null, c: voted ? commitmentOf(topicId, nonce) : null, k: null, ch: null, s: {} };
      if (voted) ballots.push({ r: receiptOf(topicId, nonce), c: [choices[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]] });
    }
    ballots.sort((a, b) => a.r.localeCompare(b.r));
    const topic: TopicDoc = {
      _id: topicId,
      kind: 'topic',
      villageId: 'qingshi',
      title: '基准测试：五千票计票',
      body: '—',
      proposerId: 'qingshi:u:demo-committee',
      proposerName: '陈国强',
      byCommittee: true,
      state: 'voting',
      secondsNeeded: 1,
      secondCount: 0,
      seconders: [],
      agendaAt: now,
      agendaBy: 'committee',
      declineReason: null,
      poll: {
        kind: 'approve',
        question: '同意吗？',
        options: [{ id: 'yes', label: '赞成' }, { id: 'no', label: '反对' }, { id: 'abstain', label: '弃权' }],
        maxChoices: 1,
        rollType: 'residents',
        council: [],
        quorum: { kind: 'more_than_half' },
        threshold: 'majority_cast',
        secret: true,
        changeable: false,
        opensAt: now - 3600_000,
        closesAt: now + 60_000,
        remindAt: now + 60_000,
        remindedAt: now,
        state: 'open',
        openedAt: now - 3600_000,
        rollSize: BALLOTS + 1,
        nBallots: BALLOTS,
        scheduledBy: 'qingshi:u:demo-committee',
        closedAt: null,
        closedBy: null,
        results: null,
      },
      roll,
      ballots,
      outcome: null,
      version: BALLOTS,
      createdAt: now,
      updatedAt: now,
    };
    emu.store.put(DELIB, topic as never);

    // one more vote into the full box (the last person on the roll)
    const voter = 'demo-resident';
    const v0 = Date.now();
    const vote = await emu.invoke('deliberation', { action: 'castVote', payload: { villageId: 'qingshi', topicId, unitId: keyOf(`qingshi:u:${voter}`), choices: ['yes'], nonce: 'bench-last-voter-nonce-0000' }, requestId: 'bench-vote-1' }, { openid: voter });
    const voteMs = Date.now() - v0;
    if (!(vote.result as { ok?: boolean })?.ok) throw new Error(`bench vote failed: ${JSON.stringify(vote.result ?? vote.errMsg)}`);

    emu.clock.advance(2 * 60_000);
    const t0 = Date.now();
    const tick = await emu.invoke('deliberation', { Type: 'Timer', TriggerName: 'pollClock', Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
    const tallyMs = Date.now() - t0;
    const stored = emu.store.all(DELIB).find((d) => d._id === topicId) as unknown as TopicDoc;
    const results = stored.poll?.results;
    if (!results || results.ballots !== BALLOTS + 1) throw new Error(`bench tally wrong: ${JSON.stringify(tick.result ?? tick.errMsg)}`);
    console.log(`poll_tally_ms ${tallyMs}（${results.ballots} 票：${JSON.stringify(results.counts)}，${results.passed ? '通过' : '未通过'}）; vote_ms ${voteMs}（${vote.dbCalls} 次数据库往返）`);
    return { poll_tally_ms: tallyMs, poll_vote_into_5000_ms: voteMs, poll_vote_db_round_trips: vote.dbCalls };
  } finally {
    await emu.close();
  }
}

if (require.main === module) {
  run()
    .then((r) => console.log(r))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
