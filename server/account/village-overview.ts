/**
 * villageOverview — the village at a glance for any member (and its township staff): grids with their
 * households, residents and grid workers, and village-wide counts. No personal data — except the phone of
 * the caller's own grid worker, a public contact (长辈 home: 找网格员). Two round trips: the caller with the
 * village document, then one aggregate over the register.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { REGISTER, loadCaller } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { villageScoped, type GridView, type VillageOverviewOutput } from './contract';
import { villageDocId, type VillageDoc } from './model';

interface Row {
  _id: { kind: string; gridId: string | null; status: string | null; resident: boolean };
  n: number;
  elderly: number;
  offline: number;
  workers: ({ id: string; name: string; gridIds: string[]; phone?: string | null } | null)[];
  committee: ({ id: string; name: string } | null)[];
}

export const villageOverview = defineAction({
  /** a village at a glance: grids with counts (no personal data) — any member of the village or its township */
  input: z.object({ ...villageScoped }),
  output: returns<VillageOverviewOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, { villageId }) => {
    const { caller, docs } = await loadCaller(ctx, villageId, [villageDocId(villageId)]);
    const village = docs.get(villageDocId(villageId)) as VillageDoc | undefined;
    if (!village) throw new AppError('not_found');

    const rows = (await ctx.store.aggregate(REGISTER, [
      { $match: { villageId, kind: { $in: ['person', 'household', 'group'] } } },
      {
        $group: {
          _id: { kind: '$kind', gridId: '$gridId', status: '$status', resident: { $in: ['resident', { $ifNull: ['$roles', []] }] } },
          n: { $sum: 1 },
          elderly: { $sum: { $cond: [{ $eq: ['$elderly', true] }, 1, 0] } },
          offline: { $sum: { $cond: [{ $eq: ['$offline', true] }, 1, 0] } },
          workers: {
            $addToSet: {
              $cond: [{ $in: ['grid_worker', { $ifNull: ['$roles', []] }] }, { id: '$_id', name: '$name', gridIds: '$gridIds', phone: '$phone' }, null],
            },
          },
          committee: { $addToSet: { $cond: [{ $in: ['committee', { $ifNull: ['$roles', []] }] }, { id: '$_id', name: '$name' }, null] } },
        },
      },
      { $limit: 1000 },
    ])) as unknown as Row[];

    const grids = new Map<string, GridView>(village.grids.map((g) => [g.gridId, { gridId: g.gridId, name: g.name, households: 0, residents: 0, workers: [] }]));
    const counts = { households: 0, residents: 0, elderly: 0, offline: 0, pendingApplications: 0 };
    let boundGroups = 0;
    const workers = new Map<string, { id: string; name: string; gridIds: string[]; phone?: string | null }>();
    const committee = new Map<string, string>();
    for (const row of rows) {
      const { kind, gridId, status, resident } = row._id;
      const grid = gridId ? grids.get(gridId) : undefined;
      if (kind === 'group') boundGroups += row.n;
      if (kind === 'household') {
        counts.households += row.n;
        if (grid) grid.households += row.n;
      }
      if (kind === 'person' && status === 'pending') counts.pendingApplications += row.n;
      if (kind === 'person' && status === 'active' && resident) {
        counts.residents += row.n;
        counts.elderly += row.elderly;
        counts.offline += row.offline;
        if (grid) grid.residents += row.n;
      }
      if (kind === 'person' && status === 'active') {
        for (const w of row.workers ?? []) if (w) workers.set(w.id, w);
        for (const m of row.committee ?? []) if (m) committee.set(m.id, m.name);
      }
    }
    for (const w of workers.values())
      for (const g of w.gridIds ?? []) grids.get(g)?.workers.push({ memberId: w.id, name: w.name, phone: g === caller.gridId ? w.phone ?? null : null });

    return {
      villageId,
      name: village.name,
      townshipId: village.townshipId,
      townshipName: village.townshipName,
      boundGroups,
      grids: [...grids.values()],
      committee: [...committee].map(([memberId, name]) => ({ memberId, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      counts,
      myRoles: caller.roles,
    };
  },
});
