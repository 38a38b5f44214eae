/** voidClaim — the committee voids a pending or public claim (phase two without posting); its period usage is given back. */
import { requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { requireCleanText } from '../kernel/openapi';
import { applyClaimStep, claimParties, giveBackUsage } from './claim-step';
import type { ClaimOutput, LedgerParsed } from './contract';

export async function voidClaim(ctx: Ctx, input: LedgerParsed<'voidClaim'>): Promise<ClaimOutput> {
  return applyClaimStep(
    ctx,
    input,
    'void',
    ({ caller }) => requireRole(caller, ['committee']),
    (claim, account, caller) => ({
      claim: { ...claim, status: 'voided', publicUntil: null, reviewedBy: caller._id, reason: input.reason },
      update: giveBackUsage(claim),
      draft: () => ({ summary: `作废${account.householdName}「${claim.ruleName}」：${input.reason}`, details: { claimId: claim.claimId }, notify: claimParties(claim) }),
      check: () => requireCleanText(ctx, [input.reason]),
    }),
  );
}
