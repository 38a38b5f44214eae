/** subscribeDigest — consent (tapped on the inbox page) to one evening digest message (daily-digest.ts spends it). */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { loadCaller, REGISTER } from '../kernel/auth';
import { villageScoped } from './contract';

export const subscribeDigest = defineAction({
  input: z.object({ ...villageScoped, templateIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'templateId')).min(1).max(3) }),
  output: returns<{ subscribed: boolean }>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { caller } = await loadCaller(ctx, input.villageId);
    // one consent = one message: a newer tap replaces an unused one (WeChat counts taps per template)
    await ctx.store.updateWhere(REGISTER, { _id: caller._id }, { $set: { digestConsent: { templateId: input.templateIds[0], openid: ctx.openid, at: ctx.now } } });
    await appendAudit(ctx, { villageId: input.villageId, actorId: caller._id, actorName: caller.name, targetId: caller._id, summary: `${caller.name} 订阅了每日消息汇总（一次）` });
    return { subscribed: true };
  },
});
