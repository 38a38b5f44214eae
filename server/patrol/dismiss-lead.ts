/** dismissLead — nothing to act on (a joke, already solved, not the village's business), with the reason. */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { PatrolParsed, TriageOutput } from './contract';
import { triage } from './triage';

export async function dismissLead(ctx: Ctx, input: PatrolParsed<'dismissLead'>): Promise<TriageOutput> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('reason_required');
  return triage(ctx, input.villageId, input.leadId, 'dismiss', {
    // seen by the grid workers and the committee only: no msgSecCheck needed
    prepare: async () => ({ dismissReason: reason }),
    summary: (lead) => `排除线索（${lead.authorName}）：${reason}`,
  });
}
