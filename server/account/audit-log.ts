/** auditLog — the village's trail, newest first: for the committee and the township's staff. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT } from '../kernel/audit';
import { loadCaller, requireRole } from '../kernel/auth';
import { villageScoped, pageSchema, type AuditView, type Page } from './contract';
import { auditView, decodeCursor, pageOf } from './model';

export const auditLog = defineAction({
  /** committee and township staff: the village's audit trail, newest first */
  input: z.object({ ...villageScoped, ...pageSchema.shape }),
  output: returns<Page<AuditView>>(),
  who: ['committee', 'township'],
  run: async (ctx, input) => {
    const { villageId, pageSize } = input;
    const { caller } = await loadCaller(ctx, villageId);
    requireRole(caller, ['committee', 'township']);
    const offset = decodeCursor(input.cursor);
    const rows = await ctx.store.find(AUDIT, { villageId }, { orderBy: [['at', 'desc'], ['_id', 'desc']], skip: offset, limit: pageSize + 1 });
    return pageOf(rows.map(auditView), offset, pageSize);
  },
});
