/** sealAudit — timer, every 30 minutes: bind what reached the audit trail into each village's hash chain (kernel/audit-chain.ts). */
import { sealAudit as seal, type SealOutcome } from '../kernel/audit-chain';
import type { Ctx } from '../kernel/context';

export async function sealAudit(ctx: Ctx): Promise<SealOutcome> {
  return seal(ctx.store, ctx.now);
}
