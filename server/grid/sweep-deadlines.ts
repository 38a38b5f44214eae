/**
 * sweepDeadlines — the deadline timer (every 30 minutes, cloudfunctions/grid/config.json: deadlines are hours
 * and days, and every tick is a billed call whether or not anything is due). It looks only at
 * tickets whose `nextCheckAt` has come (index next_check) and moves each ONE step per run:
 *   reminder before the deadline (to the handler) → overdue: escalate to the committee (level 1) →
 *   still overdue a day later: escalate to the township (level 2);
 *   resolved without the reporter's answer for 7 days → resolved_unconfirmed.
 * One step per run on purpose: a clock that jumps (or a missed tick, replayed once) still walks every
 * step in order, and each step is its own compare-and-set + audit record, so a second sweep over the
 * same tick changes nothing.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord, roleAddress, type AuditDraft } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Update } from '../kernel/store';
import { type SweepOutput } from './contract';
import { concerned, handlerAddress, STILL_OVERDUE_MS, ticketNo, TICKETS, type TicketDoc } from './model';
import { bucketOf, canLeave, TRANSITIONS } from './transitions';

/** tickets per run; the rest wait for the next tick (the function's timeout stays small) */
const BATCH = 100;
const PARALLEL = 8;
/** a due step: its transaction's start, read, update, audit record and commit */
const REQUESTS_PER_STEP = 5;

type Step = 'remind' | 'escalate_committee' | 'escalate_township' | 'expire_unconfirmed';

export const sweepDeadlines = defineAction({
  input: z.object({}),
  output: returns<SweepOutput>(),
  who: 'timer',
  run: async (ctx, _input) => {
    const due = (await ctx.store.find(TICKETS, { nextCheckAt: { $lte: ctx.now } }, { orderBy: [['nextCheckAt', 'asc']], limit: BATCH })) as TicketDoc[];
    const counts: SweepOutput = { reminded: 0, escalated: 0, unconfirmed: 0 };
    for (let i = 0; i < due.length; i += PARALLEL) {
      // a paced tick (kernel/pace.ts) takes a batch only while its budget holds it; the rest wait for the next tick
      if (ctx.budget() < PARALLEL * REQUESTS_PER_STEP) break;
      const steps = await Promise.all(due.slice(i, i + PARALLEL).map((t) => stepOne(ctx, t)));
      for (const s of steps) {
        if (s === 'remind') counts.reminded++;
        else if (s === 'escalate_committee' || s === 'escalate_township') counts.escalated++;
        else if (s === 'expire_unconfirmed') counts.unconfirmed++;
      }
    }
    return counts;
  },
});

/** The step a ticket is due for now, or null. */
export function stepFor(t: TicketDoc, now: number): Step | null {
  if (t.nextCheckAt === undefined || t.nextCheckAt > now) return null;
  if (t.status === 'resolved') return canLeave('expire_unconfirmed', t.status) ? 'expire_unconfirmed' : null;
  if (!t.dueKind || t.dueAt === undefined) return null;
  if (now < t.dueAt) return t.reminded ? null : 'remind';
  if ((t.escalation ?? 0) === 0) return 'escalate_committee';
  if (t.escalation === 1) return 'escalate_township';
  return null;
}

async function stepOne(ctx: Ctx, t: TicketDoc): Promise<Step | null> {
  const step = stepFor(t, ctx.now);
  const what = t.dueKind === 'accept' ? '受理' : '办结';
  const committee = roleAddress('committee', t.villageId);
  const township = roleAddress('township', t.villageId);
  let update: Update;
  let summary: string;
  let notify: string[];
  switch (step) {
    case 'remind': {
      const hours = Math.max(1, Math.round(((t.dueAt ?? ctx.now) - ctx.now) / 3600_000));
      update = { $set: { reminded: true, nextCheckAt: t.dueAt } };
      summary = `提醒：约${hours}小时后到${what}期限`;
      notify = [handlerAddress(t)];
      break;
    }
    case 'escalate_committee':
      update = { $set: { reminded: true, escalation: 1, escalatedAt: ctx.now, nextCheckAt: ctx.now + STILL_OVERDUE_MS } };
      summary = `超过${what}期限，已上报村委督办`;
      notify = [handlerAddress(t), committee];
      break;
    case 'escalate_township':
      update = { $set: { escalation: 2, escalatedAt: ctx.now }, $unset: { nextCheckAt: true } };
      summary = `村委督办后仍未${what}，已上报乡镇`;
      notify = [handlerAddress(t), committee, township];
      break;
    case 'expire_unconfirmed': {
      const to = TRANSITIONS.expire_unconfirmed.to;
      update = { $set: { status: to, bucket: bucketOf(to), closedAt: ctx.now, updatedAt: ctx.now }, $unset: { nextCheckAt: true } };
      summary = '居民7天未确认，按已办结（未确认）归档';
      notify = concerned(t);
      break;
    }
    default:
      return null;
  }
  const draft: AuditDraft = {
    villageId: t.villageId,
    actorId: 'system',
    actorName: '系统',
    targetId: t._id,
    summary: `工单${ticketNo(t._id)}（${t.categoryName}）${summary}`,
    details: { step, dueKind: t.dueKind, dueAt: t.dueAt ?? null, ...(step === 'expire_unconfirmed' ? { from: t.status, to: 'resolved_unconfirmed', transition: 'expire_unconfirmed' } : {}) },
    notify: [...new Set(notify)],
  };
  // The step and its audit record (the escalation notice in the committee's inbox) land together: a run cut
  // short between a compare-and-set and its append lost the record for good — the ticket was no longer due,
  // so no later tick came back to it (found by tests/reliability/crash.test.ts). A transaction per step
  // (start, read, update, append, commit) costs 3 more round trips, paid only when a step is due.
  // The timer's requestId is per tick; the target makes the record's id unique per ticket and tick.
  const record = auditRecord(ctx, draft);
  try {
    const moved = await ctx.store.transaction(async (tx) => {
      const now = (await tx.get(TICKETS, t._id)) as TicketDoc | null;
      // only if nobody moved the ticket since it was read
      if (!now || now.status !== t.status || now.nextCheckAt !== t.nextCheckAt || (now.escalation ?? 0) !== (t.escalation ?? 0)) return false;
      await tx.update(TICKETS, t._id, update);
      await tx.create(AUDIT, record);
      return true;
    });
    return moved ? step : null;
  } catch (error) {
    // someone moved it meanwhile (or the record exists): the next tick looks again
    if (error instanceof AppError && error.code === 'conflict') return null;
    throw error;
  }
}
