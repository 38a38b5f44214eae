/**
 * Ids that point into another job's data (a follow-up's ticket, a ticket's source lead) cannot always be
 * read where they are stored without a fourth round trip, but their shape says where they belong: every id
 * made in a village begins `${villageId}:` and its next part names the kind (`t` a grid ticket, `m` a board
 * message or patrol lead — server/grid/model.ts ticketDocId, server/patrol/model.ts messageDocId). A
 * foreign id is stored only when that shape holds: another village's → `village_mismatch`, another
 * kind's → `not_found`.
 */
import { AppError } from './errors';

export const ID_KINDS = { ticket: 't', lead: 'm' } as const;
export type IdKind = keyof typeof ID_KINDS;

export function requireIdOf(id: string, villageId: string, kind: IdKind): void {
  if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const rest = id.slice(villageId.length + 1);
  if (!rest.startsWith(`${ID_KINDS[kind]}:`) || !/^[A-Za-z0-9_-]+$/.test(rest.slice(ID_KINDS[kind].length + 1))) throw new AppError('not_found');
}
