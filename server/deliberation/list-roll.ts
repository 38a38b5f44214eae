/** listRoll — grid worker (own grids) or committee: roll units for assisted votes. 2 round trips: the topic with the caller; the units in the caller's reach, grouped into one record. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { hasRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { topicRef, type RollOutput, type RollUnitView } from './contract';
import { DELIB, idOfKey, loadTopic, type UnitDoc } from './model';

type UnitRow = Pick<UnitDoc, 'unit' | 'l' | 'g' | 'v' | 'via' | 'p' | 'ol' | 'el'>;

export const listRoll = defineAction({
  /** grid worker (own grids) or committee: roll units for assisted votes */
  input: z.object({ ...topicRef, onlyAssistable: z.boolean().default(true) }),
  output: returns<RollOutput>(),
  who: ['committee', 'grid_worker'],
  run: async (ctx, input) => {
    const { topic, caller } = await loadTopic(ctx, input.villageId, input.topicId);
    if (!hasRole(caller, ['committee', 'grid_worker'])) throw new AppError('forbidden');
    const everywhere = hasRole(caller, ['committee']);
    const rollId = topic.poll?.rollId;
    if (!rollId) return { topicId: input.topicId, units: [] };
    const [row] = await ctx.store.aggregate(DELIB, [
      {
        $match: {
          topicId: input.topicId,
          kind: 'unit',
          rollId,
          ...(everywhere ? {} : { g: { $in: caller.gridIds ?? [] } }),
          ...(input.onlyAssistable ? { v: false } : {}),
        },
      },
      { $project: { _id: 0, unit: 1, l: 1, g: 1, v: 1, via: 1, p: 1, ol: 1, el: 1 } },
      { $group: { _id: null, units: { $push: '$$ROOT' } } },
    ]);
    const units: RollUnitView[] = [];
    for (const u of ((row?.units as UnitRow[] | undefined) ?? [])) {
      const assistable = Object.entries(u.p)
        .filter(([k]) => u.ol.includes(k) || u.el.includes(k))
        .map(([k, name]) => ({ residentId: idOfKey(k), name, offline: u.ol.includes(k), elderly: u.el.includes(k) }));
      if (input.onlyAssistable && (u.v || assistable.length === 0)) continue;
      units.push({ unitId: u.unit, label: u.l, gridId: u.g, voted: u.v, via: u.via, assistable });
    }
    units.sort((a, b) => (a.gridId ?? '').localeCompare(b.gridId ?? '') || a.label.localeCompare(b.label, 'zh'));
    return { topicId: input.topicId, units };
  },
});
