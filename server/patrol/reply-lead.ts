/**
 * replyLead — the grid worker answers in the post's thread (the reply is shown under the post, signed
 * with their name); the poster and the flaggers find it in their inbox (the audit record names them).
 */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { PatrolParsed, TriageOutput } from './contract';
import { secCheck } from './rules';
import { POST_LIMITS } from './states';
import { peopleOf, triage } from './triage';

export async function replyLead(ctx: Ctx, input: PatrolParsed<'replyLead'>): Promise<TriageOutput> {
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
}
