/** voidClaim — the committee voids a pending or public claim (phase two without posting); its period usage is given back. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { requireCleanText } from '../kernel/openapi';
import { applyClaimStep, claimParties } from './claim-step';
import { type ClaimOutput, idSchema, reasonSchema, villageIdSchema } from './contract';

export const voidClaim = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, claimId: idSchema, reason: reasonSchema }),
  output: returns<ClaimOutput>(),
  who: ['committee'],
  errors: ['ledger_not_open', 'claim_not_found', 'claim_not_pending', 'claim_not_public'],
  run: async (ctx, input) => {
    return applyClaimStep(
      ctx,
      input,
      'void',
      ({ caller }) => requireRole(caller, ['committee']),
      (claim, caller) => ({
        changes: { publicUntil: null, reviewedBy: caller._id, reason: input.reason },
        draft: () => ({ summary: `作废${claim.householdName}「${claim.ruleName}」：${input.reason}`, details: { claimId: claim.claimId }, notify: claimParties(claim) }),
        check: () => requireCleanText(ctx, [input.reason]),
      }),
    );
  },
});
