/**
 * The redemption's two documents without a transaction: the stock is HELD on the goods first (a
 * compare-and-set that also takes it off the shelf), then the household's account is debited (a second
 * compare-and-set that also carries the request's marker and its audit record — the audit outbox). Three
 * round trips: read, hold, debit. What holds the two together when something goes wrong:
 *
 * - A hold names its redemption (`holds.<redemptionId>`, the id derived from caller + requestId), so a retry
 *   with the same requestId finds it and only touches it (new `at`, new stamp `s`) before debiting.
 * - Releasing a hold whose account was never debited is conditioned on the stamp the releaser saw: the
 *   invocation that placed it (its own debit lost a race) or the timer after `HOLD_GRACE_MS` (far beyond
 *   the function's 10 s timeout, so no invocation that placed or touched it is still running). A retry that
 *   touched it meanwhile changed the stamp, so the release does nothing — a debited redemption never loses
 *   its stock.
 * - Picked (核销) and cancelled redemptions: the account is decisive. Cancelling returns the stock at once
 *   (guarded by the hold's presence, so only once); 核销 leaves the hold and the timer settles it (drops it,
 *   the stock stays sold) — or returns the stock of a cancellation whose second write was lost.
 *
 * The audit outbox: a redemption or cancellation writes its complete audit record into the account
 * (`pendingAudit.<requestId>`, `auditDueAt`) in the same update as the change; the postDueClaims timer
 * appends it to `audit` and clears it. The audit trail (and the inbox) lags by at most one timer tick
 * (10 minutes); a retry of the request appends it at once.
 */
import { randomBytes } from 'node:crypto';
import { auditRecord, type AuditDraft, type AuditRecord } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import type { Update } from '../kernel/store';
import { accountIdOf, LEDGER, type AccountDoc, type GoodsDoc, type HoldDoc } from './model';
import { appendRecords } from './timer-audit';

/** a hold untouched this long, whose account has no such redemption, goes back on the shelf */
export const HOLD_GRACE_MS = 10 * 60_000;
const BATCH = 50;

/** a stamp unique to this invocation (twins of one request share every other id) */
export const holdStamp = (): string => randomBytes(6).toString('hex');

export const holdPath = (redemptionId: string): string => `holds.${redemptionId}`;

/** the goods update that gives a hold's stock back and drops the hold */
export function releaseUpdate(ctx: Ctx, redemptionId: string, qty: number): Update {
  return { $inc: { stock: qty, openHolds: -1 }, $unset: { [holdPath(redemptionId)]: true }, $set: { updatedAt: ctx.now } };
}

/** what a redemption or cancellation adds to its account update: the audit record, for the timer to append */
export function outboxFields(ctx: Ctx, draft: AuditDraft): { set: Record<string, unknown>; inc: Record<string, number>; record: AuditRecord } {
  const record = auditRecord(ctx, draft);
  return { set: { [`pendingAudit.${ctx.requestId}`]: record, auditDueAt: ctx.now }, inc: { auditSeq: 1 }, record };
}

/** Timer: append the audit records waiting in accounts' outboxes, then clear them. 1 read + 1 append + 1 per account. */
export async function drainAuditOutbox(ctx: Ctx, read?: AccountDoc[]): Promise<number> {
  // the timer passes what its one read found (post-due-claims.ts); alone, it reads for itself
  const due = read
    ? read.filter((a) => a.auditDueAt != null && a.auditDueAt <= ctx.now)
    : ((await ctx.store.find(LEDGER, { kind: 'account', auditDueAt: { $lte: ctx.now } }, { orderBy: [['auditDueAt', 'asc']], limit: BATCH, fields: ['pendingAudit', 'auditSeq', 'auditDueAt'] })) as AccountDoc[]);
  if (due.length === 0) return 0;
  const records = due.flatMap((a) => Object.values(a.pendingAudit ?? {}));
  await appendRecords(ctx, records.map((r) => ({ ...r, postedAt: ctx.now })));
  for (const a of due) {
    const unset = Object.fromEntries(Object.keys(a.pendingAudit ?? {}).map((k) => [`pendingAudit.${k}`, true as const]));
    const seq = a.auditSeq === undefined ? { $exists: false } : a.auditSeq;
    // nothing arrived since the read: the outbox is empty now
    const cleared = await ctx.store.updateWhere(LEDGER, { _id: a._id, auditSeq: seq }, { $unset: unset, $set: { auditDueAt: null } });
    // something did: drop only what was appended (auditDueAt stays, the next tick takes the rest)
    if (cleared !== 1 && Object.keys(unset).length) await ctx.store.updateWhere(LEDGER, { _id: a._id }, { $unset: unset });
  }
  return records.length;
}

/**
 * Timer: settle the goods' holds by what the accounts say. Picked → drop the hold (sold); cancelled →
 * return the stock (a cancellation whose second write was lost); no such redemption and untouched for
 * HOLD_GRACE_MS → return the stock (a redemption that crashed between hold and debit and was never
 * retried); reserved → keep. 1 read of goods + 1 read of accounts + 1 per hold changed.
 */
export async function sweepHolds(ctx: Ctx, read?: GoodsDoc[]): Promise<{ settled: number; released: number }> {
  const goods = read
    ? read.filter((g) => (g.openHolds ?? 0) > 0)
    : ((await ctx.store.find(LEDGER, { kind: 'goods', openHolds: { $gt: 0 } }, { limit: BATCH, fields: ['holds', 'openHolds', 'villageId'] })) as GoodsDoc[]);
  const holds = goods.flatMap((g) => Object.entries(g.holds ?? {}).map(([redemptionId, hold]) => ({ goodsId: g._id, redemptionId, hold: hold as HoldDoc })));
  let settled = 0;
  let released = 0;
  if (holds.length === 0) return { settled, released };
  const accounts = await ctx.store.getMany(LEDGER, [...new Set(holds.map((x) => accountIdOf(x.hold.householdId)))]);
  for (const { goodsId, redemptionId, hold } of holds) {
    const r = (accounts.get(accountIdOf(hold.householdId)) as AccountDoc | undefined)?.redemptions?.[redemptionId];
    const present = { [holdPath(redemptionId)]: { $exists: true } };
    if (r?.status === 'reserved') continue;
    if (r?.status === 'picked') {
      settled += await ctx.store.updateWhere(LEDGER, { _id: goodsId, ...present }, { $inc: { openHolds: -1 }, $unset: { [holdPath(redemptionId)]: true } });
    } else if (r?.status === 'cancelled') {
      released += await ctx.store.updateWhere(LEDGER, { _id: goodsId, ...present }, releaseUpdate(ctx, redemptionId, hold.qty));
    } else if (!r && hold.at <= ctx.now - HOLD_GRACE_MS) {
      released += await ctx.store.updateWhere(LEDGER, { _id: goodsId, [`${holdPath(redemptionId)}.s`]: hold.s }, releaseUpdate(ctx, redemptionId, hold.qty));
    }
  }
  return { settled, released };
}
