/**
 * bindGroup — a committee member opens the village's share card inside the village's WeChat group and
 * binds that group (its openGId, resolved by WeChat from the card's CloudID: cloud.getOpenData) to the village. From then
 * on, anyone opening the card from that group can ask to join. The openGId itself never leaves the server.
 */
import { appendAudit } from '../kernel/audit';
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { openGIdOf, requireCleanText } from '../kernel/openapi';
import type { AccountParsed, BindGroupOutput } from './contract';
import { groupDocId, type GroupDoc } from './model';

export async function bindGroup(ctx: Ctx, input: AccountParsed<'bindGroup'>): Promise<BindGroupOutput> {
  const { villageId } = input;
  const openGId = await openGIdOf(ctx, input.group);
  const groupId = groupDocId(openGId);
  const { caller, docs } = await loadCaller(ctx, villageId, [], { globalIds: [groupId] });
  requireRole(caller, ['committee']);
  const existing = docs.get(groupId) as GroupDoc | undefined;
  const name = input.groupName ?? '';
  const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: groupId, summary: `绑定微信群${name ? `「${name}」` : ''}` };

  if (existing) {
    if (existing.villageId !== villageId) throw new AppError('group_bound_elsewhere');
    const prior = priorOf<BindGroupOutput>(ctx, existing);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    return { villageId, alreadyBound: true };
  }

  await requireCleanText(ctx, [name]);
  const out: BindGroupOutput = { villageId, alreadyBound: false };
  const doc: GroupDoc = {
    _id: groupId,
    kind: 'group',
    villageId,
    villageName: caller.villageName,
    townshipId: caller.townshipId,
    townshipName: caller.townshipName,
    openGId,
    groupName: name,
    boundAt: ctx.now,
    boundBy: caller._id,
  };
  await ctx.store.create(REGISTER, { ...doc, ...markerField(ctx, out) });
  await appendAudit(ctx, draft);
  return out;
}
