/**
 * accountClock — the account job's timer, hourly (cloudfunctions/account/config.json, at a quarter past, apart
 * from the other jobs' ticks): binds what reached the audit trail into each village's hash chain
 * (kernel/audit-chain.ts), then rolls up the days of participation (rollup-days.ts). One trigger for both
 * because every tick is a billed call whether or not anything is due; both are idempotent, so a tick that
 * fails is simply done again by the next.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { sealAudit, type SealOutcome } from '../kernel/audit-chain';
import { rollUpDays, type RollupOutcome } from './rollup-days';

export const accountClock = defineAction({
  input: z.object({}),
  output: returns<{ seal: SealOutcome; rollup: RollupOutcome }>(),
  who: 'timer',
  run: async (ctx) => {
    const seal = await sealAudit(ctx.store, ctx.now);
    return { seal, rollup: await rollUpDays(ctx) };
  },
});
