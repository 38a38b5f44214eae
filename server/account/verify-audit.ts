/**
 * verifyAudit — the committee re-walks the village's audit hash chain, a page at a time (the client calls
 * again with `next` until it is null): three round trips a page (the caller, the blocks, their records).
 * The answer names the first record that does not fit, and how.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { loadCaller, memberIdOf, requireRole } from '../kernel/auth';
import { startOfChain, verifyPage } from '../kernel/audit-chain';
import { villageScoped, CHAIN_PROBLEMS, type VerifyAuditOutput } from './contract';

export const verifyAudit = defineAction({
  /** committee: re-walk the village's audit hash chain from `from` (the previous answer's `next`) */
  input: z.object({
    ...villageScoped,
    from: z.object({ nextSeq: z.number().int().min(1), prev: z.string().regex(/^[0-9a-f]{64}$/), through: z.number().int().min(0) }).optional(),
  }),
  output: returns<VerifyAuditOutput>(),
  who: ['committee'],
  run: async (ctx, input) => {
    const { caller } = await loadCaller(ctx, input.villageId);
    requireRole(caller, ['committee']);
    // the records' read is one aggregate rooted at the caller's own entry (known to exist): three round trips a page
    const page = await verifyPage(ctx.store, input.villageId, input.from ?? startOfChain(input.villageId), { rootId: memberIdOf(input.villageId, ctx.openid) });
    return {
      checkedRecords: page.checkedRecords,
      checkedBlocks: page.checkedBlocks,
      problem: page.problem ? { ...page.problem, label: CHAIN_PROBLEMS[page.problem.kind] } : null,
      next: page.next,
      head: page.head,
    };
  },
});
