/** Who may act for which household, and the audit addresses the ledger notifies. */
import { roleAddress } from '../kernel/audit';
import { canActInGrid, hasRole, type MemberDoc } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { Doc } from '../kernel/store';
import type { Loaded } from './model';

export const committeeAddress = (villageId: string) => roleAddress('committee', villageId);
export const shopAddress = (villageId: string) => roleAddress('shopkeeper', villageId);
export const isKeeper = (m: MemberDoc) => hasRole(m, ['committee', 'shopkeeper']);

export interface Target {
  householdId: string;
  /** 代办: the resident a grid worker (or the committee) acts for */
  onBehalfOf: Doc | null;
}

/**
 * The household an action is for: the caller's own; a resident's (`residentId`: a grid worker in that
 * resident's grid, or the committee — 代办); or any household named outright (the committee).
 */
export function targetHousehold(loaded: Loaded, input: { residentId?: string; householdId?: string }): Target {
  const { caller, people } = loaded;
  if (input.residentId) {
    const resident = people.get(input.residentId);
    if (!resident || resident.kind !== 'person' || resident.status !== 'active' || !resident.householdId) throw new AppError('resident_not_found');
    if (resident._id === caller._id) return { householdId: resident.householdId as string, onBehalfOf: null };
    if (!hasRole(caller, ['committee', 'grid_worker'])) throw new AppError('forbidden');
    if (!canActInGrid(caller, resident.gridId as string | null)) throw new AppError('village_mismatch');
    return { householdId: resident.householdId as string, onBehalfOf: resident };
  }
  if (input.householdId && input.householdId !== caller.householdId) {
    if (!hasRole(caller, ['committee'])) throw new AppError('forbidden');
    return { householdId: input.householdId, onBehalfOf: null };
  }
  if (!caller.householdId) throw new AppError('household_required');
  return { householdId: caller.householdId, onBehalfOf: null };
}

/** May the caller see this household's statement? Its members, its grid's worker, the committee. */
export function maySeeHousehold(caller: MemberDoc, householdId: string, gridId: string | null): boolean {
  return caller.householdId === householdId || hasRole(caller, ['committee']) || canActInGrid(caller, gridId);
}
