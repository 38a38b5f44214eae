/** createHousehold — the committee, or a grid worker in their own grid, registers a household (户). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { REGISTER, loadCaller, requireGridActor } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { villageScoped, idSchema, nameSchema, addressSchema, noteSchema, type HouseholdView } from './contract';
import { householdDocId, householdView, villageDocId, type HouseholdDoc, type VillageDoc } from './model';

export const createHousehold = defineAction({
  /** committee, or a grid worker in own grid */
  input: z.object({
    ...villageScoped,
    gridId: idSchema,
    headName: nameSchema,
    address: addressSchema,
    note: noteSchema.optional(),
  }),
  output: returns<HouseholdView>(),
  who: ['committee', 'grid_worker'],
  errors: ['grid_not_found'],
  run: async (ctx, input) => {
    const { villageId, gridId } = input;
    const id = householdDocId(villageId, ctx.newId('household'));
    const { caller, docs } = await loadCaller(ctx, villageId, [villageDocId(villageId), id]);
    const village = docs.get(villageDocId(villageId)) as VillageDoc | undefined;
    if (!village?.grids.some((g) => g.gridId === gridId)) throw new AppError('grid_not_found');
    requireGridActor(caller, gridId);
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: id, summary: `登记住户 ${input.headName}户`, details: { gridId } };

    const prior = priorOf<HouseholdView>(ctx, docs.get(id));
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    await requireCleanText(ctx, [input.headName, input.address, input.note]);
    const doc: HouseholdDoc = {
      _id: id,
      kind: 'household',
      villageId,
      gridId,
      headName: input.headName,
      address: input.address,
      note: input.note ?? '',
      createdAt: ctx.now,
      createdBy: caller._id,
    };
    const out = householdView(doc);
    await ctx.store.create(REGISTER, { ...doc, ...markerField(ctx, out) });
    await appendAudit(ctx, draft);
    return out;
  },
});
