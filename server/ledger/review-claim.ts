/** reviewClaim — the committee approves a pending claim (→ 公示 for the village's N days) or rejects it with a reason. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { requireCleanText } from '../kernel/openapi';
import { applyClaimStep, claimParties } from './claim-step';
import { type ClaimOutput, idSchema, reasonSchema, villageIdSchema } from './contract';
import { DAY_MS } from './model';

export const reviewClaim = defineAction({
  input: z.discriminatedUnion('decision', [
    z.object({ villageId: villageIdSchema, householdId: idSchema, claimId: idSchema, decision: z.literal('approve') }),
    z.object({ villageId: villageIdSchema, householdId: idSchema, claimId: idSchema, decision: z.literal('reject'), reason: reasonSchema }),
  ]),
  output: returns<ClaimOutput>(),
  who: ['committee'],
  errors: ['ledger_not_open', 'claim_not_found', 'claim_not_pending', 'claim_not_public'],
  run: async (ctx, input) => {
    const approve = input.decision === 'approve';
    return applyClaimStep(
      ctx,
      input,
      approve ? 'approve' : 'reject',
      ({ caller }) => requireRole(caller, ['committee']),
      (claim, caller, { book }) => {
        const days = book.settings.publicNoticeDays;
        const reason = input.decision === 'reject' ? input.reason : null;
        return {
          // a rejected claim no longer counts against the rule's period limit (only pending, public, posted do)
          changes: approve ? { publicUntil: ctx.now + days * DAY_MS, reviewedBy: caller._id, reason: null } : { reviewedBy: caller._id, reason },
          draft: () => ({
            summary: approve
              ? `同意${claim.householdName}「${claim.ruleName}」${claim.points} 分，公示 ${days} 天`
              : `未通过${claim.householdName}「${claim.ruleName}」：${reason}`,
            details: { claimId: claim.claimId, decision: input.decision },
            notify: claimParties(claim),
          }),
          check: async () => {
            if (reason) await requireCleanText(ctx, [reason]);
          },
        };
      },
    );
  },
});
