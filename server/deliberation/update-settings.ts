/**
 * updateSettings — committee: seconds needed to reach the agenda, the reminder's lead time, the subscribe
 * template. A topic copies the seconds needed when it is proposed, so changing the setting never moves a
 * topic that is already collecting seconds.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { priorOf, type Marker } from '../kernel/idempotency';
import { templateIdSchema, villageIdSchema, type SettingsView } from './contract';
import { DELIB, loadCallerWith, settingsDocId, settingsDocOf, type SettingsDoc } from './model';

export const updateSettings = defineAction({
  /** committee: seconds needed to reach the agenda, reminder lead time, subscribe template */
  input: z.object({
    villageId: villageIdSchema,
    secondsNeeded: z.number().int().min(1).max(500),
    remindBeforeHours: z.number().int().min(1).max(168),
    reminderTemplateId: templateIdSchema.nullable().default(null),
  }),
  output: returns<SettingsView>(),
  who: ['committee'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const id = settingsDocId(villageId);
    const { caller, docs } = await loadCallerWith(ctx, villageId, [id]);
    requireRole(caller, ['committee']);
    const current = docs.get(id) as SettingsDoc | undefined;
    const out: SettingsView = { villageId, secondsNeeded: input.secondsNeeded, remindBeforeHours: input.remindBeforeHours, reminderTemplateId: input.reminderTemplateId };
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: id,
      summary: `修改议事设置：附议满 ${out.secondsNeeded} 人列入议程，截止前 ${out.remindBeforeHours} 小时提醒未投票的人`,
      details: { ...out },
    };
    const prior = priorOf<SettingsView>(ctx, current);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    // the whole document is rewritten (it is small); earlier markers are kept so their retries still replay
    const reqs: Record<string, Marker> = { ...((current?.reqs as Record<string, Marker>) ?? {}), [ctx.requestId]: { h: ctx.requestHash, at: ctx.now, out } };
    await ctx.store.put(DELIB, { ...settingsDocOf(out, caller._id, ctx.now), reqs });
    await appendAudit(ctx, draft);
    return out;
  },
});
