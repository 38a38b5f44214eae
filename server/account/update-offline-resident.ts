/** updateOfflineResident — the grid worker (own grid) or the committee corrects an offline resident's entry. */
import { appendAudit } from '../kernel/audit';
import { REGISTER, inVillage, loadCaller, requireGridActor } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { AccountParsed, ResidentView } from './contract';
import { residentView, type PersonDoc } from './model';

const LABELS: Record<string, string> = { name: '姓名', phone: '电话', birthYear: '出生年份', elderly: '长者标记', note: '备注' };

export async function updateOfflineResident(ctx: Ctx, input: AccountParsed<'updateOfflineResident'>): Promise<ResidentView> {
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
}
