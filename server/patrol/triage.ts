/**
 * The five triage actions share one shape (one file per action holds what differs):
 * read the caller and the lead (1), check role, grid and state against TRIAGE, compare-and-set the
 * lead from the state it was read in (2) — 0 updated means someone else acted first:
 * `lead_already_handled`, nothing written — and append the audit record (3), naming the people the
 * change concerns and, when it confirms the lead, the `lead_confirmed` event for the 道德银行.
 */
import { AUDIT, appendAudit, type DomainEvent } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { TriageOutput } from './contract';
import { PATROL, isCommittee, isMessage, loadPatrol, requireInScope, requireTriager, type MessageDoc } from './model';
import { TRIAGE, type TriageAction } from './states';

/** What triage itself may answer: every triage action declares these besides its own. */
export const TRIAGE_ERRORS = ['lead_not_found', 'lead_already_handled', 'lead_escalated'] as const;

export interface TriageStep {
  /** checks that need the lead (text present, …) and fields the write sets (the ticket id it will file) */
  prepare?(lead: MessageDoc, caller: MemberDoc): Promise<Partial<MessageDoc>>;
  /**
   * work done once the lead is this request's (filing the ticket), also on a retry of it: only the winner of
   * the compare-and-set does it, so two workers acting at once never both file. A refusal here gives the
   * lead back (`undo`) and reaches the caller.
   */
  after?(lead: MessageDoc, out: TriageOutput): Promise<void>;
  summary(lead: MessageDoc, caller: MemberDoc): string;
  /** people (register ids or role addresses) the change concerns, besides the defaults */
  notify?(lead: MessageDoc): string[];
}

export async function triage(ctx: Ctx, villageId: string, leadId: string, action: TriageAction, step: TriageStep): Promise<TriageOutput> {
  const { caller, docs } = await loadPatrol(ctx, villageId, { ids: [leadId] });
  requireTriager(caller);
  const lead = docs.get(leadId);
  if (!isMessage(lead) || lead.leadId !== lead._id || lead.leadStatus === null) throw new AppError('lead_not_found');
  requireInScope(caller, lead.gridId);
  const rule = TRIAGE[action];

  const draftOf = (out: TriageOutput) => {
    const residentId = lead.authorId ?? lead.flaggerIds?.[0] ?? null;
    const event: DomainEvent | undefined =
      rule.confirms && residentId
        ? { type: 'lead_confirmed', residentId, householdId: lead.authorId ? lead.householdId : null, sourceKey: `lead_confirmed:${leadId}` }
        : undefined;
    const people = new Set<string>([...(step.notify?.(lead) ?? [])]);
    people.delete(caller._id);
    return {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: leadId,
      summary: step.summary(lead, caller),
      details: { action, from: lead.leadStatus, to: out.status, ticketId: out.ticketId ?? null, gridId: lead.gridId },
      notify: [...people],
      event,
    };
  };

  const prior = priorOf<TriageOutput>(ctx, lead);
  if (prior.kind === 'replay') {
    // the first try may have died between its write and its work (the ticket): its audit record, written
    // last, says whether it got that far (one read, on this path only); if not, finish it — it is idempotent
    if (step.after && !(await ctx.store.get(AUDIT, `${leadId}#${ctx.requestId}`))) await step.after(lead, prior.out);
    await appendAudit(ctx, draftOf(prior.out), prior.at);
    return prior.out;
  }
  if (!(rule.from as readonly string[]).includes(lead.leadStatus)) throw new AppError('lead_already_handled');
  if (lead.leadStatus === 'escalated' && !isCommittee(caller)) throw new AppError('lead_escalated');

  const extra = (await step.prepare?.(lead, caller)) ?? {};
  const out: TriageOutput = { leadId, status: rule.to, ...(extra.ticketId ? { ticketId: extra.ticketId } : {}) };
  const updated = await ctx.store.updateWhere(
    PATROL,
    { _id: leadId, leadStatus: lead.leadStatus, ...notYetApplied(ctx) },
    {
      $set: {
        ...extra,
        leadStatus: rule.to,
        // an escalated lead still waits, for the committee
        needsReview: rule.to === 'escalated',
        firstReviewAt: lead.firstReviewAt ?? ctx.now,
        handledBy: caller._id,
        handledByName: caller.name,
        handledAt: ctx.now,
        ...markerSet(ctx, out),
      },
    },
  );
  if (updated !== 1) throw new AppError('lead_already_handled');
  if (step.after) {
    try {
      await step.after(lead, out);
    } catch (error) {
      // the work was refused (the grid said no): every field the write set goes back as it was, marker and all
      const written = ['leadStatus', 'needsReview', 'firstReviewAt', 'handledBy', 'handledByName', 'handledAt', ...Object.keys(extra)];
      const back = Object.fromEntries(written.filter((k) => lead[k] !== undefined).map((k) => [k, lead[k]]));
      const gone = Object.fromEntries([...written.filter((k) => lead[k] === undefined), `reqs.${ctx.requestId}`].map((k) => [k, true as const]));
      await ctx.store.updateWhere(PATROL, { _id: leadId, leadStatus: rule.to, [`reqs.${ctx.requestId}`]: { $exists: true } }, { $set: back, $unset: gone });
      throw error;
    }
  }
  await appendAudit(ctx, draftOf(out));
  return out;
}

/** Everyone who wrote or flagged the lead's head (the people a reply or a decision concerns). */
export function peopleOf(lead: MessageDoc): string[] {
  return [...(lead.authorId ? [lead.authorId] : []), ...(lead.flaggerIds ?? [])];
}
