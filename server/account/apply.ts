/**
 * Asking to join a village — shared by joinByInvite and joinByGroupCard. The application IS the
 * person's register entry `${villageId}:u:${openid}` in state `pending` (a refused applicant's entry
 * goes back to pending). Written once with its idempotency marker, then audited.
 */
import { appendAudit } from '../kernel/audit';
import { REGISTER, memberIdOf } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { JoinOutput } from './contract';
import type { PersonDoc } from './model';

interface Applicant {
  name: string;
  householdHint?: string;
  address?: string;
  phone?: string;
}

export interface Destination {
  villageId: string;
  villageName: string;
  townshipId: string;
  townshipName: string;
  via: 'invite' | 'group_card';
  inviteId: string | null;
}

/** What my own entries in the register say before I apply: replay, refuse, or go on. */
export function precheck(ctx: Ctx, mine: PersonDoc | undefined): { kind: 'replay'; at: number; out: JoinOutput } | { kind: 'fresh' } {
  const prior = priorOf<JoinOutput>(ctx, mine);
  if (prior.kind === 'replay') return prior;
  if (mine?.status === 'active') throw new AppError('already_member');
  if (mine?.status === 'pending') throw new AppError('already_applied');
  return { kind: 'fresh' };
}

function auditDraft(ctx: Ctx, dest: Destination, applicant: Applicant) {
  const id = memberIdOf(dest.villageId, ctx.openid);
  return {
    villageId: dest.villageId,
    actorId: id,
    actorName: applicant.name,
    targetId: id,
    summary: `${applicant.name} 申请加入${dest.via === 'invite' ? '（邀请码）' : '（微信群卡片）'}`,
    details: { via: dest.via, inviteId: dest.inviteId },
  };
}

export async function replay(ctx: Ctx, dest: Destination, applicant: Applicant, at: number, out: JoinOutput): Promise<JoinOutput> {
  await appendAudit(ctx, auditDraft(ctx, dest, applicant), at);
  return out;
}

export async function apply(ctx: Ctx, dest: Destination, applicant: Applicant, mine: PersonDoc | undefined): Promise<JoinOutput> {
  await requireCleanText(ctx, [applicant.name, applicant.householdHint, applicant.address]);
  const id = memberIdOf(dest.villageId, ctx.openid);
  const out: JoinOutput = { applicationId: id, villageId: dest.villageId, villageName: dest.villageName, status: 'pending' };
  const fields = {
    status: 'pending' as const,
    name: applicant.name,
    householdHint: applicant.householdHint ?? '',
    address: applicant.address ?? '',
    phone: applicant.phone ?? null,
    via: dest.via,
    inviteId: dest.inviteId,
    appliedAt: ctx.now,
    updatedAt: ctx.now,
    rejectReason: null,
    reviewedBy: null,
    reviewedAt: null,
  };
  if (mine) {
    // refused before: back to pending, only if nobody changed it meanwhile
    const updated = await ctx.store.updateWhere(REGISTER, { _id: id, status: 'rejected', ...notYetApplied(ctx) }, { $set: { ...fields, ...markerSet(ctx, out) } });
    if (updated !== 1) throw new AppError('conflict');
  } else {
    const doc: PersonDoc = {
      _id: id,
      kind: 'person',
      villageId: dest.villageId,
      villageName: dest.villageName,
      townshipId: dest.townshipId,
      townshipName: dest.townshipName,
      openid: ctx.openid,
      offline: false,
      managedBy: null,
      roles: [],
      gridIds: [],
      householdId: null,
      gridId: null,
      birthYear: null,
      elderly: false,
      note: '',
      createdAt: ctx.now,
      ...fields,
    };
    await ctx.store.create(REGISTER, { ...doc, ...markerField(ctx, out) });
  }
  await appendAudit(ctx, auditDraft(ctx, dest, applicant));
  return out;
}
