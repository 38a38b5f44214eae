/**
 * The 积分 tab's stamp: a short hash of everything ledgerHome's first page shows a member of their own
 * household — the book's version (the catalogue and its settings), the household's account, its newest
 * change (every write of a household's claim, account or pickup sets `updatedAt`; index household_updated)
 * and the roles that decide what the member may do there. The board joins it in its first read, so the
 * phone keeps the tab's last answer and asks again only when the stamp moves (client/src/state/tab-stamps.ts).
 */
import type { MemberDoc } from '../kernel/auth';
import { sha } from '../kernel/context';
import type { Doc, Stage } from '../kernel/store';
import { bookIdOf, LEDGER } from './model';

const ACCOUNT_FIELDS = ['balance', 'earned', 'spent', 'entries', 'optOut'] as const;

/** Stages for an aggregate whose rows are a member's register entry in `villageId` (their `householdId`). */
export function ledgerStampStages(villageId: string): Stage[] {
  // a null key would join every document without a household (the book, the goods): '-' joins nothing
  const ofMyHousehold = { $expr: { $eq: ['$householdId', '$$hh'] } };
  const hh = { hh: { $ifNull: ['$householdId', '-'] } };
  return [
    { $lookup: { from: LEDGER, let: {}, pipeline: [{ $match: { _id: bookIdOf(villageId) } }, { $project: { version: 1 } }], as: 'ledgerBook' } },
    {
      $lookup: {
        from: LEDGER,
        let: hh,
        pipeline: [{ $match: { villageId, kind: 'account', ...ofMyHousehold } }, { $project: Object.fromEntries(ACCOUNT_FIELDS.map((f) => [f, 1])) }],
        as: 'ledgerAccount',
      },
    },
    {
      $lookup: {
        from: LEDGER,
        let: hh,
        pipeline: [{ $match: { villageId, updatedAt: { $gt: 0 }, ...ofMyHousehold } }, { $sort: { updatedAt: -1, _id: 1 } }, { $limit: 1 }, { $project: { updatedAt: 1 } }],
        as: 'ledgerLatest',
      },
    },
  ];
}

/** The stamp from a row those stages joined; null when the village keeps no ledger or the member no household. */
export function ledgerStampOf(member: MemberDoc, row: Record<string, unknown>): string | null {
  const first = (v: unknown): Doc | undefined => (Array.isArray(v) ? (v.find((d) => d && typeof d === 'object') as Doc | undefined) : undefined);
  const book = first(row.ledgerBook);
  if (!book || !member.householdId) return null;
  const account = first(row.ledgerAccount);
  const latest = first(row.ledgerLatest);
  const seen = [
    book.version,
    member.householdId,
    [...member.roles].sort(),
    account ? ACCOUNT_FIELDS.map((f) => account[f] ?? null) : null,
    latest ? [latest._id, latest.updatedAt] : null,
  ];
  return sha(JSON.stringify(seen), 12);
}
