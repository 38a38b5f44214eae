/**
 * 消息 (the in-app inbox) — everyone's, for every job. A person's inbox is the audit records whose
 * `notify` names them or a role they hold here (`${v}#committee`, `${gridId}#grid_worker`, … see
 * kernel/audit.ts roleAddress), newest first: telling someone costs no write beyond the audit record the
 * change appends anyway. Read state is a watermark on the person's register entry (`inboxSeenAt`: all
 * up to then is read) plus the ids opened one by one since (`inboxReadIds`, kept short).
 * Marking read changes only the reader's own view, so it appends no audit record.
 */
import { appendAudit, AUDIT, inboxAddressesOf, postedAtOf, type AuditRecord } from '../kernel/audit';
import { loadCaller, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { Doc, Query } from '../kernel/store';
import type { AccountParsed, InboxItem, InboxOutput } from './contract';
import { decodeCursor, pageOf } from './model';

/** ids opened one by one are kept until the watermark passes them; at most this many */
const READ_IDS_MAX = 200;
const UNREAD_CAP = 99;
const GRID_SETTINGS = (villageId: string) => `${villageId}:gridcfg`;

interface InboxState {
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

function isRead(state: InboxState, a: Doc): boolean {
  return postedAtOf(a as AuditRecord) <= (state.inboxSeenAt ?? 0) || (state.inboxReadIds ?? []).includes(a._id);
}

async function unreadCount(ctx: Ctx, caller: MemberDoc & InboxState): Promise<number> {
  const seen = caller.inboxSeenAt ?? 0;
  // a record appended late (postedAt) is new to me even if it happened before my read mark
  const rows = await ctx.store.find(AUDIT, inboxQuery(caller, { $or: [{ at: { $gt: seen } }, { postedAt: { $gt: seen } }] }), { fields: ['_id'], limit: UNREAD_CAP + 1 + (caller.inboxReadIds?.length ?? 0) });
  return Math.min(UNREAD_CAP, rows.filter((r) => !(caller.inboxReadIds ?? []).includes(r._id)).length);
}

export async function inbox(ctx: Ctx, input: AccountParsed<'inbox'>): Promise<InboxOutput> {
  const { villageId, pageSize } = input;
  const { caller, docs } = await loadCaller(ctx, villageId, [GRID_SETTINGS(villageId)]);
  const state = caller as MemberDoc & InboxState;
  const offset = decodeCursor(input.cursor);
  const rows = await ctx.store.find(AUDIT, inboxQuery(caller), {
    orderBy: [['at', 'desc'], ['_id', 'desc']],
    skip: offset,
    limit: pageSize + 1,
    fields: ['at', 'postedAt', 'action', 'actorName', 'summary', 'targetId'],
  });
  const items: InboxItem[] = rows.map((a) => ({
    auditId: a._id,
    at: a.at as number,
    postedAt: postedAtOf(a as AuditRecord),
    action: a.action as string,
    actorName: a.actorName as string,
    summary: a.summary as string,
    targetId: a.targetId as string,
    link: linkOf(villageId, a.targetId as string),
    read: isRead(state, a),
  }));
  const templates = (docs.get(GRID_SETTINGS(villageId))?.templates ?? {}) as { dailyDigest?: string | null };
  return {
    ...pageOf(items, offset, pageSize),
    unread: await unreadCount(ctx, state),
    digest: { templateId: templates.dailyDigest ?? null, subscribed: !!state.digestConsent },
  };
}

export async function inboxUnread(ctx: Ctx, input: AccountParsed<'inboxUnread'>): Promise<{ unread: number }> {
  const { caller } = await loadCaller(ctx, input.villageId);
  return { unread: await unreadCount(ctx, caller as MemberDoc & InboxState) };
}

export async function markInboxRead(ctx: Ctx, input: AccountParsed<'markInboxRead'>): Promise<{ unread: number }> {
  const { caller } = await loadCaller(ctx, input.villageId);
  const state = caller as MemberDoc & InboxState;
  let seenAt = state.inboxSeenAt ?? 0;
  let readIds = state.inboxReadIds ?? [];
  if ('upTo' in input) {
    // never beyond now: what arrives later stays unread
    seenAt = Math.max(seenAt, Math.min(input.upTo, ctx.now));
    readIds = [];
  } else {
    readIds = [...new Set([...readIds, ...input.auditIds])].slice(-READ_IDS_MAX);
  }
  await ctx.store.updateWhere(REGISTER, { _id: caller._id }, { $set: { inboxSeenAt: seenAt, inboxReadIds: readIds } });
  return { unread: await unreadCount(ctx, { ...state, inboxSeenAt: seenAt, inboxReadIds: readIds }) };
}

export async function subscribeDigest(ctx: Ctx, input: AccountParsed<'subscribeDigest'>): Promise<{ subscribed: boolean }> {
  const { caller } = await loadCaller(ctx, input.villageId);
  // one consent = one message: a newer tap replaces an unused one (WeChat counts taps per template)
  await ctx.store.updateWhere(REGISTER, { _id: caller._id }, { $set: { digestConsent: { templateId: input.templateIds[0], openid: ctx.openid, at: ctx.now } } });
  await appendAudit(ctx, { villageId: input.villageId, actorId: caller._id, actorName: caller.name, targetId: caller._id, summary: `${caller.name} 订阅了每日消息汇总（一次）` });
  return { subscribed: true };
}
