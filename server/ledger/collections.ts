import type { CollectionSpec } from '../collections';

/** Collections of the ledger function (道德银行). */
export const ledgerCollections: CollectionSpec[] = [
  {
    name: 'ledger',
    purpose:
      '道德银行 — by `kind`: book (`${v}:ledger`: settings, the rule catalogue with versions), ' +
      'account (`${householdId}:acct`: one per household — balance, earned/spent, entry count, event-rule usage, 红榜 opt-out; nothing that grows), ' +
      'entry (`${householdId}:e:<hash of entry id>`: one per posting, with its seq and running balance; a redemption is its debit entry with `pickup`), ' +
      'claim (`${householdId}:claim:<ruleId>-<period>-<slot>`: one per claim through its states), goods (`${v}:goods:…`: 积分超市 stock), ' +
      'and `ledger:events` (the watermark of the verified-event consumer). The village issuing account and the shop account ' +
      'are the counter side of every entry: their balances are derived, never stored (see docs/ARCHITECTURE.md).',
    indexes: [
      // ranking, report: every account / entry of a village
      { name: 'village_kind', keys: { villageId: 1, kind: 1 } },
      // the statement (newest first, by seq) and the latest redemptions of a household
      { name: 'household_kind_seq', keys: { householdId: 1, kind: 1, seq: -1 } },
      { name: 'household_kind_entry_seq', keys: { householdId: 1, kind: 1, entryKind: 1, seq: -1 } },
      // a household's latest claims; its usage slots under a rule this period
      { name: 'household_kind_created', keys: { householdId: 1, kind: 1, createdAt: -1 } },
      // the board's 积分 stamp: a household's newest change (ledger/tab-stamp.ts)
      { name: 'household_updated', keys: { householdId: 1, updatedAt: -1 } },
      { name: 'household_rule_period', keys: { householdId: 1, ruleId: 1, periodKey: 1 } },
      // the 公示 board and the review queue of a village; the 公示 timer across villages
      { name: 'village_kind_status', keys: { villageId: 1, kind: 1, status: 1 } },
      { name: 'kind_status_public_until', keys: { kind: 1, status: 1, publicUntil: 1 } },
      // 核销 by code; the keeper's waiting pickups
      { name: 'village_pickup_code', keys: { villageId: 1, 'pickup.code': 1 } },
      { name: 'village_pickup_status', keys: { villageId: 1, 'pickup.status': 1 } },
      // 红榜
      { name: 'village_kind_earned', keys: { villageId: 1, kind: 1, earned: -1 } },
    ],
    permission: 'ADMINONLY',
  },
];
