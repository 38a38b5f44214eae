/**
 * submitClaim — a resident claims points for their household under a rule, or a grid worker for a
 * resident of their grids (代办, the record says so), or the committee for any household (deductions
 * too). The claim is phase one (pending), a document of its own: it counts against the rule's period limit
 * at once, because its id is the next usage slot of that rule and period (`<ruleId>-<periodKey>-<n>`) — two
 * claims reading the same slots take the same id and only one insert succeeds (the other answers
 * `conflict`, and its retry reads afresh). The points post only after review and 公示. One read (the
 * household's claims under the rule this period come along), one insert, one audit record.
 */
import { z } from 'zod';
import { text } from '../kernel/text';
import { fileIdSchema } from '../kernel/file-id';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { hasRole } from '../kernel/auth';
import { requireOwnFiles } from '../kernel/files';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { committeeAddress, consentNote, targetHousehold } from './access';
import { type ClaimOutput, consentSchema, idSchema, villageIdSchema } from './contract';
import { claimDocIdOf, claimView, COUNTED_CLAIM_STATUSES, LEDGER, loadLedger, periodKeyOf, periodKeysAt, type ClaimDoc } from './model';

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
    // the household's claims under this rule in the current periods (its usage slots), and this request's own claim if it made one
    const claims = {
      match: {
        kind: 'claim',
        ...(input.householdId ? { householdId: input.householdId } : {}),
        $or: [{ ruleId: input.ruleId, periodKey: { $in: periodKeysAt(ctx.now) } }, { [`reqs.${ctx.requestId}`]: { $exists: true } }],
      },
      then: [{ $limit: 200 }],
      ofHouseholds: !input.householdId,
    };
    const loaded = await loadLedger(ctx, villageId, { people, households: true, more: { claims } });
    const { caller, book } = loaded;
    const target = targetHousehold(loaded, input);
    const account = loaded.accounts.get(target.householdId);
    const household = loaded.householdDocs.get(target.householdId);
    if (!account && !household) throw new AppError('household_required');
    const householdName = account?.householdName ?? `${household!.headName}户`;
    const mine = (loaded.more.claims as ClaimDoc[]).filter((c) => c.householdId === target.householdId);

    const rule = book.rules[input.ruleId];
    if (!rule) throw new AppError('unknown_rule');
    const periodKey = periodKeyOf(rule.period, ctx.now);
    const slots = mine.filter((c) => c.ruleId === rule.ruleId && c.periodKey === periodKey);
    const slot = Math.max(0, ...slots.map((c) => c.slot ?? 0)) + 1;
    const earlier = mine.find((c) => c.reqs && Object.prototype.hasOwnProperty.call(c.reqs, ctx.requestId));
    const claimId = earlier?.claimId ?? `${rule.ruleId}-${periodKey}-${slot}`;
    const id = claimDocIdOf(target.householdId, claimId);
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      targetId: id,
      summary: `${target.onBehalfOf ? `代 ${target.onBehalfOf.name}${consentNote(target)} ` : ''}申报「${rule.name}」${rule.points > 0 ? '+' : ''}${rule.points} 分（${householdName}）`,
      details: { claimId, ruleId: rule.ruleId, points: rule.points, householdId: target.householdId, ...(target.consent ? { consent: target.consent } : {}) },
      notify: [committeeAddress(villageId), ...(target.onBehalfOf ? [target.onBehalfOf._id] : [])],
    };
    const prior = priorOf<ClaimOutput>(ctx, earlier);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (!rule.enabled) throw new AppError('rule_disabled');
    if (rule.source !== 'claim') throw new AppError('rule_not_claimable');
    if (rule.points < 0 && !hasRole(caller, ['committee'])) throw new AppError('deduction_committee_only');
    const used = slots.filter((c) => COUNTED_CLAIM_STATUSES.includes(c.status)).length;
    if (rule.limit !== null && used >= rule.limit) throw new AppError('over_period_limit');
    await requireCleanText(ctx, [input.note]);

    const claim: ClaimDoc = {
      _id: id,
      kind: 'claim',
      villageId,
      householdId: target.householdId,
      householdName,
      gridId: account?.gridId ?? household?.gridId ?? null,
      claimId,
      ruleId: rule.ruleId,
      ruleName: rule.name,
      category: rule.category,
      points: rule.points,
      ruleVersion: rule.version,
      period: rule.period,
      periodKey,
      slot,
      status: 'pending',
      note: input.note,
      photos: input.photos,
      claimantId: caller._id,
      claimantName: caller.name,
      onBehalfOf: target.onBehalfOf?._id ?? null,
      onBehalfOfName: (target.onBehalfOf?.name as string | undefined) ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      reviewedBy: null,
      publicUntil: null,
      reason: null,
      objections: [],
      postedAt: null,
    };
    const out: ClaimOutput = { claim: claimView(claim) };
    // another claim that took this slot meanwhile makes the insert fail: `conflict`, the retry reads afresh
    await ctx.store.create(LEDGER, { ...claim, ...markerField(ctx, out) });
    await appendAudit(ctx, draft);
    return out;
  },
});
