/**
 * The claim's transitions as data, and the one way they are applied: read the claim with the caller (1),
 * compare-and-set on the claim's own document and status (2), audit (3). A retry with the same requestId is
 * answered from the marker on the claim and heals a missing audit record.
 */
import { appendAudit, type AuditDraft } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { ClaimOutput, ClaimStatus } from './contract';
import { claimDocIdOf, claimView, LEDGER, loadLedger, type ClaimDoc, type Loaded } from './model';

/** step → the statuses it starts from and the one it ends in */
export const CLAIM_TRANSITIONS = {
  approve: { from: ['pending'], to: 'public' },
  reject: { from: ['pending'], to: 'rejected' },
  object: { from: ['public'], to: 'pending' },
  void: { from: ['pending', 'public'], to: 'voided' },
  post: { from: ['public'], to: 'posted' },
} as const satisfies Record<string, { from: readonly ClaimStatus[]; to: ClaimStatus }>;
export type ClaimStep = keyof typeof CLAIM_TRANSITIONS;

export interface StepPlan {
  /** the claim's fields after the step */
  changes: Partial<ClaimDoc>;
  draft: () => Omit<AuditDraft, 'villageId' | 'actorId' | 'actorName' | 'targetId'>;
  /** checks and texts before writing */
  check?: () => Promise<void> | void;
}

export async function applyClaimStep(
  ctx: Ctx,
  input: { villageId: string; householdId: string; claimId: string },
  step: ClaimStep,
  authorise: (loaded: Loaded) => void,
  plan: (claim: ClaimDoc, caller: MemberDoc, loaded: Loaded) => StepPlan,
): Promise<ClaimOutput> {
  const { villageId, householdId, claimId } = input;
  const id = claimDocIdOf(householdId, claimId);
  const loaded = await loadLedger(ctx, villageId, { ledgerIds: [id] });
  authorise(loaded);
  const claim = loaded.docs.get(id) as ClaimDoc | undefined;
  if (!claim || claim.kind !== 'claim') throw new AppError('claim_not_found');
  const { caller } = loaded;
  const p = plan(claim, caller, loaded);
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: id, ...p.draft() };
  const prior = priorOf<ClaimOutput>(ctx, claim);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  const transition = CLAIM_TRANSITIONS[step];
  if (!(transition.from as readonly string[]).includes(claim.status)) throw new AppError(claim.status === 'public' || step === 'object' ? 'claim_not_public' : 'claim_not_pending');
  await p.check?.();
  const out: ClaimOutput = { claim: claimView({ ...claim, ...p.changes, status: transition.to }) };
  const updated = await ctx.store.updateWhere(
    LEDGER,
    { _id: id, status: claim.status, ...notYetApplied(ctx) },
    { $set: { ...p.changes, status: transition.to, updatedAt: ctx.now, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}

export const claimParties = (claim: ClaimDoc): string[] => [claim.claimantId, ...(claim.onBehalfOf ? [claim.onBehalfOf] : [])];
