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
