/**
 * answerQuestion (答复) — the committee answers a resident's question under a notice; the answer is shown
 * with the question, and the asker hears of it in their inbox. One aggregate (the question with the
 * caller), one compare-and-set (not answered yet), one audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { activeMember, memberIdOf, REGISTER, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { Doc } from '../kernel/store';
import { text } from '../kernel/text';
import { idSchema, NOTICE_LIMITS, villageIdSchema } from './contract';
import { NOTICE_QA, type QuestionDoc } from './model';

type Out = { questionId: string; answeredAt: number };

export const answerQuestion = defineAction({
  input: z.object({ villageId: villageIdSchema, questionId: idSchema, text: text(10_000, { multiline: true }) }),
  output: returns<Out>(),
  who: ['committee'],
  errors: ['answer_empty', 'answer_too_long', 'already_answered'],
  run: async (ctx, input) => {
    if (!input.text) throw new AppError('answer_empty');
    if ([...input.text].length > NOTICE_LIMITS.answerMax) throw new AppError('answer_too_long');
    if (!input.questionId.startsWith(`${input.villageId}:`)) throw new AppError('village_mismatch');
    const callerId = memberIdOf(input.villageId, ctx.openid);
    const [[row]] = await Promise.all([
      ctx.store.aggregate(NOTICE_QA, [
        { $match: { _id: input.questionId } },
        { $limit: 1 },
        { $addFields: { _k: callerId } },
        { $lookup: { from: REGISTER, localField: '_k', foreignField: '_id', as: '_caller' } },
      ]),
      requireCleanText(ctx, [input.text], 2),
    ]);
    if (!row) throw new AppError('not_found');
    const caller = requireRole(activeMember((row._caller as Doc[])[0], input.villageId), ['committee']);
    const question = row as unknown as QuestionDoc;
    if (question.kind !== 'notice_question' || question.villageId !== input.villageId) throw new AppError('not_found');
    const draft = {
      villageId: question.villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: question._id,
      summary: `${caller.name} 答复了关于「${question.noticeTitle}」的提问`,
      details: { noticeId: question.noticeId },
      notify: [question.askerId],
    };
    const prior = priorOf<Out>(ctx, question);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (question.answer) throw new AppError('already_answered');
    const out: Out = { questionId: question._id, answeredAt: ctx.now };
    const updated = await ctx.store.updateWhere(
      NOTICE_QA,
      { _id: question._id, answer: null, ...notYetApplied(ctx) },
      { $set: { answer: { text: input.text, byId: caller._id, byName: caller.name, at: ctx.now }, ...markerSet(ctx, out) } },
    );
    // another committee member answered in between
    if (updated !== 1) throw new AppError('already_answered');
    await appendAudit(ctx, draft);
    return out;
  },
});
