/**
 * submitClaim — a resident claims points for their household under a rule, or a grid worker for a
 * resident of their grids (代办, the record says so), or the committee for any household (deductions
 * too). The claim is phase one (pending): it counts against the rule's period limit at once, so two
 * claims cannot both slip under it; the points post only after review and 公示. One read, one
 * compare-and-set (or the account's creation), one audit record.
 */
import { z } from 'zod';
import { text } from '../kernel/text';
import { fileIdSchema } from '../kernel/file-id';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { hasRole } from '../kernel/auth';
import { requireOwnFiles } from '../kernel/files';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { committeeAddress, consentNote, targetHousehold } from './access';
import { type ClaimOutput, consentSchema, idSchema, villageIdSchema } from './contract';
import { accountIdOf, claimView, LEDGER, loadLedger, newAccount, periodKeyOf, usageOf, type ClaimDoc } from './model';

export const submitClaim = defineAction({
  input: z.object({
    villageId: villageIdSchema,
    ruleId: idSchema,
    /** 代办: the resident the claim is for (their household earns) */
    residentId: idSchema.optional(),
    /** 代办 for a resident who uses WeChat: how they agreed (not needed for an offline resident) */
    consent: consentSchema.optional(),
    /** committee: the household directly */
    householdId: idSchema.optional(),
    note: text(300, { min: 1, multiline: true }),
    photos: z.array(fileIdSchema).max(6).default([]),
  }),
  output: returns<ClaimOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open', 'resident_not_found', 'consent_required', 'household_required', 'unknown_rule', 'rule_disabled', 'rule_not_claimable', 'deduction_committee_only', 'over_period_limit'],
  run: async (ctx, input) => {
    const { villageId } = input;
    requireOwnFiles(ctx, villageId, input.photos);
    const people = [input.residentId, input.householdId].filter((x): x is string => !!x);
    // a household named outright brings its account by id; a resident's (or the caller's) comes through their householdId
    const loaded = await loadLedger(ctx, villageId, { people, households: true, ledgerIds: input.householdId ? [accountIdOf(input.householdId)] : [] });
    const { caller, book } = loaded;
    const target = targetHousehold(loaded, input);
    const account = loaded.accounts.get(target.householdId);
    const household = loaded.householdDocs.get(target.householdId);
    if (!account && !household) throw new AppError('household_required');
    const householdName = account?.householdName ?? `${household!.headName}户`;

    const rule = book.rules[input.ruleId];
    if (!rule) throw new AppError('unknown_rule');
    const claimId = `c${ctx.newId('claim').slice(0, 12)}`;
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      targetId: accountIdOf(target.householdId),
      summary: `${target.onBehalfOf ? `代 ${target.onBehalfOf.name}${consentNote(target)} ` : ''}申报「${rule.name}」${rule.points > 0 ? '+' : ''}${rule.points} 分（${householdName}）`,
      details: { claimId, ruleId: rule.ruleId, points: rule.points, householdId: target.householdId, ...(target.consent ? { consent: target.consent } : {}) },
      notify: [committeeAddress(villageId), ...(target.onBehalfOf ? [target.onBehalfOf._id] : [])],
    };
    const prior = priorOf<ClaimOutput>(ctx, account);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (!rule.enabled) throw new AppError('rule_disabled');
    if (rule.source !== 'claim') throw new AppError('rule_not_claimable');
    if (rule.points < 0 && !hasRole(caller, ['committee'])) throw new AppError('deduction_committee_only');
    const periodKey = periodKeyOf(rule.period, ctx.now);
    const used = usageOf(account, rule.ruleId, periodKey);
    if (rule.limit !== null && used >= rule.limit) throw new AppError('over_period_limit');
    await requireCleanText(ctx, [input.note]);

    const claim: ClaimDoc = {
      claimId,
      ruleId: rule.ruleId,
      ruleName: rule.name,
      category: rule.category,
      points: rule.points,
      ruleVersion: rule.version,
      period: rule.period,
      periodKey,
      status: 'pending',
      note: input.note,
      photos: input.photos,
      claimantId: caller._id,
      claimantName: caller.name,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      onBehalfOfName: (target.onBehalfOf?.name as string | undefined) ?? null,
      createdAt: ctx.now,
      reviewedBy: null,
      publicUntil: null,
      reason: null,
      objections: [],
      postedAt: null,
    };
    const out: ClaimOutput = { claim: claimView({ householdId: target.householdId, householdName }, claim) };
    const usagePath = `usage.${rule.ruleId}.${periodKey}`;
    if (!account) {
      const fresh = newAccount({ _id: household!._id, villageId, headName: household!.headName, gridId: household!.gridId }, ctx.now);
      // a concurrent first write for the same household makes this create fail: `conflict`, the client retries
      await ctx.store.create(LEDGER, { ...fresh, claims: { [claimId]: claim }, usage: { [rule.ruleId]: { [periodKey]: 1 } }, ...markerField(ctx, out) });
    } else {
      // the usage read must still hold: a concurrent claim under the same rule makes this one retry
      const updated = await ctx.store.updateWhere(
        LEDGER,
        { _id: account._id, [usagePath]: used === 0 ? { $in: [null, 0] } : used, ...notYetApplied(ctx) },
        { $set: { [`claims.${claimId}`]: claim, ...markerSet(ctx, out) }, $inc: { [usagePath]: 1 } },
      );
      if (updated !== 1) throw new AppError('conflict');
    }
    await appendAudit(ctx, draft);
    return out;
  },
});
