/**
 * createOfflineResident — a resident without WeChat (many elderly) is entered by their grid worker (or the
 * committee). The entry is openly marked `offline: true` with `managedBy` — never a fake account — and
 * the audit record says the worker acted for them (代办).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { REGISTER, inVillage, loadCaller, requireGridActor } from '../kernel/auth';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { villageScoped, idSchema, nameSchema, noteSchema, phoneSchema, type ResidentView } from './contract';
import { offlineDocId, residentView, type HouseholdDoc, type PersonDoc } from './model';

export const createOfflineResident = defineAction({
  /** a resident without WeChat, openly marked offline and managed by a grid worker (代办) */
  input: z.object({
    ...villageScoped,
    householdId: idSchema,
    name: nameSchema,
    phone: phoneSchema.optional(),
    birthYear: z.number().int().min(1900).max(2100).optional(),
    elderly: z.boolean().default(false),
    note: noteSchema.optional(),
  }),
  output: returns<ResidentView>(),
  who: ['committee', 'grid_worker'],
  run: async (ctx, input) => {
    const { villageId, householdId } = input;
    const id = offlineDocId(villageId, ctx.newId('offline'));
    const { caller, docs } = await loadCaller(ctx, villageId, [householdId, id]);
    const household = inVillage(docs.get(householdId) as HouseholdDoc | undefined, villageId, 'household');
    requireGridActor(caller, household.gridId);
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: id,
      targetId: id,
      summary: `代为登记线下居民 ${input.name}（${household.headName}户）`,
      details: { householdId, gridId: household.gridId },
    };

    const prior = priorOf<ResidentView>(ctx, docs.get(id));
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    await requireCleanText(ctx, [input.name, input.note]);
    const doc: PersonDoc = {
      _id: id,
      kind: 'person',
      villageId,
      villageName: caller.villageName,
      townshipId: caller.townshipId,
      townshipName: caller.townshipName,
      openid: null,
      offline: true,
      managedBy: caller._id,
      status: 'active',
      roles: ['resident'],
      gridIds: [],
      name: input.name,
      phone: input.phone ?? null,
      birthYear: input.birthYear ?? null,
      elderly: input.elderly,
      note: input.note ?? '',
      address: household.address,
      householdHint: '',
      householdId,
      gridId: household.gridId,
      via: 'offline',
      inviteId: null,
      appliedAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      reviewedBy: caller._id,
      reviewedAt: ctx.now,
      rejectReason: null,
    };
    const out = residentView(doc, true);
    await ctx.store.create(REGISTER, { ...doc, ...markerField(ctx, out) });
    await appendAudit(ctx, draft);
    return out;
  },
});
