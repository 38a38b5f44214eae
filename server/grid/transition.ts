/**
 * The one way a ticket changes state. Every transition command (accept, resolve, confirm …) is a small
 * plan over this engine, which:
 *   1. reads the ticket with the caller (one aggregate, see model.ts),
 *   2. answers a retry of the same requestId from the marker (and heals its audit record),
 *   3. checks role and state against TRANSITIONS (`transition_not_allowed`),
 *   4. compare-and-sets the change on the state it read (status + assignee) with the marker,
 *   5. sends at most one subscribe message per stored consent (and marks it used in that same update),
 *   6. appends the audit record naming the people concerned.
 * Three round trips; a lost race costs a fourth read to say what happened (`already_accepted` …).
 */
import { appendAudit, type AuditDraft, type DomainEvent } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import type { TransitionOutput } from './contract';
import { concerned, deadlineFields, loadTicket, mayTake, requireTransition, ticketNo, TICKETS, type Consent, type Loaded, type TicketDoc } from './model';
import { bucketOf, CONFIRM_WINDOW_DAYS, TICKET_STATUS, TRANSITIONS, type TransitionAction } from './transitions';

export interface Plan {
  /** fields to set besides status, bucket, deadlines and the marker */
  set?: Record<string, unknown>;
  /** one line for the trail (the ticket's number and category are prefixed) */
  summary: string;
  details?: Record<string, unknown>;
  /** extra people to tell (the ones concerned before and after the change are told anyway) */
  notify?: string[];
  /** 代办: the resident the caller acted for */
  onBehalfOf?: string | null;
  event?: DomainEvent | null;
  /** the ticket as it will be, for working out whom to tell (assignee / route changes) */
  after?: Partial<TicketDoc>;
  /** subscribe consent given at this tap (confirm, reopen) */
  newConsents?: Consent[];
}

type Stored = TransitionOutput & { audit?: AuditDraft };

/** Short state names for subscribe messages (WeChat's `phrase` fields take at most 5 characters). */
const SHORT_STATUS: Record<string, string> = {
  submitted: '待受理',
  accepted: '已受理',
  in_progress: '处理中',
  resolved: '已办结',
  confirmed: '已解决',
  reopened: '重新处理',
  rejected: '已转介',
  duplicate: '重复问题',
  closed_unresolved: '已关闭',
  resolved_unconfirmed: '已办结',
};

export async function runTransition(
  ctx: Ctx,
  ref: { villageId: string; ticketId: string },
  action: TransitionAction,
  plan: (loaded: Loaded) => Plan | Promise<Plan>,
  otherIds: string[] = [],
  otherTicketIds: string[] = [],
): Promise<TransitionOutput> {
  const loaded = await loadTicket(ctx, ref.villageId, ref.ticketId, otherIds, otherTicketIds);
  const { ticket, caller } = loaded;
  const prior = priorOf<Stored>(ctx, ticket);
  if (prior.kind === 'replay') return replay(ctx, prior.out, prior.at);

  // someone else took it first (read after their change): say so plainly
  if (action === 'accept' && ticket.status !== 'submitted' && ticket.assigneeId && ticket.assigneeId !== caller._id && mayTake(caller, { ...ticket, status: 'submitted', assigneeId: null }, 'accept')) {
    throw new AppError('already_accepted');
  }
  requireTransition(caller, ticket, action);
  const p = await plan(loaded);
  const to = TRANSITIONS[action].to;
  const after = { ...ticket, ...p.after, status: to } as TicketDoc;
  const out: TransitionOutput = { ticketId: ticket._id, status: to, bucket: bucketOf(to), assigneeId: after.assigneeId };
  const notify = [...new Set([...concerned(ticket, caller._id), ...concerned(after, caller._id), ...(p.notify ?? [])])].filter((id) => id !== caller._id);
  const draft: AuditDraft = {
    villageId: ticket.villageId,
    actorId: caller._id,
    actorName: caller.name,
    onBehalfOf: p.onBehalfOf ?? null,
    targetId: ticket._id,
    summary: `工单${ticketNo(ticket._id)}（${ticket.categoryName}）${p.summary}`,
    details: { ...p.details, from: ticket.status, to, transition: action },
    notify,
    event: p.event ?? undefined,
  };

  const deadlines = deadlineFields(ticket, to, ctx.now, CONFIRM_WINDOW_DAYS * 86_400_000);
  const messages = consentsToUse(ticket, caller);
  const $set: Record<string, unknown> = {
    ...deadlines.set,
    ...p.set,
    status: to,
    bucket: bucketOf(to),
    updatedAt: ctx.now,
    ...(messages.length || p.newConsents?.length
      ? { consents: [...(ticket.consents ?? []).map((c, i) => (messages.includes(i) ? { ...c, usedAt: ctx.now } : c)), ...(p.newConsents ?? [])] }
      : {}),
    ...markerSet<Stored>(ctx, { ...out, audit: draft }),
  };
  const $unset = Object.fromEntries(deadlines.unset.filter((k) => !(k in $set)).map((k) => [k, true as const]));
  const updated = await ctx.store.updateWhere(
    TICKETS,
    { _id: ticket._id, status: ticket.status, assigneeId: ticket.assigneeId, ...notYetApplied(ctx) },
    { $set, ...(Object.keys($unset).length ? { $unset } : {}) },
  );
  if (updated !== 1) return lostRace(ctx, ticket, action);

  await sendMessages(ctx, ticket, messages, to, p.summary);
  await appendAudit(ctx, draft);
  return out;
}

async function replay(ctx: Ctx, stored: Stored, at: number): Promise<TransitionOutput> {
  const { audit, ...out } = stored;
  if (audit) await appendAudit(ctx, audit, at);
  return out;
}

/** The compare-and-set found another state: say what happened (or answer a concurrent retry of ours). */
async function lostRace(ctx: Ctx, before: TicketDoc, action: TransitionAction): Promise<TransitionOutput> {
  const now = (await ctx.store.get(TICKETS, before._id)) as TicketDoc | null;
  if (!now) throw new AppError('not_found');
  const prior = priorOf<Stored>(ctx, now);
  if (prior.kind === 'replay') {
    const { audit: _audit, ...out } = prior.out;
    return out;
  }
  if (action === 'accept' && now.status === 'accepted') throw new AppError('already_accepted');
  if (now.status !== before.status) throw new AppError('transition_not_allowed');
  throw new AppError('ticket_changed');
}

/** Indexes of the unused consents given by people other than the caller (who needs no message about their own act). */
function consentsToUse(ticket: TicketDoc, caller: MemberDoc): number[] {
  return (ticket.consents ?? []).flatMap((c, i) => (c.usedAt === null && c.memberId !== caller._id ? [i] : []));
}

async function sendMessages(ctx: Ctx, ticket: TicketDoc, indexes: number[], to: TicketDoc['status'], summary: string): Promise<void> {
  const when = new Date(ctx.now + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  for (const i of indexes) {
    const c = ticket.consents[i];
    try {
      await ctx.openapi.sendSubscribe({
        touser: c.openid,
        templateId: c.templateId,
        page: `grid/ticket/index?villageId=${ticket.villageId}&ticketId=${encodeURIComponent(ticket._id)}`,
        data: {
          thing1: { value: clip(`${ticket.categoryName}：${ticket.text || '语音上报'}`, 20) },
          phrase2: { value: SHORT_STATUS[to] ?? TICKET_STATUS[to].slice(0, 5) },
          time3: { value: when },
          thing4: { value: clip(summary, 20) },
        },
      });
    } catch {
      // the consent is spent either way (marked in the change): WeChat allows one message per tap
    }
  }
}

const clip = (s: string, n: number): string => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);
