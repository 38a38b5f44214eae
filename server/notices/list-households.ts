/**
 * listNoticeHouseholds (谁还不知道) — for a grid worker, the households of their grids (for the committee,
 * of one grid or the whole village) with whether each has seen the notice, was told in person, or not
 * yet — and who in it has no WeChat — so the rest can be told in person. Two aggregates: the notice with
 * the caller and the village's grids, then the households of those grids with their view and members.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { hasRole, REGISTER } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { idSchema, noticeRef, type HouseholdReach, type NoticeHouseholds } from './contract';
import { loadNotice, NOTICE_VIEWS, type ViewDoc } from './model';

/** a village's households are a few hundred at most */
const HOUSEHOLDS_MAX = 1000;

export const listNoticeHouseholds = defineAction({
  input: z.object({ ...noticeRef, gridId: idSchema.optional() }),
  output: returns<NoticeHouseholds>(),
  who: ['grid_worker', 'committee'],
  run: async (ctx, input) => {
    const { notice, caller, reach } = await loadNotice(ctx, input.villageId, input.noticeId, { reach: true });
    const committee = hasRole(caller, ['committee']);
    if (!committee && !hasRole(caller, ['grid_worker'])) throw new AppError('forbidden');
    const own = caller.gridIds ?? [];
    if (input.gridId && !committee && !own.includes(input.gridId)) throw new AppError('village_mismatch');
    const gridIds = input.gridId ? [input.gridId] : committee ? reach.grids.map((g) => g.gridId) : own;
    const rows = gridIds.length
      ? await ctx.store.aggregate(REGISTER, [
          { $match: { villageId: input.villageId, kind: 'household', gridId: { $in: gridIds } } },
          { $sort: { gridId: 1, createdAt: 1, _id: 1 } },
          { $limit: HOUSEHOLDS_MAX },
          { $project: { headName: 1, address: 1, gridId: 1 } },
          { $addFields: { _vk: { $concat: [notice._id, ':v:', '$_id'] } } },
          { $lookup: { from: NOTICE_VIEWS, localField: '_vk', foreignField: '_id', as: '_view' } },
          { $lookup: { from: REGISTER, localField: '_id', foreignField: 'householdId', as: '_members' } },
        ])
      : [];
    const gridName = new Map(reach.grids.map((g) => [g.gridId, g.name]));
    const households: HouseholdReach[] = rows.map((r) => {
      const view = ((r._view as ViewDoc[] | undefined) ?? [])[0];
      const members = ((r._members as { _id: string; kind: string; name: string; offline?: boolean; status: string }[] | undefined) ?? []).filter((m) => m.kind === 'person' && m.status === 'active');
      return {
        householdId: String(r._id),
        headName: String(r.headName ?? ''),
        address: String(r.address ?? ''),
        gridId: String(r.gridId),
        gridName: gridName.get(String(r.gridId)) ?? String(r.gridId),
        offlineMembers: members.filter((m) => m.offline).map((m) => ({ residentId: m._id, name: m.name })),
        onlineMembers: members.filter((m) => !m.offline).length,
        reached: view ? { via: view.via, byName: view.byName, toldToName: view.toldToName, at: view.at } : null,
      };
    });
    // the ones still to tell first (those without WeChat at the very top), then the reached
    const rank = (h: HouseholdReach) => (h.reached ? 2 : h.offlineMembers.length ? 0 : 1);
    households.sort((a, b) => rank(a) - rank(b));
    return { noticeId: notice._id, title: notice.title, grids: reach.grids.filter((g) => gridIds.includes(g.gridId)), households };
  },
});
