/** auditLog — the village's trail, newest first: for the committee and the township's staff. */
import { AUDIT } from '../kernel/audit';
import { loadCaller, requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { AccountParsed, AuditView, Page } from './contract';
import { auditView, decodeCursor, pageOf } from './model';

export async function auditLog(ctx: Ctx, input: AccountParsed<'auditLog'>): Promise<Page<AuditView>> {
  const { villageId, pageSize } = input;
  const { caller } = await loadCaller(ctx, villageId);
  requireRole(caller, ['committee', 'township']);
  const offset = decodeCursor(input.cursor);
  const rows = await ctx.store.find(AUDIT, { villageId }, { orderBy: [['at', 'desc'], ['_id', 'desc']], skip: offset, limit: pageSize + 1 });
  return pageOf(rows.map(auditView), offset, pageSize);
}
