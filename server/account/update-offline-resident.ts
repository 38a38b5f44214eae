/** updateOfflineResident — the grid worker (own grid) or the committee corrects an offline resident's entry. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { REGISTER, inVillage, loadCaller, requireGridActor } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { villageScoped, idSchema, nameSchema, noteSchema, phoneSchema, type ResidentView } from './contract';
import { residentView, type PersonDoc } from './model';

const LABELS: Record<string, string> = { name: '姓名', phone: '电话', birthYear: '出生年份', elderly: '长者标记', note: '备注' };

export const updateOfflineResident = defineAction({
  input: z.object({
    ...villageScoped,
    residentId: idSchema,
    patch: z
      .object({
        name: nameSchema.optional(),
        /** null clears the phone */
        phone: phoneSchema.nullable().optional(),
        birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
        elderly: z.boolean().optional(),
        note: noteSchema.optional(),
      })
      .refine((p) => Object.keys(p).length > 0, 'empty patch'),
  }),
  output: returns<ResidentView>(),
  who: ['committee', 'grid_worker'],
  errors: ['not_offline_resident'],
  run: async (ctx, input) => {
    const { villageId, residentId, patch } = input;
    const { caller, docs } = await loadCaller(ctx, villageId, [residentId]);
    const resident = inVillage(docs.get(residentId) as PersonDoc | undefined, villageId, 'person');
    if (!resident.offline) throw new AppError('not_offline_resident');
    requireGridActor(caller, resident.gridId);
    const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: residentId,
      targetId: residentId,
      // phones stay out of the trail: only which fields changed
      summary: `代为修改线下居民 ${resident.name} 的${changed.map((k) => LABELS[k] ?? k).join('、')}`,
      details: { fields: changed },
    };

    const prior = priorOf<ResidentView>(ctx, resident);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    await requireCleanText(ctx, [patch.name, patch.note]);
    const set: Record<string, unknown> = {};
    for (const k of changed) set[k] = patch[k as keyof typeof patch];
    const out = residentView({ ...resident, ...set } as PersonDoc, true);
    const updated = await ctx.store.updateWhere(
      REGISTER,
      { _id: residentId, villageId, offline: true, ...notYetApplied(ctx) },
      { $set: { ...set, updatedAt: ctx.now, ...markerSet(ctx, out) } },
    );
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
