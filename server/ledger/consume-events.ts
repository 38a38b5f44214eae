/**
 * Points from verified events other jobs put on their audit records
 * (`event: { type, residentId, householdId, sourceKey }`), under the rules a village switched on; run by
 * the ledgerClock timer (ledger-clock.ts), whose one read brings the books and the watermark.
 * It reads from a watermark (with an overlap, so a record written a little late is not missed; one a retry
 * appended much later is found by its `postedAt`) and posts
 * with the entry id `event:<sourceKey>`: an event posts at most once however often it is read. Period
 * limits apply as for claims (an event over the limit is skipped, and stays skipped).
 * Each household's events post in ONE transaction (model.ts): the account read through it, its entries
 * `event:<sourceKey>` with running balances, its usage, and one audit record per entry — together or not at
 * all; an entry already there (a re-read event) is known from one read of the entries' ids beforehand.
 * Costs (after the clock's read): events (on time and late, one query: 1; none when no village has an event
 * rule on), the entries already posted (1), households without an account yet (0–1), one transaction per
 * household, the watermark (1).
 */
import { AUDIT, auditRecord, postedAtOf } from '../kernel/audit';
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { Doc } from '../kernel/store';
import { EVENT_TYPES, type EventType, type TimerOutput } from './contract';
import { AppError } from '../kernel/errors';
import { accountIdOf, afterEntry, entryDocIdOf, entryFor, EVENTS_WATERMARK_ID, issuerIdOf, LEDGER, newAccount, periodKeyOf, SYSTEM, type AccountDoc, type BookDoc, type EntryDoc, type HouseholdRegisterDoc } from './model';

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

/** `books` by village and the watermark's time (0 before the first run), as the clock read them. */
export async function consumeEvents(ctx: Ctx, books: Map<string, BookDoc>, watermark: number): Promise<TimerOutput> {
  const types = [...new Set([...books.values()].flatMap((b) => b.eventTypes ?? []))];
  if (types.length === 0) return { processed: 0, posted: 0, skipped: 0 };

  const from = Math.max(0, watermark - OVERLAP_MS);
  // events by when they happened, and any that reached the trail late (a healed retry) since the watermark:
  // one read (indexes event_type_at and posted_at), so an idle tick of the clock costs two reads in all
  const found = (await ctx.store.find(
    AUDIT,
    { 'event.type': { $in: types }, $or: [{ at: { $gte: from, $lte: ctx.now } }, { postedAt: { $gte: from, $lte: ctx.now } }] },
    { orderBy: [['at', 'asc']], limit: BATCH },
  )) as EventRecord[];
  // the watermark moves over the on-time ones only (a late one is found again by its postedAt)
  const onTime = found.filter((e) => e.at >= from);
  // what each event would post: its village's enabled rule for the event type
  const plans = found
    .map((e) => {
      const book = books.get(e.villageId);
      const rule = book && Object.values(book.rules).find((r) => r.enabled && r.source === e.event.type);
      const householdId = e.event.householdId;
      return rule && householdId && householdId.startsWith(`${e.villageId}:`) ? { e, rule, householdId } : null;
    })
    .filter((p): p is NonNullable<typeof p> => !!p);

  // what is posted already (an event read again in the overlap), and the households' register entries for accounts not opened yet: one read each
  const entryIds = plans.map((p) => entryDocIdOf(p.householdId, `event:${p.e.event.sourceKey}`));
  const existing = entryIds.length ? await ctx.store.getMany(LEDGER, entryIds) : new Map<string, Doc>();
  const householdIds = [...new Set(plans.filter((_, i) => !existing.has(entryIds[i])).map((p) => p.householdId))];
  const households = householdIds.length ? await ctx.store.getMany(REGISTER, householdIds) : new Map<string, Doc>();

  let posted = 0;
  let skipped = 0;
  let retryFrom = Infinity;
  for (const householdId of householdIds) {
    // one plan per source key (two records may name the same event)
    const mine = [
      ...new Map(plans.filter((p) => p.householdId === householdId && !existing.has(entryDocIdOf(householdId, `event:${p.e.event.sourceKey}`))).map((p) => [p.e.event.sourceKey, p])).values(),
    ];
    const household = households.get(householdId) as HouseholdRegisterDoc | undefined;
    // a paced tick (kernel/pace.ts) that has spent its budget leaves these for the next (the watermark stays
    // before them): the transaction's start, commit and account, per event its record and entry, the watermark
    if (ctx.budget() < 5 + 2 * mine.length) {
      retryFrom = Math.min(retryFrom, ...mine.map((p) => postedAtOf(p.e)));
      continue;
    }
    try {
      const counts = await ctx.store.transaction(async (t) => {
        const stored = (await t.get(LEDGER, accountIdOf(householdId))) as AccountDoc | null;
        if (!stored && !household) return { posted: 0, skipped: mine.length };
        let account: AccountDoc = stored ?? newAccount(household!, ctx.now);
        const usage = structuredClone(account.usage ?? {});
        const usageInc: Record<string, number> = {};
        const entries: EntryDoc[] = [];
        let skippedHere = 0;
        for (const { e, rule } of mine) {
          const periodKey = periodKeyOf(rule.period, e.at);
          const used = usage[rule.ruleId]?.[periodKey] ?? 0;
          const amount = rule.points < 0 ? -Math.min(-rule.points, account.balance) : rule.points;
          // over the limit, or a deduction with nothing to take: nothing posts (read again in the overlap, it decides the same)
          if ((rule.limit !== null && used >= rule.limit) || amount === 0) {
            skippedHere += 1;
            continue;
          }
          usage[rule.ruleId] = { ...(usage[rule.ruleId] ?? {}), [periodKey]: used + 1 };
          usageInc[`usage.${rule.ruleId}.${periodKey}`] = (usageInc[`usage.${rule.ruleId}.${periodKey}`] ?? 0) + 1;
          const entry = entryFor(account, {
            entryId: `event:${e.event.sourceKey}`,
            at: ctx.now,
            amount,
            entryKind: 'event',
            counter: issuerIdOf(account.villageId),
            ruleId: rule.ruleId,
            ruleName: rule.name,
            ruleVersion: rule.version,
            category: rule.category,
            source: e.event.sourceKey,
            memo: EVENT_TYPES[e.event.type] ?? e.event.type,
            actorId: SYSTEM.actorId,
          });
          entries.push(entry);
          account = afterEntry(account, entry);
          await t.create(
            AUDIT,
            auditRecord(ctx, {
              villageId: account.villageId,
              ...SYSTEM,
              actorName: '系统（自动记分）',
              targetId: entry._id,
              summary: `${account.householdName}「${rule.name}」${amount > 0 ? '+' : ''}${amount} 分（${EVENT_TYPES[e.event.type] ?? e.event.type}）`,
              details: { sourceKey: e.event.sourceKey, eventType: e.event.type, amount },
              notify: [e.event.residentId],
            }),
          );
        }
        if (entries.length === 0) return { posted: 0, skipped: skippedHere };
        const delta = entries.reduce((s, x) => s + x.amount, 0);
        if (!stored) await t.create(LEDGER, { ...account, earned: delta, usage });
        // usage by $inc: the limits of event rules live on the account
        else await t.update(LEDGER, account._id, { $inc: { balance: delta, earned: delta, entries: entries.length, ...usageInc }, $set: { updatedAt: ctx.now } });
        // an entry posted meanwhile (a run at the same moment) makes its insert, and this household's move, fail
        for (const entry of entries) await t.create(LEDGER, entry);
        return { posted: entries.length, skipped: skippedHere };
      });
      posted += counts.posted;
      skipped += counts.skipped;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      // these events are read again next run (the watermark stays before them)
      retryFrom = Math.min(retryFrom, ...mine.map((p) => postedAtOf(p.e)));
    }
  }
  const lastAt = Math.min(onTime.length ? (onTime[onTime.length - 1].at as number) : watermark, retryFrom);
  if (lastAt > watermark) await ctx.store.put(LEDGER, { _id: EVENTS_WATERMARK_ID, kind: 'meta', villageId: '-', at: lastAt });
  return { processed: found.length, posted, skipped };
}
