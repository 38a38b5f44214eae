/**
 * Polls at village scale, through the built function in the emulator:
 *   poll_open_5000_ms          the committee opens a residents' poll over 5,000 + the demo's residents (the
 *                              roll written as one document per unit, in one request) — printed, no goal;
 *   poll_vote_into_5000_ms     one vote into that roll with ~4,700 units already voted: the median of 5
 *                              voters (warm instances), and its DB round trips (poll_vote_db_round_trips);
 *   poll_burst_300_errors      300 more voters of the same poll within one minute, 20 at a time (a basic
 *                              environment's instances per function): answers that are not ok, plus any
 *                              voter not counted exactly once at the end; poll_burst_300_ms how long it took;
 *   poll_tally_ms              the timer's count of the closed poll: freeze, open every sealed ballot into
 *                              the box, count the box in the database, publish;
 *   poll_get_topic_5000_ms     a voter's page of that poll (the units voted counted by the database) — printed.
 * Setup that is not measured (5,000 people in the register, 4,400 votes) is written straight into the
 * store, exactly as the function writes it (seal.ts with the emulator's ballot key).
 */
import { createHash } from 'node:crypto';
import { startDemoEmulator } from '../demo/start-demo';
import { ballotKeyOf, commitmentOf, DELIB, keyOf, receiptOf, type TopicDoc, type UnitDoc } from '../server/deliberation/model';
import { masterKey, sealBallot, unwrapPollKey } from '../server/deliberation/seal';

const Q = 'qingshi';
const PEOPLE = 5000;
const PREFILLED = 4400;
const BURST = 300;
const BURST_CONCURRENCY = 20;
const COMMITTEE = 'demo-committee';
const MEASURED = ['demo-resident', 'demo-elder', 'demo-gridworker', 'demo-qingshi-h03-7', 'demo-qingshi-h06-12'];

const nonceOf = (label: string) => createHash('sha256').update(`bench|${label}`).digest('base64url').slice(0, 32);
const benchOpenid = (i: number) => `bench-${i}`;

export async function run(): Promise<Record<string, number>> {
  const { emu } = await startDemoEmulator();
  let seq = 0;
  const call = async (openid: string, action: string, payload: Record<string, unknown>) => {
    const t0 = Date.now();
    const answer = await emu.invoke('deliberation', { action, payload: { villageId: Q, ...payload }, requestId: `bench-delib-${++seq}` }, { openid });
    const result = answer.result as { ok?: boolean; data?: any; error?: { code: string } } | undefined;
    return { ok: result?.ok === true, data: result?.data, code: result?.error?.code ?? answer.errMsg, dbCalls: answer.dbCalls, ms: Date.now() - t0 };
  };
  const must = async (openid: string, action: string, payload: Record<string, unknown>) => {
    const out = await call(openid, action, payload);
    if (!out.ok) throw new Error(`bench ${action} failed: ${out.code}`);
    return out;
  };
  try {
    const now = emu.clock.now();
    for (let i = 0; i < PEOPLE; i += 1) {
      emu.store.put('register', {
        _id: `${Q}:u:${benchOpenid(i)}`,
        kind: 'person',
        villageId: Q,
        openid: benchOpenid(i),
        offline: false,
        status: 'active',
        roles: ['resident'],
        gridIds: [],
        name: `村民${i}`,
        elderly: false,
        householdId: `${Q}:h:bench-${Math.floor(i / 3)}`,
        gridId: `${Q}:g${1 + (i % 4)}`,
        createdAt: now,
        updatedAt: now,
      });
    }
    const topic = await must(COMMITTEE, 'proposeTopic', { title: '基准：五千人表决', body: '五千人的名册，投票和计票的耗时。' });
    const topicId = topic.data.topicId as string;
    await must(COMMITTEE, 'putOnAgenda', { topicId });
    const opened = await must(COMMITTEE, 'schedulePoll', {
      topicId,
      poll: { kind: 'approve', question: '同意吗？', rollType: 'residents', quorum: { kind: 'more_than_half' }, threshold: 'majority_cast', secret: true, changeable: true, closesAt: now + 2 * 24 * 3600_000 },
    });
    const rollSize = opened.data.rollSize as number;

    // 4,400 votes already in, written as castVote writes them
    const stored = emu.store.all(DELIB).find((d) => d._id === topicId) as unknown as TopicDoc;
    const poll = stored.poll!;
    const pollKey = unwrapPollKey(masterKey(), topicId, poll.wrappedKey!);
    const optionIds = poll.options.map((o) => o.id);
    const prefilledChoices: Record<string, number> = { yes: 0, no: 0, abstain: 0 };
    const units = new Map((emu.store.all(DELIB).filter((d) => d.kind === 'unit' && d.topicId === topicId) as UnitDoc[]).map((u) => [u.unit, u]));
    emu.store.atomically(() => {
      for (let i = 0; i < PREFILLED; i += 1) {
        const id = `${Q}:u:${benchOpenid(i)}`;
        const unit = units.get(keyOf(id))!;
        const nonce = nonceOf(`pre-${i}`);
        const choice = optionIds[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0];
        prefilledChoices[choice] += 1;
        emu.store.put(DELIB, {
          ...unit,
          v: true,
          by: id,
          byName: unit.p[keyOf(id)],
          via: 'self',
          c: commitmentOf(topicId, nonce),
          k: ballotKeyOf(topicId, nonce, [choice]),
          sealed: sealBallot(pollKey, unit._id, { receipt: receiptOf(topicId, nonce), choices: [choice] }, optionIds, ballotKeyOf(topicId, nonce, [choice])),
        });
      }
    });

    // warm the instances, then the measured votes, one at a time
    await Promise.all(Array.from({ length: 4 }, () => call(MEASURED[0], 'getSettings', {})));
    const measured: { ms: number; dbCalls: number }[] = [];
    for (const [i, openid] of MEASURED.entries()) {
      const vote = await must(openid, 'castVote', { topicId, unitId: keyOf(`${Q}:u:${openid}`), choices: ['yes'], nonce: nonceOf(`measured-${i}`) });
      measured.push({ ms: vote.ms, dbCalls: vote.dbCalls });
    }
    const voteMs = [...measured].sort((a, b) => a.ms - b.ms)[Math.floor(measured.length / 2)].ms;
    const voteTrips = Math.max(...measured.map((m) => m.dbCalls));

    // a voter opens the poll's page: the units voted are counted by the database
    const page = await must(MEASURED[0], 'getTopic', { topicId });
    const getTopicMs = page.ms;

    // the burst: 300 voters, 20 at a time
    const burst = Array.from({ length: BURST }, (_, k) => PREFILLED + k);
    let errors = 0;
    const b0 = Date.now();
    for (let k = 0; k < burst.length; k += BURST_CONCURRENCY) {
      const wave = burst.slice(k, k + BURST_CONCURRENCY);
      const answers = await Promise.all(
        wave.map((i) => call(benchOpenid(i), 'castVote', { topicId, unitId: keyOf(`${Q}:u:${benchOpenid(i)}`), choices: [i % 2 ? 'no' : 'yes'], nonce: nonceOf(`burst-${i}`) })),
      );
      errors += answers.filter((a) => !a.ok).length;
    }
    const burstMs = Date.now() - b0;
    if (burstMs > 60_000) errors += BURST; // not within one minute: the goal fails loudly

    // close and count
    await must(COMMITTEE, 'closePoll', { topicId });
    const t0 = Date.now();
    const tick = await emu.invoke('deliberation', { Type: 'Timer', TriggerName: 'pollClock', Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
    const tallyMs = Date.now() - t0;
    const counted = emu.store.all(DELIB).find((d) => d._id === topicId) as unknown as TopicDoc;
    const results = counted.poll?.results;
    const expected = PREFILLED + BURST + MEASURED.length;
    if (!results) throw new Error(`bench tally failed: ${JSON.stringify(tick.result ?? tick.errMsg)}`);
    // every burst voter counted exactly once: the box holds exactly the units that voted
    const voted = emu.store.all(DELIB).filter((d) => d.kind === 'unit' && d.topicId === topicId && d.v).length;
    errors += Math.abs(results.ballots - expected) + Math.abs(voted - expected);
    const expectedYes = prefilledChoices.yes + MEASURED.length + burst.filter((i) => i % 2 === 0).length;
    if (results.counts.yes !== expectedYes) errors += Math.abs(results.counts.yes - expectedYes);

    console.log(
      `poll_open_5000_ms ${opened.ms}（名册 ${rollSize} 人，${opened.dbCalls} 次往返）; poll_vote_into_5000_ms ${voteMs}（5 票中位数，${voteTrips} 次往返）; ` +
        `poll_get_topic_5000_ms ${getTopicMs}; poll_burst_300: ${BURST} 票 ${burstMs} ms，错误 ${errors}; poll_tally_ms ${tallyMs}（${results.ballots} 票：${JSON.stringify(results.counts)}）`,
    );
    return {
      poll_open_5000_ms: opened.ms,
      poll_vote_into_5000_ms: voteMs,
      poll_vote_db_round_trips: voteTrips,
      poll_burst_300_errors: errors,
      poll_burst_300_ms: burstMs,
      poll_tally_ms: tallyMs,
      poll_get_topic_5000_ms: getTopicMs,
    };
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
