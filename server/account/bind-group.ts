/**
 * bindGroup — a committee member opens the village's share card inside the village's WeChat group and
 * binds that group (its openGId, resolved by WeChat from the card's CloudID: cloud.getOpenData) to the village. From then
 * on, anyone opening the card from that group can ask to join. The openGId itself never leaves the server.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { groupCardSchema } from '../kernel/open-data';
import { appendAudit } from '../kernel/audit';
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { openGIdOf, requireCleanText } from '../kernel/openapi';
import { villageScoped, type BindGroupOutput } from './contract';
import { groupDocId, type GroupDoc } from './model';

export const bindGroup = defineAction({
  /** committee: bind the WeChat group a share card was opened from to the village */
  input: z.object({ ...villageScoped, group: groupCardSchema, groupName: text(40).optional() }),
  output: returns<BindGroupOutput>(),
  who: ['committee'],
  errors: ['group_bound_elsewhere'],
  run: async (ctx, input) => {
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
  },
});
