import type { CollectionSpec } from '../collections';

/** Collections of the account function: one register holds villages, people, households, invites, group bindings. */
export const accountCollections: CollectionSpec[] = [
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
      // me, listBoard, noticesToHear: the grid workers of my grid, joined to my entry (kernel/auth.ts myGridStages)
      { name: 'grid_people', keys: { gridIds: 1 } },
      // joinByInvite / listInvites: how many entries used an invite
      { name: 'invite_uses', keys: { inviteId: 1, kind: 1 } },
    ],
    permission: 'ADMINONLY',
  },
  {
    name: 'rollups',
    purpose:
      '成效看板的参与汇总 — one document per village per Beijing day (`${v}:YYYY-MM-DD`): the households that took part that day ' +
      '(`hs`: [householdId, gridId]), written by the hourly accountClock timer up to yesterday (watermark `rollup:state` in the register), ' +
      'so the dashboard reads a year of participation as at most 366 small documents instead of the whole audit trail.',
    indexes: [{ name: 'village_day', keys: { villageId: 1, day: 1 } }],
    permission: 'ADMINONLY',
  },
];
