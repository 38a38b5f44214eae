/**
 * Counting (the timer's part of pollClock). The committee's closePoll moves the closing time to now; the
 * timer counts every poll whose closing time has passed, in steps that can each be run again:
 *   1. freeze — one update sets `open: false` on every unit that could still take a vote (or, in a poll
 *      that allows changes, a change): from then on none can land (each vote's update requires `open: true`
 *      on its unit), so a vote racing the close is either frozen in or refused (`poll_closed`) — never
 *      lost, never half counted;
 *   2. open the box — one aggregate brings every sealed ballot; they are opened with the poll's key,
 *      sorted by receipt and written as box documents of BOX_CHUNK ballots (deterministic: a re-run
 *      opens the same frozen ballots and writes only the documents still missing);
 *   3. count — one aggregate over the box groups the choices IN THE DATABASE; the count must find exactly
 *      the ballots the box was written with;
 *   4. publish — one compare-and-set writes the results while the poll is still open, removes the poll's
 *      wrapped key (the sealed ballots left on the units open for nobody from then on, master key or not;
 *      the database's history keeps the wrapped key — docs/ARCHITECTURE.md says what follows) and carries
 *      the count's audit record, appended right after (or by the next tick, if this one dies first).
 * Before step 2 the ballots exist only sealed, so no earlier version of any document links a voter to a
 * choice; the box never names a voter or a time, and its order is the receipts' order.
 */
import { auditRecord, roleAddress } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { appendStoredRecord, BOX_CHUNK, boxDocId, DELIB, optionIdsOf, pendingAuditSet, pendingKeyOf, unitsLookup, type Ballot, type BoxDoc, type TopicDoc } from './model';
import { decide, turnoutPermille, type PollResults } from './rules';
import { masterKey, openBallot, unwrapPollKey } from './seal';
import { TOPIC_TRANSITIONS } from './states';

function resultsOf(topic: TopicDoc, counts: Record<string, number>, ballots: number, now: number): PollResults {
  const poll = topic.poll!;
  const optionIds = optionIdsOf(poll);
  const full = Object.fromEntries(optionIds.map((id) => [id, counts[id] ?? 0]));
  const rollSize = poll.rollSize ?? 0;
  const outcome = decide({ kind: poll.kind, optionIds, maxChoices: poll.maxChoices, quorum: poll.quorum, threshold: poll.threshold, rollSize, ballots, counts: full });
  return { ...outcome, rollSize, ballots, counts: full, turnoutPermille: turnoutPermille(ballots, rollSize), countedAt: now };
}

function summaryOf(topic: TopicDoc, r: PollResults): string {
  const unit = topic.poll!.rollType === 'households' ? '户' : '人';
  return `表决「${topic.poll!.question}」计票：应投 ${r.rollSize} ${unit}，实投 ${r.ballots} ${unit}，${r.quorumMet ? '达到' : '未达到'}参加人数要求，${r.passed ? '通过' : '未通过'}`;
}

/** Steps 1–2: freeze the roll, open every sealed ballot, write the box. Answers the number of ballots. */
async function writeBox(ctx: Ctx, topic: TopicDoc): Promise<number> {
  const poll = topic.poll!;
  const rollId = poll.rollId!;
  const pollKey = unwrapPollKey(masterKey(), topic._id, poll.wrappedKey!);
  // a unit that voted in a poll without changes takes nothing more: only the others need freezing
  await ctx.store.updateWhere(DELIB, { topicId: topic._id, kind: 'unit', rollId, open: true, ...(poll.changeable ? {} : { v: false }) }, { $set: { open: false } });
  const [row] = await ctx.store.aggregate(DELIB, [
    { $match: { _id: topic._id } },
    { $limit: 1 },
    { $project: { _id: 1, poll: 1 } },
    unitsLookup(topic._id, { v: true }, [{ $project: { _id: 1, sealed: 1 } }], '_sealed'),
    { $lookup: { from: DELIB, pipeline: [{ $match: { topicId: topic._id, kind: 'box', rollId } }, { $project: { _id: 1 } }], as: '_box' } },
  ]);
  const sealed = (row?._sealed as { _id: string; sealed: string | null }[] | undefined) ?? [];
  const optionIds = optionIdsOf(poll);
  const ballots: Ballot[] = sealed.map((u) => {
    // a voted unit without its sealed ballot before the box exists cannot happen: stop rather than miscount
    if (!u.sealed) throw new Error(`count ${topic._id}: unit ${u._id} voted without a sealed ballot`);
    const b = openBallot(pollKey, u._id, u.sealed, optionIds);
    return { r: b.receipt, c: b.choices };
  });
  ballots.sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0));
  const written = new Set(((row?._box as { _id: string }[] | undefined) ?? []).map((b) => b._id));
  const box: BoxDoc[] = [];
  for (let i = 0; i * BOX_CHUNK < ballots.length; i += 1) {
    const part = ballots.slice(i * BOX_CHUNK, (i + 1) * BOX_CHUNK);
    const doc: BoxDoc = { _id: boxDocId(topic._id, i), kind: 'box', villageId: topic.villageId, topicId: topic._id, rollId, n: part.length, ballots: part };
    if (!written.has(doc._id)) box.push(doc);
  }
  await ctx.store.createMany(DELIB, box);
  return ballots.length;
}

/** Step 4: the box counted by the database — choices per option, and ballots (each counted by its first choice). */
async function countBox(ctx: Ctx, topic: TopicDoc): Promise<{ counts: Record<string, number>; ballots: number }> {
  const rows = await ctx.store.aggregate(DELIB, [
    { $match: { topicId: topic._id, kind: 'box', rollId: topic.poll!.rollId } },
    { $unwind: '$ballots' },
    { $unwind: { path: '$ballots.c', includeArrayIndex: 'ci' } },
    { $group: { _id: '$ballots.c', n: { $sum: 1 }, firsts: { $sum: { $cond: [{ $eq: ['$ci', 0] }, 1, 0] } } } },
  ]);
  const counts: Record<string, number> = {};
  let ballots = 0;
  for (const row of rows) {
    if (typeof row._id !== 'string') continue;
    counts[row._id] = Number(row.n);
    ballots += Number(row.firsts);
  }
  return { counts, ballots };
}

/** timer: count a poll whose closing time has passed. Every step may be run again; answers whether it published. */
export async function countDue(ctx: Ctx, topic: TopicDoc, notify: string[]): Promise<boolean> {
  const poll = topic.poll;
  if (!poll || poll.state !== 'open' || ctx.now < poll.closesAt || !poll.rollId) return false;
  // re-run from the start after a stop: the frozen units' sealed ballots give the same box, and only missing documents are written
  const expected = await writeBox(ctx, topic);
  const { counts, ballots } = await countBox(ctx, topic);
  if (ballots !== expected) throw new Error(`count ${topic._id}: the box holds ${ballots} ballots, ${expected} were written`);
  const results = resultsOf(topic, counts, ballots, ctx.now);
  // the record rides on the publishing write: a tick that dies right after it loses nothing (the next appends it)
  const record = auditRecord(ctx, {
    villageId: topic.villageId,
    actorId: 'system',
    actorName: '系统',
    targetId: topic._id,
    summary: `${poll.closedBy ? '表决已提前截止，' : '到截止时间，'}${summaryOf(topic, results)}`,
    details: { ballots: results.ballots, rollSize: results.rollSize, quorumMet: results.quorumMet, passed: results.passed },
    notify: [roleAddress('committee', topic.villageId), topic.proposerId, ...notify],
  });
  const published = await ctx.store.updateWhere(
    DELIB,
    { _id: topic._id, 'poll.state': 'open', 'poll.rollId': poll.rollId, state: { $in: [...TOPIC_TRANSITIONS.count.from] } },
    {
      $set: {
        state: TOPIC_TRANSITIONS.count.to,
        'poll.state': 'counted',
        'poll.results': results,
        'poll.nBallots': ballots,
        'poll.boxedAt': ctx.now,
        'poll.closedAt': ctx.now,
        'poll.closedBy': poll.closedBy ?? 'system',
        // the ballots are in the box: the key that opens the sealed copies goes
        'poll.wrappedKey': null,
        updatedAt: ctx.now,
        ...pendingAuditSet(record, ctx.now),
      },
    },
  );
  if (published !== 1) return false;
  await appendStoredRecord(ctx, record);
  // off the topic (auditDueAt stays: the next tick clears it, with anything else still waiting there)
  await ctx.store.updateWhere(DELIB, { _id: topic._id }, { $unset: { [`pendingAudit.${pendingKeyOf(record._id)}`]: true } });
  return true;
}
