/**
 * verifyAudit — the committee re-walks the village's audit hash chain, a page at a time (the client calls
 * again with `next` until it is null): three round trips a page (the caller, the blocks, their records).
 * The answer names the first record that does not fit, and how.
 */
import { loadCaller, memberIdOf, requireRole } from '../kernel/auth';
import { startOfChain, verifyPage } from '../kernel/audit-chain';
import type { Ctx } from '../kernel/context';
import { CHAIN_PROBLEMS, type AccountParsed, type VerifyAuditOutput } from './contract';

export async function verifyAudit(ctx: Ctx, input: AccountParsed<'verifyAudit'>): Promise<VerifyAuditOutput> {
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
}
