/**
 * replyLead — the grid worker answers in the post's thread (the reply is shown under the post, signed
 * with their name); the poster and the flaggers find it in their inbox (the audit record names them).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { AppError } from '../kernel/errors';
import { leadRef, type TriageOutput } from './contract';
import { SEC_CHECK_REFUSALS, secCheck } from './rules';
import { POST_LIMITS } from './states';
import { TRIAGE_ERRORS, peopleOf, triage } from './triage';

export const replyLead = defineAction({
  input: z.object({ ...leadRef, text: text(5000, { multiline: true, trim: false }) }),
  output: returns<TriageOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['reply_empty', 'post_too_long', ...SEC_CHECK_REFUSALS, ...TRIAGE_ERRORS],
  run: async (ctx, input) => {
    const text = input.text.trim();
    if (!text) throw new AppError('reply_empty');
    if ([...text].length > POST_LIMITS.textMax) throw new AppError('post_too_long');
    return triage(ctx, input.villageId, input.leadId, 'reply', {
      prepare: async () => {
        await secCheck(ctx, text);
        return { replyText: text };
      },
      summary: (lead) => `回复了 ${lead.authorName}：${text.slice(0, 60)}`,
      notify: peopleOf,
    });
  },
});
