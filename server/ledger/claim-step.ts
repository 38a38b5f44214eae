/**
 * The claim's transitions as data, and the one way they are applied: read the household's account with the
 * caller (1), compare-and-set on the claim's status (2), audit (3). A retry with the same requestId is
 * answered from the marker on the account and heals a missing audit record.
 */
import { appendAudit, type AuditDraft } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { Update } from '../kernel/store';
import type { ClaimOutput, ClaimStatus } from './contract';
import { accountIdOf, claimView, dueAtAfter, LEDGER, loadLedger, type AccountDoc, type ClaimDoc, type Loaded } from './model';

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
  /** the claim after the step */
  claim: ClaimDoc;
  /** further changes to the account (usage given back …) */
  update?: Update;
  draft: (account: AccountDoc, caller: MemberDoc) => Omit<AuditDraft, 'villageId' | 'actorId' | 'actorName' | 'targetId'>;
  /** checks and texts before writing */
  check?: (claim: ClaimDoc, caller: MemberDoc) => Promise<void> | void;
}

export async function applyClaimStep(
  ctx: Ctx,
  input: { villageId: string; householdId: string; claimId: string },
  step: ClaimStep,
  authorise: (loaded: Loaded) => void,
  plan: (claim: ClaimDoc, account: AccountDoc, caller: MemberDoc, loaded: Loaded) => StepPlan,
): Promise<ClaimOutput> {
  const { villageId, householdId, claimId } = input;
  const accountId = accountIdOf(householdId);
  const loaded = await loadLedger(ctx, villageId, { ledgerIds: [accountId] });
  authorise(loaded);
  const account = loaded.accounts.get(householdId);
  const claim = account?.claims?.[claimId];
  if (!account || !claim) throw new AppError('claim_not_found');
  const { caller } = loaded;
  const transition = CLAIM_TRANSITIONS[step];
  const p = plan(claim, account, caller, loaded);
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: accountId, ...p.draft(account, caller) };
  const prior = priorOf<ClaimOutput>(ctx, account);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  if (!(transition.from as readonly string[]).includes(claim.status)) throw new AppError(claim.status === 'public' || step === 'object' ? 'claim_not_public' : 'claim_not_pending');
  await p.check?.(claim, caller);
  const out: ClaimOutput = { claim: claimView(account, p.claim) };
  const dueAt = dueAtAfter(account, { [claimId]: p.claim });
  const updated = await ctx.store.updateWhere(
    LEDGER,
    { _id: accountId, [`claims.${claimId}.status`]: claim.status, ...notYetApplied(ctx) },
    { ...p.update, $set: { ...(p.update?.$set ?? {}), [`claims.${claimId}`]: p.claim, dueAt, ...markerSet(ctx, out) } },
  );
  if (updated !== 1) throw new AppError('conflict');
  await appendAudit(ctx, draft);
  return out;
}

/** the usage a claim took from its rule's period limit, given back when it will never post */
export function giveBackUsage(claim: ClaimDoc): Update {
  return { $inc: { [`usage.${claim.ruleId}.${claim.periodKey}`]: -1 } };
}

export const claimParties = (claim: ClaimDoc): string[] => [claim.claimantId, ...(claim.onBehalfOf ? [claim.onBehalfOf] : [])];
