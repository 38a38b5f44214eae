/** Who may act for which household, and the audit addresses the ledger notifies. */
import { roleAddress } from '../kernel/audit';
import { canActInGrid, hasRole, type MemberDoc } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { Doc } from '../kernel/store';
import { CONSENT_KINDS, type ConsentKind } from './contract';
import type { Loaded } from './model';

export const committeeAddress = (villageId: string) => roleAddress('committee', villageId);
export const shopAddress = (villageId: string) => roleAddress('shopkeeper', villageId);
export const isKeeper = (m: MemberDoc) => hasRole(m, ['committee', 'shopkeeper']);

export interface Target {
  householdId: string;
  /** 代办: the resident a grid worker (or the committee) acts for */
  onBehalfOf: Doc | null;
  /** how that resident agreed (null: an offline resident, who has no other way) */
  consent: ConsentKind | null;
}

/** 代办 / 代报 in the ledger: who may act for a resident (the page's choice and the check are this one rule) */
export const mayActForOthers = (caller: MemberDoc): boolean => hasRole(caller, ['committee', 'grid_worker']);

/**
 * The household an action is for: the caller's own; a resident's (`residentId`: a grid worker in that
 * resident's grid, or the committee — 代办); or any household named outright (the committee).
 * 代办 follows the rule of 代报 (grid submitReport): a resident who uses WeChat acts for themselves, so
 * acting for them needs their consent, recorded (当面 / 电话 / 家属); an offline resident has no other way.
 */
export function targetHousehold(loaded: Loaded, input: { residentId?: string; householdId?: string; consent?: ConsentKind }): Target {
  const { caller, people } = loaded;
  if (input.residentId) {
    const resident = people.get(input.residentId);
    if (!resident || resident.kind !== 'person' || resident.villageId !== caller.villageId || resident.status !== 'active' || !resident.householdId) throw new AppError('resident_not_found');
    if (resident._id === caller._id) return { householdId: resident.householdId as string, onBehalfOf: null, consent: null };
    if (!mayActForOthers(caller)) throw new AppError('forbidden');
    if (!canActInGrid(caller, resident.gridId as string | null)) throw new AppError('village_mismatch');
    if (!resident.offline && !input.consent) throw new AppError('consent_required');
    return { householdId: resident.householdId as string, onBehalfOf: resident, consent: input.consent ?? null };
  }
  if (input.householdId && input.householdId !== caller.householdId) {
    if (!hasRole(caller, ['committee'])) throw new AppError('forbidden');
    return { householdId: input.householdId, onBehalfOf: null, consent: null };
  }
  if (!caller.householdId) throw new AppError('household_required');
  return { householdId: caller.householdId, onBehalfOf: null, consent: null };
}

/** "（当面同意）" after a 代办 summary, when the resident's consent was recorded. */
export const consentNote = (target: Target): string => (target.consent ? `（${CONSENT_KINDS[target.consent]}）` : '');

/** May the caller see this household's statement? Its members, its grid's worker, the committee. */
export function maySeeHousehold(caller: MemberDoc, householdId: string, gridId: string | null): boolean {
  return caller.householdId === householdId || hasRole(caller, ['committee']) || canActInGrid(caller, gridId);
}
