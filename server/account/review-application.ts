/**
 * reviewApplication — the committee approves an applicant into a household (the household's grid
 * becomes theirs) or refuses with a reason. One read (caller, application, household), one
 * compare-and-set on `status: 'pending'`, one audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { appendAudit } from '../kernel/audit';
import { REGISTER, inVillage, loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { villageScoped, idSchema, type ReviewOutput } from './contract';
import { MEMBER_TRANSITIONS, type HouseholdDoc, type PersonDoc } from './model';

export const reviewApplication = defineAction({
  /** committee: approve into an existing household (its grid follows), or reject with a reason */
  input: z.discriminatedUnion('decision', [
    z.object({ ...villageScoped, applicationId: idSchema, decision: z.literal('approve'), householdId: idSchema }),
    z.object({ ...villageScoped, applicationId: idSchema, decision: z.literal('reject'), reason: text(100, { min: 1 }) }),
  ]),
  output: returns<ReviewOutput>(),
  who: ['committee'],
  errors: ['application_not_pending'],
  run: async (ctx, input) => {
    const { villageId, applicationId } = input;
    const householdId = input.decision === 'approve' ? input.householdId : null;
    const { caller, docs } = await loadCaller(ctx, villageId, householdId ? [applicationId, householdId] : [applicationId]);
    requireRole(caller, ['committee']);
    const app = inVillage(docs.get(applicationId) as PersonDoc | undefined, villageId, 'person');
    const transition = input.decision === 'approve' ? MEMBER_TRANSITIONS.approve : MEMBER_TRANSITIONS.reject;
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: applicationId,
      summary: input.decision === 'approve' ? `批准 ${app.name} 加入` : `未通过 ${app.name} 的申请：${input.reason}`,
      details: { decision: input.decision, householdId },
    };

    const prior = priorOf<ReviewOutput>(ctx, app);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (!(transition.from as readonly string[]).includes(app.status)) throw new AppError('application_not_pending');

    let out: ReviewOutput;
    let change: Record<string, unknown>;
    if (input.decision === 'approve') {
      const household = inVillage(docs.get(input.householdId) as HouseholdDoc | undefined, villageId, 'household');
      out = { applicationId, status: transition.to, householdId: household._id, gridId: household.gridId };
      change = {
        status: transition.to,
        roles: [...new Set([...(app.roles ?? []), 'resident'])],
        householdId: household._id,
        gridId: household.gridId,
        address: app.address || household.address,
      };
    } else {
      await requireCleanText(ctx, [input.reason]);
      out = { applicationId, status: transition.to, householdId: null, gridId: null };
      change = { status: transition.to, rejectReason: input.reason };
    }
    const updated = await ctx.store.updateWhere(
      REGISTER,
      { _id: applicationId, status: { $in: [...transition.from] }, ...notYetApplied(ctx) },
      { $set: { ...change, reviewedBy: caller._id, reviewedAt: ctx.now, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
