/**
 * pollClock — the timer (hourly, on the hour: 发起表决 rounds the closing time up to the hour, so a poll set to
 * close at 21:00 is counted at 21:00; votes after `closesAt` are refused whenever the count comes), across
 * villages, from one read. A tick is a billed call whether or not a poll is due: hourly is 24 a day against
 * 48 on the half hour, and polls are rare.
 *   1. opens scheduled polls whose time has come, fixing the roll from the register at that moment;
 *   2. counts open polls whose closing time has passed (tally.ts: freeze the roll, open the sealed ballots
 *      into the box, count it in the database, publish);
 *   3. reminds the roll's non-voters near the deadline: in the in-app inbox (one audit record naming
 *      them, which the daily digest summarises too), by subscribe message only where the person tapped
 *      consent (used once), and tells the grid workers where offline or elderly people have not voted.
 *   4. appends the audit record a poll opened at once left on its topic (its roll took that request's
 *      round trip).
 * A timer is not a user action: it may take more round trips, a few polls per tick.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, roleAddress } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { ClockOutput } from './contract';
import { appendStoredRecord, DELIB, idOfKey, TOPIC_FIELDS, type RollEntry, type TopicDoc, type UnitDoc } from './model';
import { buildRoll, loadPeople, newRollId, reachableMembers, unitDocs, writeRoll } from './roll';
import { countDue } from './tally';

const PER_TICK = 20;
/** the most one poll's opening, count or reminder asks of the database (a count: freeze, open the box, tally, publish) */
const REQUESTS_PER_POLL = 25;

export const pollClock = defineAction({
  /** timer (hourly): open scheduled polls, close and count due ones, remind non-voters */
  input: z.object({}),
  output: returns<ClockOutput>(),
  who: 'timer',
  run: (ctx) => tick(ctx),
});

async function tick(ctx: Ctx): Promise<ClockOutput> {
  const out: ClockOutput = { opened: [], counted: [], reminded: [] };
  const fields = [...TOPIC_FIELDS];

  // ONE read finds what is due across all villages (an idle tick costs one read, whatever the villages)
  const due = (await ctx.store.find(
    DELIB,
    {
      kind: 'topic',
      $or: [
        { 'poll.state': 'scheduled', 'poll.opensAt': { $lte: ctx.now } },
        { 'poll.state': 'open', 'poll.closesAt': { $lte: ctx.now } },
        { 'poll.state': 'open', 'poll.remindAt': { $lte: ctx.now }, 'poll.remindedAt': null, 'poll.closesAt': { $gt: ctx.now } },
        { auditDueAt: { $lte: ctx.now } },
      ],
    },
    { fields: [...fields, 'pendingAudit', 'auditDueAt'], limit: 4 * PER_TICK },
  )) as TopicDoc[];
  const toAnnounce = due.filter((t) => typeof t.auditDueAt === 'number' && t.auditDueAt <= ctx.now).slice(0, PER_TICK);
  const toOpen = due.filter((t) => t.poll?.state === 'scheduled').slice(0, PER_TICK);
  const toCount = due.filter((t) => t.poll?.state === 'open' && t.poll.closesAt <= ctx.now).slice(0, PER_TICK);
  const toRemind = due
    .filter((t) => t.poll?.state === 'open' && t.poll.closesAt > ctx.now && t.poll.remindAt <= ctx.now && t.poll.remindedAt === null)
    .slice(0, PER_TICK);

  // a paced tick (kernel/pace.ts) takes a poll only while its budget holds one; the rest wait for the next tick
  const affords = () => ctx.budget() >= REQUESTS_PER_POLL;
  for (const topic of toOpen) if (affords() && (await openScheduled(ctx, topic))) out.opened.push(topic._id);
  for (const topic of toAnnounce) if (affords()) await announce(ctx, topic);
  for (const topic of toCount) {
    if (!affords()) break;
    try {
      if (await countDue(ctx, topic, [])) out.counted.push(topic._id);
    } catch (error) {
      // one poll that cannot be counted (no ballot key, a lost race) must not hold up the others
      console.error(`[deliberation.pollClock] count ${topic._id}`, error);
    }
  }
  for (const topic of toRemind) if (affords() && (await remind(ctx, topic))) out.reminded.push(topic._id);
  return out;
}

async function openScheduled(ctx: Ctx, topic: TopicDoc): Promise<boolean> {
  const poll = topic.poll!;
  const { people } = await loadPeople(ctx, topic.villageId);
  let roll: Record<string, RollEntry>;
  try {
    roll = buildRoll(poll, people);
  } catch (error) {
    // a council member left the village since scheduling: open without them rather than not at all
    if (!(error instanceof AppError)) throw error;
    const active = new Set(people.map((p) => p.id));
    roll = buildRoll({ ...poll, council: poll.council.filter((c) => active.has(c.memberId)) }, people);
  }
  const rollSize = Object.keys(roll).length;
  const rollId = newRollId();
  await writeRoll(ctx, unitDocs(topic.villageId, topic._id, rollId, roll));
  // a lost race (another tick opened it) leaves this roll id's units unread
  const updated = await ctx.store.updateWhere(
    DELIB,
    { _id: topic._id, 'poll.state': 'scheduled' },
    { $set: { 'poll.state': 'open', 'poll.openedAt': ctx.now, 'poll.rollId': rollId, 'poll.rollSize': rollSize, updatedAt: ctx.now } },
  );
  if (updated !== 1) return false;
  await appendAudit(ctx, {
    villageId: topic.villageId,
    actorId: 'system',
    actorName: '系统',
    targetId: topic._id,
    summary: `表决「${poll.question}」开始（应投 ${rollSize} ${poll.rollType === 'households' ? '户' : '人'}）`,
    details: { rollSize },
    notify: [roleAddress('committee', topic.villageId), ...reachableMembers(Object.values(roll))],
  });
  return true;
}

/** The audit records left on a topic (an opening's, a count's): appended, then taken off the topic. */
async function announce(ctx: Ctx, topic: Pick<TopicDoc, '_id' | 'pendingAudit' | 'auditDueAt'>): Promise<void> {
  const pending = topic.pendingAudit ?? {};
  for (const record of Object.values(pending)) await appendStoredRecord(ctx, record);
  const unset = Object.fromEntries(Object.keys(pending).map((k) => [`pendingAudit.${k}`, true as const]));
  // nothing new arrived since the read: the topic waits for nothing
  const cleared = await ctx.store.updateWhere(DELIB, { _id: topic._id, auditDueAt: topic.auditDueAt ?? null }, { $unset: unset, $set: { auditDueAt: null } });
  // something did: take off only what was appended (the next tick appends the rest)
  if (cleared !== 1 && Object.keys(unset).length) await ctx.store.updateWhere(DELIB, { _id: topic._id }, { $unset: unset });
}

type Waiting = Pick<UnitDoc, 'unit' | 'p' | 'ol' | 'el' | 'g' | 's'>;

async function remind(ctx: Ctx, topic: TopicDoc): Promise<boolean> {
  const poll = topic.poll!;
  const rollId = poll.rollId;
  if (!rollId) return false;
  // the roll's units still waiting, grouped into one record (no 1000-record cap)
  const [row] = await ctx.store.aggregate(DELIB, [
    { $match: { topicId: topic._id, kind: 'unit', rollId, v: false } },
    { $project: { _id: 0, unit: 1, p: 1, ol: 1, el: 1, g: 1, s: 1 } },
    { $group: { _id: null, units: { $push: '$$ROOT' } } },
  ]);
  const waiting = ((row?.units as Waiting[] | undefined) ?? []).map((u) => [u.unit, u] as const);
  // claim the reminder first (then use up the consents) so a re-run never sends twice
  const claimed = await ctx.store.updateWhere(DELIB, { _id: topic._id, 'poll.state': 'open', 'poll.remindedAt': null }, { $set: { 'poll.remindedAt': ctx.now } });
  if (claimed !== 1) return false;
  if (waiting.some(([, u]) => Object.keys(u.s ?? {}).length > 0)) {
    await ctx.store.updateWhere(DELIB, { topicId: topic._id, kind: 'unit', rollId, v: false }, { $set: { s: {} } });
  }
  // Beijing time, as WeChat's `time` fields want it (e.g. 2025年05月01日 15:01)
  const b = new Date(poll.closesAt + 8 * 3600_000).toISOString();
  const deadline = `${b.slice(0, 4)}年${b.slice(5, 7)}月${b.slice(8, 10)}日 ${b.slice(11, 16)}`;
  for (const [, u] of waiting) {
    for (const [key, templateId] of Object.entries(u.s ?? {})) {
      const openid = idOfKey(key).split(':u:')[1];
      if (!openid) continue;
      try {
        await ctx.openapi.sendSubscribe({
          touser: openid,
          templateId,
          page: `deliberation/topic/index?topicId=${encodeURIComponent(topic._id)}`,
          data: { thing1: { value: poll.question.slice(0, 20) }, time2: { value: deadline }, thing3: { value: '您（您家）还没有投票' } },
        });
      } catch {
        // a refused message (consent withdrawn) must not stop the others; the inbox still has it
      }
    }
  }
  const unreached = waiting.filter(([, u]) => u.ol.length + u.el.length > 0);
  const grids = [...new Set(unreached.map(([, u]) => u.g).filter((g): g is string => !!g))];
  await appendAudit(ctx, {
    villageId: topic.villageId,
    actorId: 'system',
    actorName: '系统',
    targetId: topic._id,
    summary: `表决「${poll.question}」将于 ${deadline} 截止，还有 ${waiting.length} ${poll.rollType === 'households' ? '户' : '人'}未投票`,
    details: { waiting: waiting.length, assistable: unreached.length },
    notify: [...reachableMembers(waiting.map(([, u]) => u)), ...grids.map((g) => roleAddress('grid_worker', g))],
  });
  return true;
}

