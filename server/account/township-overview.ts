/** townshipOverview — township staff see every village of their township side by side (counts only). */
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { AccountParsed, TownshipOverviewOutput, TownshipVillageView } from './contract';
import type { PersonDoc } from './model';

export async function townshipOverview(ctx: Ctx, _input: AccountParsed<'townshipOverview'>): Promise<TownshipOverviewOutput> {
  const mine = (await ctx.store.find(REGISTER, { kind: 'person', openid: ctx.openid, status: 'active', roles: 'township' }, { limit: 200 })) as PersonDoc[];
  if (mine.length === 0) throw new AppError('forbidden');
  const villages = new Map<string, TownshipVillageView>(
    mine.map((m) => [m.villageId, { villageId: m.villageId, name: m.villageName, households: 0, residents: 0, elderly: 0, offline: 0, pendingApplications: 0 }]),
  );
  const rows = await ctx.store.aggregate(REGISTER, [
    { $match: { villageId: { $in: [...villages.keys()] }, kind: { $in: ['person', 'household'] } } },
    {
      $group: {
        _id: { villageId: '$villageId', kind: '$kind', status: '$status', resident: { $in: ['resident', { $ifNull: ['$roles', []] }] } },
        n: { $sum: 1 },
        elderly: { $sum: { $cond: [{ $eq: ['$elderly', true] }, 1, 0] } },
        offline: { $sum: { $cond: [{ $eq: ['$offline', true] }, 1, 0] } },
      },
    },
    { $limit: 1000 },
  ]);
  for (const row of rows) {
    const key = row._id as { villageId: string; kind: string; status: string | null; resident: boolean };
    const v = villages.get(key.villageId);
    if (!v) continue;
    if (key.kind === 'household') v.households += Number(row.n);
    if (key.kind === 'person' && key.status === 'pending') v.pendingApplications += Number(row.n);
    if (key.kind === 'person' && key.status === 'active' && key.resident) {
      v.residents += Number(row.n);
      v.elderly += Number(row.elderly);
      v.offline += Number(row.offline);
    }
  }
  return { townshipId: mine[0].townshipId, name: mine[0].townshipName, villages: [...villages.values()] };
}
