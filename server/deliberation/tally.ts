/**
 * Closing = counting. One aggregate unwinds the ballot box and groups it by choice IN THE DATABASE
 * (never fetching every ballot), carrying the topic's state and `version` from the same snapshot of the
 * same document; one compare-and-set then writes the results on that version while the poll is still
 * open. Every vote bumps `version`, so a vote that lands between the count and the write makes the write
 * fail (retry): a vote racing the close is either in the count or refused by the state check — never
 * dropped. After the write, the poll is `counted` and no vote's condition can hold.
 */
import { appendAudit, roleAddress } from '../kernel/audit';
import { activeMember, memberIdOf, REGISTER, requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { DeliberationParsed } from './contract';
import { DELIB, optionIdsOf, topicProjection, type TopicDoc } from './model';
import { decide, turnoutPermille, type PollResults } from './rules';
import { TOPIC_TRANSITIONS, type TopicState } from './states';

type CloseOut = { topicId: string; state: TopicState; results: PollResults };

interface Counted {
  topic: TopicDoc;
  counts: Record<string, number>;
  ballots: number;
  callerDoc: Record<string, unknown> | null;
}

/** The count of one topic's ballot box, with the topic (without roll and box) — one round trip. */
export async function countBox(ctx: Ctx, topicId: string, callerId: string | null): Promise<Counted | null> {
  const rows = await ctx.store.aggregate(DELIB, [
    { $match: { _id: topicId } },
    { $limit: 1 },
    { $project: { ...topicProjection(ctx), ballots: 1, _nb: { $size: { $ifNull: ['$ballots', []] } } } },
    ...(callerId
      ? [{ $addFields: { _k0: callerId } }, { $lookup: { from: REGISTER, localField: '_k0', foreignField: '_id', as: '_r0' } }]
      : []),
    { $unwind: { path: '$ballots', preserveNullAndEmptyArrays: true } },
    { $unwind: { path: '$ballots.c', preserveNullAndEmptyArrays: true } },
    { $group: { _id: '$ballots.c', n: { $sum: 1 }, doc: { $first: '$$ROOT' } } },
  ]);
  if (rows.length === 0) return null;
  const doc = rows[0].doc as Record<string, unknown>;
  const counts: Record<string, number> = {};
  for (const row of rows) if (typeof row._id === 'string') counts[row._id] = Number(row.n);
  const { _nb, _k0, _r0, ballots: _oneBallot, ...topic } = doc as Record<string, unknown> & { _nb?: number; _r0?: Record<string, unknown>[] };
  void _k0;
  void _oneBallot;
  return { topic: topic as TopicDoc, counts, ballots: Number(_nb ?? 0), callerDoc: _r0?.[0] ?? null };
}

export function resultsOf(topic: TopicDoc, counts: Record<string, number>, ballots: number, now: number): PollResults {
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

/** Write the results over the version that was counted. 0 = a vote landed meanwhile (or someone else closed). */
async function writeResults(ctx: Ctx, c: Counted, closedBy: string, out: CloseOut): Promise<number> {
  return ctx.store.updateWhere(
    DELIB,
    { _id: c.topic._id, 'poll.state': 'open', state: { $in: [...TOPIC_TRANSITIONS.count.from] }, version: c.topic.version, ...notYetApplied(ctx) },
    {
      $set: {
        state: out.state,
        'poll.state': 'counted',
        'poll.results': out.results,
        'poll.closedAt': ctx.now,
        'poll.closedBy': closedBy,
        updatedAt: ctx.now,
        ...markerSet(ctx, out),
      },
    },
  );
}

/** committee: close the poll now and count it — 3 round trips (count with the caller, write, audit). */
export async function closePoll(ctx: Ctx, input: DeliberationParsed<'closePoll'>): Promise<CloseOut> {
  const { villageId, topicId } = input;
  if (!topicId.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const counted = await countBox(ctx, topicId, callerId);
  if (!counted) throw new AppError('not_found');
  const caller = activeMember(counted.callerDoc as never, villageId);
  const { topic } = counted;
  if (topic.kind !== 'topic' || topic.villageId !== villageId) throw new AppError('not_found');
  const draftOf = (out: CloseOut) => ({
    villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: topicId,
    summary: `提前截止并${summaryOf(topic, out.results)}`,
    details: { ballots: out.results.ballots, rollSize: out.results.rollSize, quorumMet: out.results.quorumMet, passed: out.results.passed },
    notify: [roleAddress('committee', villageId), topic.proposerId],
  });
  const prior = priorOf<CloseOut>(ctx, topic);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draftOf(prior.out), prior.at);
    return prior.out;
  }
  requireRole(caller, ['committee']);
  if (!topic.poll || topic.poll.state === 'scheduled') throw new AppError('poll_not_open');
  if (topic.poll.state !== 'open') throw new AppError('poll_closed');
  const out: CloseOut = { topicId, state: TOPIC_TRANSITIONS.count.to, results: resultsOf(topic, counted.counts, counted.ballots, ctx.now) };
  if ((await writeResults(ctx, counted, caller._id, out)) !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draftOf(out));
  return out;
}

/** timer: count a poll whose closing time has passed (retrying over votes that land meanwhile). */
export async function countDue(ctx: Ctx, topicId: string, notify: string[]): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const counted = await countBox(ctx, topicId, null);
    if (!counted?.topic.poll || counted.topic.poll.state !== 'open') return false;
    const out: CloseOut = { topicId, state: TOPIC_TRANSITIONS.count.to, results: resultsOf(counted.topic, counted.counts, counted.ballots, ctx.now) };
    if ((await writeResults(ctx, counted, 'system', out)) === 1) {
      const topic = counted.topic;
      await appendAudit(ctx, {
        villageId: topic.villageId,
        actorId: 'system',
        actorName: '系统',
        targetId: topicId,
        summary: `到截止时间，${summaryOf(topic, out.results)}`,
        details: { ballots: out.results.ballots, rollSize: out.results.rollSize, quorumMet: out.results.quorumMet, passed: out.results.passed },
        notify: [roleAddress('committee', topic.villageId), topic.proposerId, ...notify],
      });
      return true;
    }
  }
  return false;
}
