/**
 * 消息 (the in-app inbox) — everyone's, for every job. A person's inbox is the audit records whose
 * `notify` names them or a role they hold here (`${v}#committee`, `${gridId}#grid_worker`, … see
 * kernel/audit.ts roleAddress), newest first: telling someone costs no write beyond the audit record the
 * change appends anyway. Read state is a watermark on the person's register entry (`inboxSeenAt`: all
 * up to then is read) plus the ids opened one by one since (`inboxReadIds`, kept short).
 * Shared by inbox, inboxUnread and markInboxRead.
 */
import { AUDIT, inboxAddressesOf, postedAtOf, type AuditRecord } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { Doc, Query } from '../kernel/store';

const UNREAD_CAP = 99;

export interface InboxState {
  inboxSeenAt?: number;
  inboxReadIds?: string[];
  digestConsent?: { templateId: string; openid: string; at: number } | null;
}

/** Records that name me, except my own doings. */
export function inboxQuery(member: MemberDoc, extra: Query = {}): Query {
  return { notify: { $in: inboxAddressesOf(member) }, actorId: { $ne: member._id }, ...extra };
}

/** Where the app shows a record's target (ticket ids are `${v}:t:…`). */
export function linkOf(villageId: string, targetId: string): string | null {
  if (targetId.startsWith(`${villageId}:t:`)) return `/grid/ticket/index?villageId=${villageId}&ticketId=${encodeURIComponent(targetId)}`;
  return null;
}

export function isRead(state: InboxState, a: Doc): boolean {
  return postedAtOf(a as AuditRecord) <= (state.inboxSeenAt ?? 0) || (state.inboxReadIds ?? []).includes(a._id);
}

export async function unreadCount(ctx: Ctx, caller: MemberDoc & InboxState): Promise<number> {
  const seen = caller.inboxSeenAt ?? 0;
  // a record appended late (postedAt) is new to me even if it happened before my read mark
  const rows = await ctx.store.find(AUDIT, inboxQuery(caller, { $or: [{ at: { $gt: seen } }, { postedAt: { $gt: seen } }] }), { fields: ['_id'], limit: UNREAD_CAP + 1 + (caller.inboxReadIds?.length ?? 0) });
  return Math.min(UNREAD_CAP, rows.filter((r) => !(caller.inboxReadIds ?? []).includes(r._id)).length);
}
