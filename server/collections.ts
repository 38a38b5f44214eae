/**
 * Every collection of the cloud DB, declared once: its indexes (the fields the code queries) and its
 * permission rule. The deploy script applies this to a real environment; the emulator builds its
 * SQLite indexes from it. Clients get no direct database access: everything goes through functions.
 */
export interface IndexSpec {
  name: string;
  /** field path → 1 (ascending) or -1 (descending), in order */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  /** what the collection holds, for the next engineer */
  purpose: string;
  indexes: IndexSpec[];
  /** CloudBase security rule: no client reads or writes, only cloud functions (admin) */
  permission: 'ADMINONLY';
}

export const collections: CollectionSpec[] = [
  {
    name: 'register',
    purpose:
      '村名册 — every account document, by `kind`: village (`${v}:village`, grids inside), person (`${v}:u:${openid}`: member, ' +
      'applicant or township staff entry; `${v}:off:…`: offline resident), household (`${v}:h:…`), invite (`invite:CODE`), ' +
      'group binding (`group:openGId`). One collection so an action reads all it needs in one `_id in [...]` query. ' +
      'Each document carries villageId and the idempotency markers `reqs.<requestId>` of the requests that changed it.',
    indexes: [
      // me, joinByInvite, joinByGroupCard, townshipOverview: my entries across villages
      { name: 'openid_kind', keys: { openid: 1, kind: 1 } },
      // listApplications (status + appliedAt), listResidents / listHouseholds (gridId), listInvites (createdAt), aggregates (villageId + kind)
      { name: 'village_kind_status_applied', keys: { villageId: 1, kind: 1, status: 1, appliedAt: -1 } },
      { name: 'village_kind_grid_created', keys: { villageId: 1, kind: 1, gridId: 1, createdAt: 1 } },
      { name: 'village_kind_household', keys: { villageId: 1, kind: 1, householdId: 1 } },
      { name: 'village_kind_created', keys: { villageId: 1, kind: 1, createdAt: -1 } },
      // joinByInvite / listInvites: how many entries used an invite
      { name: 'invite_uses', keys: { inviteId: 1, kind: 1 } },
    ],
    permission: 'ADMINONLY',
  },
  {
    name: 'audit',
    purpose:
      '操作留痕 — one append-only record per state change (who, acting for whom, when, what, target, requestId, villageId), ' +
      'id `${targetId}#${requestId}` so a retried or healed request adds nothing twice. Every function appends here.',
    indexes: [
      // auditLog: newest first per village
      { name: 'village_at', keys: { villageId: 1, at: -1 } },
      // later jobs: the trail of one target
      { name: 'target_at', keys: { targetId: 1, at: -1 } },
    ],
    permission: 'ADMINONLY',
  },
];
