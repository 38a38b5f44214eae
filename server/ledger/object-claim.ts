/** objectClaim — during 公示 any member of the village may object; the claim goes back to the committee. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { requireCleanText } from '../kernel/openapi';
import { committeeAddress } from './access';
import { applyClaimStep, claimParties } from './claim-step';
import { type ClaimOutput, idSchema, reasonSchema, villageIdSchema } from './contract';

export const objectClaim = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema, claimId: idSchema, reason: reasonSchema }),
  output: returns<ClaimOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open', 'claim_not_found', 'claim_not_public', 'cannot_object_own_claim', 'already_objected'],
  run: async (ctx, input) => {
    return applyClaimStep(
      ctx,
      input,
      'object',
      () => undefined,
      (claim, caller) => ({
        changes: { publicUntil: null, objections: [...(claim.objections ?? []), { byId: caller._id, byName: caller.name, reason: input.reason, at: ctx.now }] },
        draft: () => ({
          summary: `对${claim.householdName}「${claim.ruleName}」提出异议：${input.reason}`,
          details: { claimId: claim.claimId },
          notify: [committeeAddress(input.villageId), ...claimParties(claim)],
        }),
        check: async () => {
          if (claimParties(claim).includes(caller._id)) throw new AppError('cannot_object_own_claim');
          if ((claim.objections ?? []).some((o) => o.byId === caller._id)) throw new AppError('already_objected');
          await requireCleanText(ctx, [input.reason]);
        },
      }),
    );
  },
});
