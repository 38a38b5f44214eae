/**
 * pollClock — the timer (every minute), across villages:
 *   1. opens scheduled polls whose time has come, fixing the roll from the register at that moment;
 *   2. counts open polls whose closing time has passed (no vote passes the state check after it);
 *   3. reminds the roll's non-voters near the deadline: in the in-app inbox (one audit record naming
 *      them, which the daily digest summarises too), by subscribe message only where the person tapped
 *      consent (used once), and tells the grid workers where offline or elderly people have not voted.
 * A timer is not a user action: it may take more round trips, a few polls per tick.
 */
import { appendAudit, roleAddress } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { ClockOutput } from './contract';
import { DELIB, idOfKey, TOPIC_FIELDS, type RollEntry, type TopicDoc } from './model';
import { buildRoll, loadPeople, reachableMembers } from './roll';
import { countDue } from './tally';

const PER_TICK = 20;

export async function pollClock(ctx: Ctx): Promise<ClockOutput> {
  const out: ClockOutput = { opened: [], counted: [], reminded: [] };
  const fields = [...TOPIC_FIELDS];

  const toOpen = (await ctx.store.find(DELIB, { kind: 'topic', 'poll.state': 'scheduled', 'poll.opensAt': { $lte: ctx.now } }, { fields, limit: PER_TICK })) as TopicDoc[];
  for (const topic of toOpen) if (await openScheduled(ctx, topic)) out.opened.push(topic._id);

  const toCount = (await ctx.store.find(DELIB, { kind: 'topic', 'poll.state': 'open', 'poll.closesAt': { $lte: ctx.now } }, { fields, limit: PER_TICK })) as TopicDoc[];
  for (const topic of toCount) if (await countDue(ctx, topic._id, [])) out.counted.push(topic._id);

  const toRemind = (await ctx.store.find(
    DELIB,
    { kind: 'topic', 'poll.state': 'open', 'poll.remindAt': { $lte: ctx.now }, 'poll.remindedAt': null, 'poll.closesAt': { $gt: ctx.now } },
    { fields: [...fields, 'roll'], limit: PER_TICK },
  )) as TopicDoc[];
  for (const topic of toRemind) if (await remind(ctx, topic)) out.reminded.push(topic._id);
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
  const updated = await ctx.store.updateWhere(
    DELIB,
    { _id: topic._id, 'poll.state': 'scheduled' },
    { $set: { 'poll.state': 'open', 'poll.openedAt': ctx.now, 'poll.rollSize': rollSize, roll, updatedAt: ctx.now }, $inc: { version: 1 } },
  );
  if (updated !== 1) return false;
  await appendAudit(ctx, {
    villageId: topic.villageId,
    actorId: 'system',
    actorName: '系统',
    targetId: topic._id,
    summary: `表决「${poll.question}」开始（应投 ${rollSize} ${poll.rollType === 'households' ? '户' : '人'}）`,
    details: { rollSize },
    notify: [roleAddress('committee', topic.villageId), ...reachableMembers(roll)],
  });
  return true;
}

async function remind(ctx: Ctx, topic: TopicDoc): Promise<boolean> {
  const poll = topic.poll!;
  const roll = topic.roll ?? {};
  const waiting = Object.entries(roll).filter(([, u]) => !u.v);
  // claim the reminder first (and use up the consents) so a re-run never sends twice
  const used = Object.fromEntries(waiting.flatMap(([unitId, u]) => Object.keys(u.s ?? {}).map((k) => [`roll.${unitId}.s.${k}`, true as const])));
  const claimed = await ctx.store.updateWhere(
    DELIB,
    { _id: topic._id, 'poll.state': 'open', 'poll.remindedAt': null },
    { $set: { 'poll.remindedAt': ctx.now }, ...(Object.keys(used).length ? { $unset: used } : {}) },
  );
  if (claimed !== 1) return false;
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
    notify: [...reachableMembers(Object.fromEntries(waiting)), ...grids.map((g) => roleAddress('grid_worker', g))],
  });
  return true;
}

