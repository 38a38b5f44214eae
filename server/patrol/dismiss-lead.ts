/** dismissLead — nothing to act on (a joke, already solved, not the village's business), with the reason. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { reasonSchema, leadRef, type TriageOutput } from './contract';
import { TRIAGE_ERRORS, triage } from './triage';

export const dismissLead = defineAction({
  input: z.object({ ...leadRef, reason: reasonSchema }),
  output: returns<TriageOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['reason_required', ...TRIAGE_ERRORS],
  run: async (ctx, input) => {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('reason_required');
    return triage(ctx, input.villageId, input.leadId, 'dismiss', {
      // seen by the grid workers and the committee only: no msgSecCheck needed
      prepare: async () => ({ dismissReason: reason }),
      summary: (lead) => `排除线索（${lead.authorName}）：${reason}`,
    });
  },
});
