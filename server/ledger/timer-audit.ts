/** Timers append one audit record per posting: in one request when none exists yet, one by one when a re-run finds some. */
import { AUDIT, appendAuditRecord, auditRecord, type AuditDraft, type AuditRecord } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';

export async function appendAudits(ctx: Ctx, drafts: AuditDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  const records = drafts.map((d) => auditRecord(ctx, d));
  try {
    await ctx.store.createMany(AUDIT, records);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    for (const r of records) await appendAuditRecord(ctx, r);
  }
}

export const SYSTEM = { actorId: 'system', actorName: '系统' };

/**
 * A timer's postings carry their audit records into the account's outbox (hold.ts) in the SAME update, so a
 * run cut short after the update and before the append cannot lose them: the drain (this run's, or the
 * next tick's) appends them. `$set` and `$inc` fields to add to the posting's update (or to a new account).
 */
export function outboxOf(ctx: Ctx, drafts: AuditDraft[]): { set: Record<string, unknown>; inc: Record<string, number> } {
  if (drafts.length === 0) return { set: {}, inc: {} };
  const set: Record<string, unknown> = { auditDueAt: ctx.now };
  for (const d of drafts) {
    const record = auditRecord(ctx, d);
    set[`pendingAudit.${record._id}`] = record;
  }
  return { set, inc: { auditSeq: drafts.length } };
}

/** Append finished audit records (the accounts' outboxes) as they are: one request, one by one after a conflict. */
export async function appendRecords(ctx: Ctx, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  try {
    await ctx.store.createMany(AUDIT, records);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    for (const r of records) await appendAuditRecord(ctx, r);
  }
}
