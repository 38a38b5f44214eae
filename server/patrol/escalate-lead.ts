/** escalateLead — a grid worker hands the lead to the committee (it stays in the committee's queue). */
import { roleAddress } from '../kernel/audit';
import type { Ctx } from '../kernel/context';
import type { PatrolParsed, TriageOutput } from './contract';
import { triage } from './triage';

export async function escalateLead(ctx: Ctx, input: PatrolParsed<'escalateLead'>): Promise<TriageOutput> {
  const reason = input.reason?.trim() ?? '';
  return triage(ctx, input.villageId, input.leadId, 'escalate', {
    prepare: async () => ({ escalatedAt: ctx.now, dismissReason: null, ...(reason ? { escalateReason: reason } : {}) }),
    summary: (lead) => `上报村委：${lead.authorName} 的线索${reason ? `（${reason}）` : ''}`,
    notify: () => [roleAddress('committee', input.villageId)],
  });
}
