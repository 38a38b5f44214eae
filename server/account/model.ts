/**
 * The village register (村名册): one collection, `register`, holding every account document, each with
 * `kind` and `villageId`. One collection on purpose: CloudBase has no joins, and an action usually needs
 * the caller's entry plus one or two others (an applicant and a household, a member and the village's
 * grids) — in one collection that is ONE `_id in [...]` read, which keeps every action within three
 * round trips (read, change, audit).
 *
 * Ids are deterministic, so reads need no lookups and retries land on the same document:
 *   village      `${villageId}:village`          grids live inside it (few, rarely change)
 *   person       `${villageId}:u:${openid}`      a WeChat member — also their application while pending
 *   offline      `${villageId}:off:${hash}`      a resident without WeChat, managed by a grid worker
 *   household    `${villageId}:h:${hash}`
 *   invite       `invite:${CODE}`                global: a code alone finds its village
 *   group        `group:${openGId}`              global: a share card alone finds its village
 */
import { maskPhone, type MemberDoc } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { Role } from '../kernel/roles';
import type { Doc } from '../kernel/store';
import type { ApplicationView, AuditView, HouseholdView, InviteStatus, InviteView, MembershipView, ResidentView } from './contract';

export const villageDocId = (villageId: string): string => `${villageId}:village`;
export const householdDocId = (villageId: string, suffix: string): string => `${villageId}:h:${suffix}`;
export const offlineDocId = (villageId: string, suffix: string): string => `${villageId}:off:${suffix}`;
export const inviteDocId = (code: string): string => `invite:${code}`;
export const groupDocId = (openGId: string): string => `group:${openGId}`;

export interface GridSpec {
  gridId: string;
  name: string;
}

export interface VillageDoc extends Doc {
  kind: 'village';
  villageId: string;
  name: string;
  townshipId: string;
  townshipName: string;
  grids: GridSpec[];
  createdAt: number;
}

export interface PersonDoc extends MemberDoc {
  phone: string | null;
  birthYear: number | null;
  elderly: boolean;
  note: string;
  address: string;
  householdHint: string;
  /** register id of the grid worker who manages an offline resident */
  managedBy: string | null;
  via: 'invite' | 'group_card' | 'offline' | 'seed';
  inviteId: string | null;
  appliedAt: number;
  createdAt: number;
  updatedAt: number;
  reviewedBy: string | null;
  reviewedAt: number | null;
  rejectReason: string | null;
}

export interface HouseholdDoc extends Doc {
  kind: 'household';
  villageId: string;
  gridId: string;
  headName: string;
  address: string;
  note: string;
  createdAt: number;
  createdBy: string;
}

export interface InviteDoc extends Doc {
  kind: 'invite';
  villageId: string;
  code: string;
  status: 'active' | 'revoked';
  expiresAt: number;
  maxUses: number;
  note: string;
  createdAt: number;
  createdBy: string;
  createdByName: string;
}

export interface GroupDoc extends Doc {
  kind: 'group';
  villageId: string;
  openGId: string;
  groupName: string;
  boundAt: number;
  boundBy: string;
}

// ─── states as data ────────────────────────────────────────────────────────────────────────────────

/**
 * Member transitions, one table for commands, UI and tests: from-state → action → to-state.
 * An application IS the person's register entry in `pending`; a refused applicant may apply again.
 */
export const MEMBER_TRANSITIONS = {
  apply: { from: [null, 'rejected'], to: 'pending' },
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
} as const;

export function inviteStatus(invite: InviteDoc, uses: number, now: number): InviteStatus {
  if (invite.status === 'revoked') return 'revoked';
  if (invite.expiresAt <= now) return 'expired';
  if (uses >= invite.maxUses) return 'used_up';
  return 'active';
}

// ─── views (what leaves the server) ────────────────────────────────────────────────────────────────

export function membershipView(p: PersonDoc): MembershipView {
  return {
    memberId: p._id,
    villageId: p.villageId,
    villageName: p.villageName,
    townshipId: p.townshipId,
    status: p.status,
    roles: p.roles,
    gridIds: p.gridIds ?? [],
    name: p.name,
    householdId: p.householdId,
    gridId: p.gridId,
    ...(p.status === 'rejected' && p.rejectReason ? { rejectReason: p.rejectReason } : {}),
  };
}

export function inviteView(i: InviteDoc, uses: number, now: number): InviteView {
  return {
    inviteId: i._id,
    code: i.code,
    status: inviteStatus(i, uses, now),
    expiresAt: i.expiresAt,
    maxUses: i.maxUses,
    uses,
    note: i.note,
    createdAt: i.createdAt,
    createdByName: i.createdByName,
  };
}

export function applicationView(p: PersonDoc, showPhone: boolean): ApplicationView {
  return {
    applicationId: p._id,
    name: p.name,
    householdHint: p.householdHint ?? '',
    address: p.address ?? '',
    phone: showPhone ? p.phone : maskPhone(p.phone),
    via: p.via === 'group_card' ? 'group_card' : 'invite',
    appliedAt: p.appliedAt,
    status: p.status,
    ...(p.rejectReason ? { rejectReason: p.rejectReason } : {}),
  };
}

export function householdView(h: HouseholdDoc): HouseholdView {
  return { householdId: h._id, gridId: h.gridId, headName: h.headName, address: h.address, note: h.note ?? '' };
}

export function residentView(p: PersonDoc, showPhone: boolean): ResidentView {
  return {
    residentId: p._id,
    name: p.name,
    householdId: p.householdId,
    gridId: p.gridId,
    roles: p.roles as Role[],
    elderly: !!p.elderly,
    offline: !!p.offline,
    managedBy: p.managedBy ?? null,
    phone: showPhone ? p.phone ?? null : maskPhone(p.phone),
    birthYear: p.birthYear ?? null,
    note: p.note ?? '',
  };
}

export function auditView(a: Doc): AuditView {
  return {
    auditId: a._id,
    at: a.at as number,
    action: a.action as string,
    actorName: a.actorName as string,
    actorId: a.actorId as string,
    onBehalfOf: (a.onBehalfOf as string | null) ?? null,
    targetId: a.targetId as string,
    summary: a.summary as string,
    requestId: a.requestId as string,
  };
}

/** Offset cursors: small villages, ordered lists — simple and stable enough. */
export function decodeCursor(cursor: string | undefined): number {
  const n = cursor ? Number.parseInt(cursor, 10) : 0;
  return Number.isFinite(n) && n >= 0 && n <= 100_000 ? n : 0;
}

export function pageOf<T>(rows: T[], offset: number, pageSize: number): { items: T[]; nextCursor: string | null } {
  return { items: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? String(offset + pageSize) : null };
}

/** The grid filter a caller may use: their chosen grid if in scope, else everything in scope. */
export function gridFilter(scope: 'all' | string[], gridId: string | undefined): unknown {
  if (scope !== 'all' && scope.length === 0) throw new AppError('forbidden');
  if (gridId) {
    if (scope !== 'all' && !scope.includes(gridId)) throw new AppError('village_mismatch');
    return gridId;
  }
  return scope === 'all' ? undefined : { $in: scope };
}
