/** subscribeReminder — a voter who tapped consent to a subscribe message: remind me before the deadline (used once, by the timer). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { idSchema, templateIdSchema, topicRef, type SubscribeOutput } from './contract';
import { DELIB, keyOf, loadTopic } from './model';
import { refuseUnlessOpen } from './poll-gate';

export const subscribeReminder = defineAction({
  /** a voter who tapped consent to a subscribe message: remind me before the deadline */
  input: z.object({ ...topicRef, unitId: idSchema, templateId: templateIdSchema }),
  output: returns<SubscribeOutput>(),
  // whoever the roll names (castVote)
  who: ['resident', 'grid_worker', 'committee', 'shopkeeper'],
  errors: ['not_eligible', 'poll_not_open', 'poll_closed'],
  run: async (ctx, input) => {
    const { villageId, topicId, unitId, templateId } = input;
    const { topic, caller, units } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId] });
    const unit = units.get(unitId);
    const key = keyOf(caller._id);
    if (!topic.poll || !unit || !(key in unit.p)) throw new AppError('not_eligible');
    const out: SubscribeOutput = { topicId, unitId };
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: topicId, summary: `订阅表决「${topic.poll.question}」的截止提醒`, details: { unitId } };
    if (unit.s?.[key] === templateId) {
      await appendAudit(ctx, draft);
      return out;
    }
    refuseUnlessOpen(topic.poll, ctx.now);
    const updated = await ctx.store.updateWhere(DELIB, { _id: unit._id, open: true, [`p.${key}`]: { $exists: true } }, { $set: { [`s.${key}`]: templateId } });
    if (updated !== 1) throw new AppError('conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
