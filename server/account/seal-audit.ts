/** sealAudit — timer, every 30 minutes: bind what reached the audit trail into each village's hash chain (kernel/audit-chain.ts). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { sealAudit as seal, type SealOutcome } from '../kernel/audit-chain';

export const sealAudit = defineAction({
  input: z.object({}),
  output: returns<SealOutcome>(),
  who: 'timer',
  run: async (ctx, _input) => {
    return seal(ctx.store, ctx.now);
  },
});
