/**
 * warnLead — publish a fraud warning from the lead: pinned on top of the village board (read aloud in
 * 长辈模式), written by the worker in plain words. It passes msgSecCheck like any text others read —
 * describe the trick ("有人冒充客服让您共享屏幕") rather than repeating the scammer's bait word for word.
 */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { PatrolParsed, TriageOutput } from './contract';
import { secCheck } from './rules';
import { POST_LIMITS } from './states';
import { peopleOf, triage } from './triage';

export async function warnLead(ctx: Ctx, input: PatrolParsed<'warnLead'>): Promise<TriageOutput> {
  const text = input.text.trim();
  if (!text) throw new AppError('warning_empty');
  if ([...text].length > POST_LIMITS.textMax) throw new AppError('post_too_long');
  return triage(ctx, input.villageId, input.leadId, 'warn', {
    prepare: async () => {
      await secCheck(ctx, text);
      return { warningText: text, warningPinned: true, warnedAt: ctx.now };
    },
    summary: () => `发布防骗预警：${text.slice(0, 60)}`,
    notify: peopleOf,
  });
}
