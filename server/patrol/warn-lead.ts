/**
 * warnLead — publish a fraud warning from the lead: pinned on top of the village board (read aloud in
 * 长辈模式), written by the worker in plain words. It passes msgSecCheck like any text others read —
 * describe the trick ("有人冒充客服让您共享屏幕") rather than repeating the scammer's bait word for word.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { AppError } from '../kernel/errors';
import { leadRef, type TriageOutput } from './contract';
import { SEC_CHECK_REFUSALS, secCheck } from './rules';
import { POST_LIMITS } from './states';
import { pinKey } from './model';
import { TRIAGE_ERRORS, peopleOf, triage } from './triage';

export const warnLead = defineAction({
  input: z.object({ ...leadRef, text: text(5000, { multiline: true, trim: false }) }),
  output: returns<TriageOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['warning_empty', 'post_too_long', ...SEC_CHECK_REFUSALS, ...TRIAGE_ERRORS],
  run: async (ctx, input) => {
    const text = input.text.trim();
    if (!text) throw new AppError('warning_empty');
    if ([...text].length > POST_LIMITS.textMax) throw new AppError('post_too_long');
    return triage(ctx, input.villageId, input.leadId, 'warn', {
      prepare: async () => {
        await secCheck(ctx, text);
        return { warningText: text, warningPinned: true, warnedAt: ctx.now, pinnedIn: pinKey(input.villageId, ctx.now) };
      },
      summary: () => `发布防骗预警：${text.slice(0, 60)}`,
      notify: peopleOf,
    });
  },
});
