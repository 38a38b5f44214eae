/**
 * The ticket document, how an action reads it together with the caller (one round trip), who may act
 * on it, its deadlines, and the views that leave the server.
 *
 * Reading: tickets live in their own collection and the caller in the register. CloudBase has no joins
 * but its aggregate has `$lookup`, so ONE aggregate on `tickets` (match the ticket by id) brings the
 * caller's register entry and any other register documents along — the action then changes the ticket
 * with one compare-and-set and appends one audit record: three round trips.
 */
import { roleAddress } from '../kernel/audit';
import { activeMember, hasRole, memberIdOf, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Doc } from '../kernel/store';
import type { ConsentKind, RouteRole, TicketSource, TicketSummary } from './contract';
import { settingsOf, type GridSettingsDoc } from './catalogue';
import { bucketOf, deadlineKindOf, type TicketBucket, type TicketStatus, type TransitionAction, type TransitionActor, TRANSITIONS } from './transitions';

export const TICKETS = 'tickets';
export const ticketDocId = (villageId: string, suffix: string): string => `${villageId}:t:${suffix}`;

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
/** overdue at the committee for this long without a change → the township hears of it */
export const STILL_OVERDUE_MS = DAY_MS;

export interface Consent {
  /** register id of the person who tapped */
  memberId: string;
  openid: string;
  templateId: string;
  at: number;
  /** set when the one message this consent allows was sent */
  usedAt: number | null;
}

export interface TicketDoc extends Doc {
  kind: 'ticket';
  villageId: string;
  townshipId: string;
  status: TicketStatus;
  bucket: TicketBucket;
  categoryId: string;
  categoryName: string;
  acceptWithinMs: number;
  resolveWithinMs: number;
  gridId: string | null;
  gridName: string;
  route: RouteRole;
  assigneeId: string | null;
  assigneeName: string | null;
  reporterId: string;
  reporterName: string;
  reporterOffline: boolean;
  reporterHouseholdId: string | null;
  /** 代报: the grid worker who filed it for the reporter, and how the reporter agreed */
  reportedById: string | null;
  reportedBy: { memberId: string; name: string; consent: ConsentKind; consentNote: string } | null;
  text: string;
  voice: { fileId: string; durationS: number } | null;
  photos: string[];
  place: { kind: 'point'; latitude: number; longitude: number; name: string; address: string } | { kind: 'text'; text: string } | null;
  source: TicketSource | null;
  /** names the public board must mask wherever they appear (reporter, the person reported for, the household head) */
  privateNames: string[];
  createdAt: number;
  updatedAt: number;
  /** the deadline running now (accept or resolve) — absent once fixed or closed */
  dueAt?: number;
  dueKind: 'accept' | 'resolve' | null;
  remindAt?: number;
  reminded: boolean;
  escalation: 0 | 1 | 2;
  escalatedAt: number | null;
  /** when the deadline timer must look at this ticket again — absent when nothing is pending */
  nextCheckAt?: number;
  resolution: { note: string; photos: string[]; byId: string; byName: string; at: number } | null;
  rejection: { reason: string; referral: string } | null;
  duplicateOf: string | null;
  rating: { stars: number; comment: string; byId: string; onBehalf: boolean; at: number } | null;
  closedAt: number | null;
  supporterIds: string[];
  supporters: number;
  consents: Consent[];
}

// ─── reading a ticket with its caller ────────────────────────────────────────────────────────────────

export interface Loaded {
  ticket: TicketDoc;
  caller: MemberDoc;
  settings: GridSettingsDoc;
  /** the other register documents asked for (missing ones absent) */
  docs: Map<string, Doc>;
}

/**
 * One aggregate: the ticket (by id) with the caller's register entry, the village's grid settings, the
 * other register ids asked for and, if asked, other tickets (a duplicate's original). Ids outside the
 * village are refused before reading.
 */
export async function loadTicket(ctx: Ctx, villageId: string, ticketId: string, otherIds: string[] = [], otherTicketIds: string[] = []): Promise<Loaded> {
  for (const id of [ticketId, ...otherIds, ...otherTicketIds]) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const lookups: [collection: string, id: string][] = [
    [REGISTER, callerId],
    [REGISTER, `${villageId}:gridcfg`],
    ...otherIds.map((id): [string, string] => [REGISTER, id]),
    ...otherTicketIds.map((id): [string, string] => [TICKETS, id]),
  ];
  const pipeline: Record<string, unknown>[] = [{ $match: { _id: ticketId } }, { $limit: 1 }];
  pipeline.push({ $addFields: Object.fromEntries(lookups.map(([, id], i) => [`_k${i}`, id])) });
  lookups.forEach(([from], i) => pipeline.push({ $lookup: { from, localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } }));
  const [row] = await ctx.store.aggregate(TICKETS, pipeline);
  if (!row) throw new AppError('not_found');
  const docs = new Map<string, Doc>();
  lookups.forEach(([, id], i) => {
    const found = (row[`_r${i}`] as Doc[] | undefined)?.[0];
    if (found) docs.set(id, found);
  });
  const ticket = Object.fromEntries(Object.entries(row).filter(([k]) => !/^_[kr]\d+$/.test(k))) as TicketDoc;
  const caller = activeMember(docs.get(callerId), villageId);
  if (ticket.villageId !== villageId || ticket.kind !== 'ticket') throw new AppError('not_found');
  return { ticket, caller, settings: settingsOf(docs.get(`${villageId}:gridcfg`), villageId), docs };
}

// ─── who may act ─────────────────────────────────────────────────────────────────────────────────────

/** The roles the caller holds towards this ticket (see TransitionActor). */
export function actorsFor(caller: MemberDoc, ticket: TicketDoc): Set<TransitionActor> {
  const out = new Set<TransitionActor>();
  const committee = hasRole(caller, ['committee']);
  const gridWorkerHere = hasRole(caller, ['grid_worker']) && !!ticket.gridId && (caller.gridIds ?? []).includes(ticket.gridId);
  if (committee) out.add('committee');
  if (ticket.assigneeId) {
    if (ticket.assigneeId === caller._id) out.add('handler');
  } else if (ticket.route === 'committee' ? committee : gridWorkerHere) {
    out.add('handler');
  }
  // the reporter answers for themselves; for an offline reporter, their grid's worker does (代办)
  if (ticket.reporterId === caller._id || (ticket.reporterOffline && gridWorkerHere)) out.add('reporter');
  return out;
}

/** Whether the reporter role is taken by someone else for an offline resident (代办). */
export function actsForOfflineReporter(caller: MemberDoc, ticket: TicketDoc): boolean {
  return ticket.reporterId !== caller._id && ticket.reporterOffline;
}

export function mayTake(caller: MemberDoc, ticket: TicketDoc, action: TransitionAction): boolean {
  const t = TRANSITIONS[action];
  if (!(t.from as readonly TicketStatus[]).includes(ticket.status)) return false;
  const actors = actorsFor(caller, ticket);
  return t.who.some((w) => actors.has(w));
}

/** The transitions the caller may take now (the UI's buttons). */
export function allowedFor(caller: MemberDoc, ticket: TicketDoc): TransitionAction[] {
  return (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => !TRANSITIONS[a].who.includes('system' as never) && mayTake(caller, ticket, a));
}

export function requireTransition(caller: MemberDoc, ticket: TicketDoc, action: TransitionAction): void {
  if (!mayTake(caller, ticket, action)) throw new AppError('transition_not_allowed');
}

/** Who should hear about a change: the reporter, whoever handles it now, and the person who reported for them. */
export function concerned(ticket: Pick<TicketDoc, 'reporterId' | 'reportedById' | 'assigneeId' | 'route' | 'gridId' | 'villageId' | 'reporterOffline'>, except?: string): string[] {
  const out = new Set<string>();
  if (!ticket.reporterOffline) out.add(ticket.reporterId);
  if (ticket.reportedById) out.add(ticket.reportedById);
  out.add(handlerAddress(ticket));
  if (except) out.delete(except);
  return [...out];
}

/** The assignee, or the queue the ticket waits in (a grid's workers, or the committee). */
export function handlerAddress(ticket: Pick<TicketDoc, 'assigneeId' | 'route' | 'gridId' | 'villageId'>): string {
  if (ticket.assigneeId) return ticket.assigneeId;
  if (ticket.route === 'grid_worker' && ticket.gridId) return roleAddress('grid_worker', ticket.gridId);
  return roleAddress('committee', ticket.villageId);
}

// ─── deadlines ───────────────────────────────────────────────────────────────────────────────────────

/** How long before a deadline the handler is reminded: a quarter of the window, at most 1 h (accept) / 24 h (resolve). */
export function remindLeadMs(kind: 'accept' | 'resolve', windowMs: number): number {
  return Math.min(windowMs / 4, kind === 'accept' ? HOUR_MS : DAY_MS);
}

/**
 * The deadline fields for a ticket entering `status` at `now`: a fresh accept or resolve window (with its
 * reminder and no escalation), the 7-day confirmation window after `resolved`, or nothing.
 * Returned as `$set` / `$unset` parts.
 */
export function deadlineFields(ticket: Pick<TicketDoc, 'acceptWithinMs' | 'resolveWithinMs'>, status: TicketStatus, now: number, confirmWindowMs: number): { set: Record<string, unknown>; unset: string[] } {
  const kind = deadlineKindOf(status);
  if (kind) {
    const windowMs = kind === 'accept' ? ticket.acceptWithinMs : ticket.resolveWithinMs;
    const dueAt = now + windowMs;
    const remindAt = dueAt - remindLeadMs(kind, windowMs);
    return { set: { dueKind: kind, dueAt, remindAt, reminded: false, escalation: 0, escalatedAt: null, nextCheckAt: remindAt }, unset: [] };
  }
  const base = { dueKind: null, reminded: false, escalation: 0, escalatedAt: null };
  if (status === 'resolved') return { set: { ...base, nextCheckAt: now + confirmWindowMs }, unset: ['dueAt', 'remindAt'] };
  return { set: base, unset: ['dueAt', 'remindAt', 'nextCheckAt'] };
}

// ─── views ───────────────────────────────────────────────────────────────────────────────────────────

export function titleOf(text: string, categoryName: string): string {
  const line = text.split(/\n/)[0].trim();
  if (!line) return `${categoryName}问题（语音）`;
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

export function summaryView(t: TicketDoc): TicketSummary {
  return {
    ticketId: t._id,
    villageId: t.villageId,
    status: t.status,
    bucket: bucketOf(t.status),
    categoryId: t.categoryId,
    categoryName: t.categoryName,
    gridId: t.gridId,
    gridName: t.gridName,
    route: t.route,
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeName,
    title: titleOf(t.text, t.categoryName),
    createdAt: t.createdAt,
    dueAt: t.dueAt ?? null,
    dueKind: t.dueKind ?? null,
    escalation: t.escalation ?? 0,
    supporters: t.supporters ?? 0,
    source: t.source ?? null,
  };
}

/** A short human reference: the last 6 characters of the id. */
export function ticketNo(ticketId: string): string {
  return ticketId.slice(-6).toUpperCase();
}

/** Offset cursors (a village's lists are short and ordered). */
export function decodeCursor(cursor: string | undefined): number {
  const n = cursor ? Number.parseInt(cursor, 10) : 0;
  return Number.isFinite(n) && n >= 0 && n <= 100_000 ? n : 0;
}

export function pageOf<T>(rows: T[], offset: number, pageSize: number): { items: T[]; nextCursor: string | null } {
  return { items: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? String(offset + pageSize) : null };
}
