/**
 * askQuestion (提问) — a resident asks a question under a notice; the committee's answer is shown with it.
 * One aggregate (the notice with the caller) beside the content check, the audit record, the question
 * (deterministic id: the same requestId → the same question).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord, roleAddress } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { text } from '../kernel/text';
import { NOTICE_LIMITS, noticeRef } from './contract';
import { loadNotice, NOTICE_QA, questionDocId, type QuestionDoc } from './model';

type Out = { questionId: string; noticeId: string };

export const askQuestion = defineAction({
  input: z.object({ ...noticeRef, text: text(5000, { multiline: true }) }),
  output: returns<Out>(),
  who: ['resident'],
  errors: ['question_empty', 'question_too_long'],
  run: async (ctx, input) => {
    if (!input.text) throw new AppError('question_empty');
    if ([...input.text].length > NOTICE_LIMITS.questionMax) throw new AppError('question_too_long');
    const [{ notice, caller }] = await Promise.all([loadNotice(ctx, input.villageId, input.noticeId), requireCleanText(ctx, [input.text], 2)]);
    requireRole(caller, ['resident']);
    const id = questionDocId(notice._id, ctx.newId('question'));
    const out: Out = { questionId: id, noticeId: notice._id };
    const question: QuestionDoc = {
      _id: id,
      kind: 'notice_question',
      villageId: notice.villageId,
      noticeId: notice._id,
      noticeTitle: notice.title,
      askerId: caller._id,
      askerName: caller.name,
      text: input.text,
      askedAt: ctx.now,
      answer: null,
    };
    const record = auditRecord(ctx, {
      villageId: notice.villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: id,
      summary: `${caller.name} 就通知「${notice.title}」提问`,
      details: { noticeId: notice._id },
      notify: [roleAddress('committee', notice.villageId)],
    });
    // audit first, as publishNotice: a retry learns it is one from the audit record's create
    try {
      await ctx.store.create(AUDIT, record);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const prior = priorOf<Out>(ctx, await ctx.store.get(NOTICE_QA, id));
      if (prior.kind === 'replay') return prior.out;
    }
    try {
      await ctx.store.create(NOTICE_QA, { ...question, ...markerField(ctx, out) });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const prior = priorOf<Out>(ctx, await ctx.store.get(NOTICE_QA, id));
      if (prior.kind !== 'replay') throw error;
      return prior.out;
    }
    return out;
  },
});
