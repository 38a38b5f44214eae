/**
 * The audit trail (操作可溯): every state change appends one record — who, acting for whom, when, what,
 * to which target, under which requestId, in which village. Records are append-only; the id
 * `${targetId}#${requestId}` makes the append idempotent: a retry (or a heal after a crash between the
 * change and its audit) adds nothing twice and never rewrites what is there.
 *
 * A timer's requestId is per tick (`sys:timer:…`, a namespace no client may use) and one tick may write
 * several records on one target (a poll opened and reminded at once), so a system record's id also carries
 * a hash of its content. In a timer's run an id found taken by another action's or another actor's record is
 * never a silent no-op: the collision is logged and the record appended under an id of its own content.
 */
import type { MemberDoc } from './auth';
import { sha, stableJson, type Ctx } from './context';
import { AppError } from './errors';
import type { Role } from './roles';
import type { Doc } from './store';

export const AUDIT = 'audit';

export interface AuditDraft {
  villageId: string;
  /** register id of the acting member (`${villageId}:u:${openid}`), or 'system' for timers */
  actorId: string;
  actorName: string;
  /** the person the actor acted for (代办): an offline resident's id, or null */
  onBehalfOf?: string | null;
  targetId: string;
  /** one line in Chinese for the log, free of personal data beyond names (no phones) */
  summary: string;
  /** small structured facts for later jobs (ids, states) — never phones */
  details?: Record<string, unknown>;
  /**
   * register ids of the people this change concerns (the reporter of a ticket, the worker it is
   * assigned to …): their in-app inbox is the audit records that name them, so telling someone costs
   * no extra write.
   */
  notify?: string[];
  /**
   * a verified event other jobs may act on (the 道德银行 posts points for some): its `sourceKey` is
   * unique per event, so however often it is read it counts once.
   */
  event?: DomainEvent;
}

export interface DomainEvent {
  /** e.g. 'ticket_confirmed' (reporter confirmed the fix), 'lead_confirmed', 'poll_participated' */
  type: string;
  /** the register id of the resident the event is about */
  residentId: string;
  /** the household the resident belongs to, when known */
  householdId?: string | null;
  /** unique per event, e.g. `ticket_confirmed:${ticketId}` */
  sourceKey: string;
}

export interface AuditRecord extends Doc {
  villageId: string;
  at: number;
  action: string;
  actorId: string;
  actorName: string;
  onBehalfOf: string | null;
  targetId: string;
  summary: string;
  details: Record<string, unknown>;
  notify: string[];
  event: DomainEvent | null;
  requestId: string;
  /**
   * When the record reached the trail, if later than `at`: a retry that heals a crash appends the record
   * with its original time, and an outbox (the ledger's accounts) is appended by a timer. Whatever reads
   * the trail "since" a moment — the inbox's read mark, the daily digest, the events the ledger consumes —
   * goes by `postedAtOf`, or such a record would fall behind a mark already passed.
   */
  postedAt?: number;
}

/** When a record became visible in the trail. */
export function postedAtOf(record: Pick<AuditRecord, 'at' | 'postedAt'>): number {
  return Math.max(record.at, record.postedAt ?? 0);
}

export function auditRecord(ctx: Ctx, draft: AuditDraft, at: number = ctx.now): AuditRecord {
  const record: AuditRecord = {
    ...(at < ctx.now ? { postedAt: ctx.now } : {}),
    _id: `${draft.targetId}#${ctx.requestId}`,
    villageId: draft.villageId,
    at,
    action: ctx.action,
    actorId: draft.actorId,
    actorName: draft.actorName,
    onBehalfOf: draft.onBehalfOf ?? null,
    targetId: draft.targetId,
    summary: draft.summary,
    details: draft.details ?? {},
    notify: draft.notify ?? [],
    event: draft.event ?? null,
    requestId: ctx.requestId,
  };
  if (ctx.system) record._id = `${record._id}#${contentHash(record)}`;
  return record;
}

/** What a record says (everything but its id and when it arrived): a retry of it says the same. */
function contentHash(record: AuditRecord): string {
  const { _id, at, postedAt, ...content } = record; // eslint-disable-line @typescript-eslint/no-unused-vars
  return sha(stableJson(content), 10);
}

/** One round trip (a timer's collision check may read once more). An existing record (a retry) is left as it is. */
export async function appendAudit(ctx: Ctx, draft: AuditDraft, at: number = ctx.now): Promise<void> {
  await appendAuditRecord(ctx, auditRecord(ctx, draft, at));
}

/**
 * Appends a finished record (one written earlier into an outbox, or just made). One round trip.
 *
 * A taken id under a USER's requestId is that request again (a retry, a heal): the id is the target and the
 * caller's own requestId, which no one else can know in advance and the system never uses (`sys:`), and the
 * request's marker already refused other content — so it is left as it is without a read (a retry stays
 * within 3 round trips). A taken id in a TIMER's run (or an outbox drained by one) is read: the same action
 * by the same actor is a re-run; anything else is a collision — logged, and this record appended under
 * `${id}~${hash of its content}` so that it is never lost.
 */
export async function appendAuditRecord(ctx: Ctx, record: AuditRecord): Promise<void> {
  try {
    await ctx.store.create(AUDIT, record);
    return;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
  }
  if (!ctx.system) return;
  const existing = (await ctx.store.get(AUDIT, record._id)) as AuditRecord | null;
  // the same action by the same actor under this id is this request again (its wording may have moved)
  if (existing && existing.action === record.action && existing.actorId === record.actorId) return;
  const aside = `${record._id}~${contentHash(record)}`;
  ctx.log(`[audit] ${record._id} holds another record (${existing?.action ?? '?'} by ${existing?.actorId ?? '?'}); this one (${record.action} by ${record.actorId}) appended as ${aside}`);
  try {
    await ctx.store.create(AUDIT, { ...record, _id: aside, collidedWith: record._id });
  } catch (error) {
    // the same record set aside by an earlier try
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
  }
}

/**
 * `notify` may also name a role instead of a person — whoever holds it when they look: the committee
 * (`${villageId}#committee`), the township staff (`${villageId}#township`) or a grid's workers
 * (`${gridId}#grid_worker`). A change that concerns "the grid's worker" reaches every worker of that
 * grid, including one appointed later, without reading who they are.
 */
export function roleAddress(role: Exclude<Role, 'resident'>, villageOrGridId: string): string {
  return `${villageOrGridId}#${role}`;
}

/** Every address whose records a member's inbox shows: their own id and their roles' addresses. */
export function inboxAddressesOf(member: Pick<MemberDoc, '_id' | 'villageId' | 'roles' | 'gridIds'>): string[] {
  const out = [member._id];
  if (member.roles.includes('committee')) out.push(roleAddress('committee', member.villageId));
  if (member.roles.includes('township')) out.push(roleAddress('township', member.villageId));
  if (member.roles.includes('shopkeeper')) out.push(roleAddress('shopkeeper', member.villageId));
  if (member.roles.includes('grid_worker')) for (const g of member.gridIds ?? []) out.push(roleAddress('grid_worker', g));
  return out;
}
