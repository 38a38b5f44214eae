/**
 * Who may do what, where — the checks every function reuses.
 *
 * A person's standing in a village is one document in the `register` collection with the deterministic
 * id `${villageId}:u:${openid}`, so the caller check is a single read (and can ride along with the
 * target's read: `store.getMany(REGISTER, [memberIdOf(v, openid), targetId])`).
 * - resident: an active member of a household; sees their own village
 * - grid_worker: acts inside `gridIds` only
 * - committee (村委): the whole village
 * - township (乡镇): has an entry in each village of their township; reads across those villages
 * Nothing crosses villages: every target is checked against the villageId the caller was checked in.
 */
import { createHash } from 'node:crypto';
import { AppError } from './errors';
import type { Ctx } from './context';
import type { Role } from './roles';
import type { Doc } from './store';

/** the village register: villages, households, people (members, applicants, offline residents), invites, group bindings */
export const REGISTER = 'register';

export const memberIdOf = (villageId: string, openid: string): string => `${villageId}:u:${openid}`;

export interface MemberDoc extends Doc {
  kind: 'person';
  villageId: string;
  villageName: string;
  townshipId: string;
  townshipName: string;
  /** null for an offline resident (no WeChat account) */
  openid: string | null;
  status: 'pending' | 'active' | 'rejected';
  roles: Role[];
  gridIds: string[];
  name: string;
  householdId: string | null;
  gridId: string | null;
  offline: boolean;
}

/**
 * My grid as the phone keeps it with `me`: its name and its grid workers with their phones — a public
 * contact for the people of that grid (长辈 home: 找网格员; the 网格 tab of a resident). Read in the same
 * request as my register entry (`myGridStages`), so the board can stamp it on every open.
 */
export interface MyGrid {
  gridId: string;
  name: string;
  workers: { memberId: string; name: string; phone: string | null }[];
}

/**
 * Stages that join, to each register entry of a person, the village's entry (`villageDocs`: its grids) and
 * everyone whose `gridIds` name the person's grid (`gridPeople`; index grid_people). Null keys become '-',
 * which nothing has: a $lookup on a missing field would match every document without it.
 */
export function myGridStages(): Record<string, unknown>[] {
  return [
    { $addFields: { myVillageDocId: { $concat: ['$villageId', ':village'] }, myGridKey: { $ifNull: ['$gridId', '-'] } } },
    { $lookup: { from: REGISTER, localField: 'myVillageDocId', foreignField: '_id', as: 'villageDocs' } },
    { $lookup: { from: REGISTER, localField: 'myGridKey', foreignField: 'gridIds', as: 'gridPeople' } },
  ];
}

/** My grid from a row `myGridStages` joined (the person's own entry with its `villageDocs` and `gridPeople`). */
export function myGridOf(member: MemberDoc, row: Record<string, unknown>): MyGrid | null {
  if (!member.gridId) return null;
  const docs = (v: unknown): Doc[] => (Array.isArray(v) ? (v.filter((d) => d && typeof d === 'object') as Doc[]) : []);
  const village = docs(row.villageDocs).find((d) => d.kind === 'village' && d.villageId === member.villageId);
  const grid = (Array.isArray(village?.grids) ? (village.grids as { gridId: string; name: string }[]) : []).find((g) => g.gridId === member.gridId);
  if (!grid) return null;
  const workers = docs(row.gridPeople)
    .filter((d): d is MemberDoc & { phone?: string | null } => isMemberDoc(d) && d.villageId === member.villageId && d.status === 'active' && d.roles.includes('grid_worker') && (d.gridIds ?? []).includes(grid.gridId))
    .map((d) => ({ memberId: d._id, name: d.name, phone: d.phone ?? null }))
    .sort((a, b) => a.memberId.localeCompare(b.memberId));
  return { gridId: grid.gridId, name: grid.name, workers };
}

/**
 * What the phone keeps of my standing in a village (account.me), as a short hash: the village's name, my
 * status, roles, grids, name and household, and my grid with its workers and their phones. The board's
 * answer carries it, so a phone keeps `me` for days and asks again only when this changes (a role given or
 * taken, a move to another household, a new grid worker for my grid).
 */
export function memberStamp(doc: MemberDoc, myGrid: MyGrid | null): string {
  const seen = [doc.villageName, doc.status, [...doc.roles].sort(), [...(doc.gridIds ?? [])].sort(), doc.name, doc.householdId, doc.gridId, myGrid];
  return createHash('sha256').update(JSON.stringify(seen)).digest('base64url').slice(0, 12);
}

export function isMemberDoc(doc: Doc | null | undefined): doc is MemberDoc {
  return !!doc && doc.kind === 'person';
}

/** The caller's active standing in the village, or `not_member`. */
export function activeMember(doc: Doc | null | undefined, villageId: string): MemberDoc {
  if (!isMemberDoc(doc) || doc.villageId !== villageId || doc.status !== 'active' || doc.offline) throw new AppError('not_member');
  return doc;
}

export function hasRole(member: MemberDoc, roles: readonly Role[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

export function requireRole(member: MemberDoc, roles: readonly Role[]): MemberDoc {
  if (!hasRole(member, roles)) throw new AppError('forbidden');
  return member;
}

/** Grids the member may see and act in: every grid for the committee and township, own grids for a grid worker. */
export function gridScope(member: MemberDoc): 'all' | string[] {
  if (hasRole(member, ['committee', 'township'])) return 'all';
  if (hasRole(member, ['grid_worker'])) return member.gridIds ?? [];
  return [];
}

export function canActInGrid(member: MemberDoc, gridId: string | null | undefined): boolean {
  if (hasRole(member, ['committee'])) return true;
  return !!gridId && hasRole(member, ['grid_worker']) && (member.gridIds ?? []).includes(gridId);
}

/** A committee member anywhere in the village, or a grid worker in this grid; `forbidden` otherwise. */
export function requireGridActor(member: MemberDoc, gridId: string | null | undefined): MemberDoc {
  if (!hasRole(member, ['committee', 'grid_worker'])) throw new AppError('forbidden');
  if (!canActInGrid(member, gridId)) throw new AppError('village_mismatch');
  return member;
}

/** A target document read by id must exist and belong to the caller's village. */
export function inVillage<T extends Doc>(doc: T | null | undefined, villageId: string, kind?: string): T {
  if (!doc || (kind && doc.kind !== kind)) throw new AppError('not_found');
  if (doc.villageId !== villageId) throw new AppError('village_mismatch');
  return doc;
}

/**
 * Reads the caller's register entry in one round trip — with any other register documents the action
 * needs (same collection, one `_id in [...]` query) — and checks the caller is an active member.
 * Ids that do not start with `${villageId}:` are refused before any read: they cannot be this village's.
 */
export async function loadCaller(ctx: Ctx, villageId: string, otherIds: string[] = [], options: { globalIds?: string[] } = {}): Promise<{ caller: MemberDoc; docs: Map<string, Doc> }> {
  for (const id of otherIds) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const docs = await ctx.store.getMany(REGISTER, [callerId, ...otherIds, ...(options.globalIds ?? [])]);
  return { caller: activeMember(docs.get(callerId), villageId), docs };
}

/** 138****5678 — what people without the right to see a phone get. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
