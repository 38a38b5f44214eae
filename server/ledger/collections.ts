import type { CollectionSpec } from '../collections';

/** Collections of the ledger function (道德银行). */
export const ledgerCollections: CollectionSpec[] = [
  {
    name: 'ledger',
    purpose:
      '道德银行 — by `kind`: book (`${v}:ledger`: settings, the rule catalogue with versions, posted-event keys are NOT here), ' +
      'account (`${householdId}:acct`: one per household — balance, its append-only entry legs with running balance, ' +
      'claims and redemptions as maps, period usage, open pickup codes, the audit outbox), goods (`${v}:goods:…`: 积分超市 stock, holds per redemption), ' +
      'and `ledger:events` (the watermark of the verified-event consumer). The village issuing account and the shop account ' +
      'are the counter side of every household leg: their balances are derived, never stored (see docs/ARCHITECTURE.md).',
    indexes: [
      // ranking, report, board, shop: every account / goods of a village
      { name: 'village_kind', keys: { villageId: 1, kind: 1 } },
      // 公示 timer: accounts with a claim whose window ended
      { name: 'kind_due', keys: { kind: 1, dueAt: 1 } },
      // 核销: the account holding an open (or used) pickup code
      { name: 'village_codes', keys: { villageId: 1, openCodes: 1 } },
      { name: 'village_used_codes', keys: { villageId: 1, usedCodes: 1 } },
      // postDueClaims: accounts whose audit outbox waits, goods with stock holds to settle
      { name: 'kind_audit_due', keys: { kind: 1, auditDueAt: 1 } },
      { name: 'kind_holds', keys: { kind: 1, openHolds: 1 } },
      // 红榜
      { name: 'village_kind_earned', keys: { villageId: 1, kind: 1, earned: -1 } },
    ],
    permission: 'ADMINONLY',
  },
];
