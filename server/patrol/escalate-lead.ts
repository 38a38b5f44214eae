/** escalateLead — a grid worker hands the lead to the committee (it stays in the committee's queue). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { roleAddress } from '../kernel/audit';
import { reasonSchema, leadRef, type TriageOutput } from './contract';
import { TRIAGE_ERRORS, triage } from './triage';

export const escalateLead = defineAction({
  input: z.object({ ...leadRef, reason: reasonSchema.optional() }),
  output: returns<TriageOutput>(),
  who: ['grid_worker', 'committee'],
  errors: [...TRIAGE_ERRORS],
  run: async (ctx, input) => {
    const reason = input.reason?.trim() ?? '';
    return triage(ctx, input.villageId, input.leadId, 'escalate', {
      prepare: async () => ({ escalatedAt: ctx.now, dismissReason: null, ...(reason ? { escalateReason: reason } : {}) }),
      summary: (lead) => `上报村委：${lead.authorName} 的线索${reason ? `（${reason}）` : ''}`,
      notify: () => [roleAddress('committee', input.villageId)],
    });
  },
});
