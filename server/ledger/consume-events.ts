/**
 * consumeEvents (timer) — points from verified events other jobs put on their audit records
 * (`event: { type, residentId, householdId, sourceKey }`), under the rules a village switched on.
 * It reads from a watermark (with an overlap, so a record written a little late is not missed; one a retry
 * appended much later is found by its `postedAt`) and posts
 * with the entry id `event:<sourceKey>`: an event posts at most once however often it is read. Period
 * limits apply as for claims (an event over the limit is skipped, and stays skipped).
 * Costs: books + watermark (1), events (on time and late, one query: 1), accounts (1), households without an account yet (0–1),
 * one write per account, one audit batch, the watermark (1).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, postedAtOf, type AuditDraft } from '../kernel/audit';
import { REGISTER } from '../kernel/auth';
import type { Doc } from '../kernel/store';
import { EVENT_TYPES, type EventType, type TimerOutput } from './contract';
import { accountIdOf, EVENTS_WATERMARK_ID, issuerIdOf, LEDGER, legFor, newAccount, periodKeyOf, postedKey, type AccountDoc, type BookDoc, type HouseholdRegisterDoc, type LegDoc } from './model';
import { drainAuditOutbox } from './hold';
import { outboxOf, SYSTEM } from './timer-audit';

const BATCH = 200;
/** re-read this far behind the watermark: idempotent posting makes the overlap harmless */
const OVERLAP_MS = 10 * 60 * 1000;

interface EventRecord extends Doc {
  villageId: string;
  at: number;
  postedAt?: number;
  event: { type: EventType; residentId: string; householdId?: string | null; sourceKey: string };
  summary: string;
}

export const consumeEvents = defineAction({
  input: z.object({}),
  output: returns<TimerOutput>(),
  who: 'timer',
  run: async (ctx, _input) => {
    const metaDocs = await ctx.store.find(LEDGER, { $or: [{ kind: 'book' }, { _id: EVENTS_WATERMARK_ID }] }, { limit: 1000 });
    const books = new Map(metaDocs.filter((d): d is BookDoc => d.kind === 'book').map((b) => [b.villageId, b]));
    const watermark = (metaDocs.find((d) => d._id === EVENTS_WATERMARK_ID)?.at as number | undefined) ?? 0;
    const types = [...new Set([...books.values()].flatMap((b) => b.eventTypes ?? []))];
    if (types.length === 0) return { processed: 0, posted: 0, skipped: 0 };

    const from = Math.max(0, watermark - OVERLAP_MS);
    // events by when they happened, and any that reached the trail late (a healed retry) since the watermark:
    // one read (indexes event_type_at and posted_at), so an idle tick costs two reads in all
    const found = (await ctx.store.find(
      AUDIT,
      { 'event.type': { $in: types }, $or: [{ at: { $gte: from, $lte: ctx.now } }, { postedAt: { $gte: from, $lte: ctx.now } }] },
      { orderBy: [['at', 'asc']], limit: BATCH },
    )) as EventRecord[];
    const onTime = found.filter((e) => e.at >= from);
    const late = found.filter((e) => e.at < from);
    const events = [...new Map([...(onTime as EventRecord[]), ...(late as EventRecord[]).filter((e) => e.at < from)].map((e) => [e._id, e])).values()];
    // what each event would post: its village's enabled rule for the event type
    const plans = events
      .map((e) => {
        const book = books.get(e.villageId);
        const rule = book && Object.values(book.rules).find((r) => r.enabled && r.source === e.event.type);
        const householdId = e.event.householdId;
        return rule && householdId && householdId.startsWith(`${e.villageId}:`) ? { e, rule, householdId } : null;
      })
      .filter((p): p is NonNullable<typeof p> => !!p);

    const accountIds = [...new Set(plans.map((p) => accountIdOf(p.householdId)))];
    const accounts = accountIds.length ? await ctx.store.getMany(LEDGER, accountIds) : new Map<string, Doc>();
    const missing = [...new Set(plans.map((p) => p.householdId).filter((h) => !accounts.has(accountIdOf(h))))];
    const households = missing.length ? await ctx.store.getMany(REGISTER, missing) : new Map<string, Doc>();

    let posted = 0;
    let skipped = 0;
    let retryFrom = Infinity;
    const drafts: AuditDraft[] = [];
    for (const accountId of accountIds) {
      const mine = plans.filter((p) => accountIdOf(p.householdId) === accountId);
      const existing = accounts.get(accountId) as AccountDoc | undefined;
      const household = households.get(mine[0].householdId) as HouseholdRegisterDoc | undefined;
      if (!existing && !household) {
        skipped += mine.length;
        continue;
      }
      const account = existing ?? newAccount(household!, ctx.now);
      let running = { balance: account.balance } as AccountDoc;
      const legs: LegDoc[] = [];
      const set: Record<string, unknown> = {};
      const usage = structuredClone(account.usage ?? {});
      const usageInc: Record<string, number> = {};
      const accountDrafts: AuditDraft[] = [];
      for (const { e, rule } of mine) {
        const id = `event:${e.event.sourceKey}`;
        const key = postedKey(id);
        if (account.posted?.[key] || set[`posted.${key}`]) continue;
        const periodKey = periodKeyOf(rule.period, e.at);
        const used = usage[rule.ruleId]?.[periodKey] ?? 0;
        // over the limit, or a deduction with nothing to take: remember it as seen, post nothing
        const amount = rule.points < 0 ? -Math.min(-rule.points, running.balance) : rule.points;
        set[`posted.${key}`] = true;
        if ((rule.limit !== null && used >= rule.limit) || amount === 0) {
          skipped += 1;
          continue;
        }
        usage[rule.ruleId] = { ...(usage[rule.ruleId] ?? {}), [periodKey]: used + 1 };
        usageInc[`usage.${rule.ruleId}.${periodKey}`] = (usageInc[`usage.${rule.ruleId}.${periodKey}`] ?? 0) + 1;
        const leg = legFor(running, {
          id,
          at: ctx.now,
          amount,
          kind: 'event',
          counter: issuerIdOf(account.villageId),
          ruleId: rule.ruleId,
          ruleName: rule.name,
          ruleVersion: rule.version,
          category: rule.category,
          source: e.event.sourceKey,
          memo: EVENT_TYPES[e.event.type] ?? e.event.type,
          actorId: SYSTEM.actorId,
        });
        legs.push(leg);
        running = { balance: leg.balanceAfter } as AccountDoc;
        accountDrafts.push({
          villageId: account.villageId,
          ...SYSTEM,
          actorName: '系统（自动记分）',
          targetId: `${accountId}:${key}`,
          summary: `${account.householdName}「${rule.name}」${amount > 0 ? '+' : ''}${amount} 分（${EVENT_TYPES[e.event.type] ?? e.event.type}）`,
          details: { sourceKey: e.event.sourceKey, eventType: e.event.type, amount },
          notify: [e.event.residentId],
        });
      }
      if (Object.keys(set).length === 0) continue;
      const outbox = outboxOf(ctx, accountDrafts);
      const delta = running.balance - account.balance;
      const earned = legs.reduce((s, l) => s + l.amount, 0);
      const failed = () => {
        retryFrom = Math.min(retryFrom, ...mine.map((p) => postedAtOf(p.e)));
      };
      if (!existing) {
        const created = await ctx.store.create(LEDGER, {
          ...account,
          balance: running.balance,
          earned,
          legs,
          usage,
          posted: Object.fromEntries(Object.keys(set).map((k) => [k.slice('posted.'.length), true])),
          pendingAudit: Object.fromEntries(Object.entries(outbox.set).filter(([k]) => k.startsWith('pendingAudit.')).map(([k, v]) => [k.slice('pendingAudit.'.length), v])),
          auditDueAt: ctx.now,
          auditSeq: accountDrafts.length,
        }).then(
          () => true,
          () => false,
        );
        if (!created) {
          failed();
          continue;
        }
      } else {
        const updated = await ctx.store.updateWhere(
          LEDGER,
          { _id: accountId, balance: account.balance, ...Object.fromEntries(Object.keys(set).map((k) => [k, { $exists: false }])) },
          // usage by $inc: a claim submitted at the same moment keeps its count
          { $set: { ...set, ...outbox.set }, $inc: { balance: delta, earned, ...usageInc, ...outbox.inc }, ...(legs.length ? { $push: { legs: { $each: legs } } } : {}) },
        );
        // the household moved meanwhile: these events are read again next run (the watermark stays before them)
        if (updated !== 1) {
          failed();
          continue;
        }
      }
      posted += legs.length;
      drafts.push(...accountDrafts);
    }
    // the postings' records went into the accounts' outboxes with them: append them now (a run cut short
    // before this leaves them for the next tick's drain)
    if (drafts.length) await drainAuditOutbox(ctx);
    const lastAt = Math.min(onTime.length ? (onTime[onTime.length - 1].at as number) : watermark, retryFrom);
    if (lastAt > watermark) await ctx.store.put(LEDGER, { _id: EVENTS_WATERMARK_ID, kind: 'meta', villageId: '-', at: lastAt });
    return { processed: events.length, posted, skipped };
  },
});
