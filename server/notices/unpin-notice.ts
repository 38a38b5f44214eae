/** unpinNotice (取消置顶) — the committee takes a notice off the top before its date. Read, compare-and-set, audit. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { noticeRef, type NoticeSummary } from './contract';
import { loadNotice, NOTICES, summaryView } from './model';

export const unpinNotice = defineAction({
  input: z.object({ ...noticeRef }),
  output: returns<NoticeSummary>(),
  who: ['committee'],
  errors: ['not_pinned', 'notice_changed'],
  run: async (ctx, input) => {
    const { notice, caller } = await loadNotice(ctx, input.villageId, input.noticeId);
    requireRole(caller, ['committee']);
    const draft = { villageId: notice.villageId, actorId: caller._id, actorName: caller.name, targetId: notice._id, summary: `${caller.name} 取消置顶「${notice.title}」` };
    const prior = priorOf<NoticeSummary>(ctx, notice);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if ((notice.pinnedUntil ?? 0) <= ctx.now) throw new AppError('not_pinned');
    const out = summaryView({ ...notice, pinnedUntil: 0 }, ctx.now);
    const updated = await ctx.store.updateWhere(
      NOTICES,
      { _id: notice._id, pinnedUntil: { $gt: ctx.now }, ...notYetApplied(ctx) },
      { $set: { pinnedUntil: 0, ...markerSet(ctx, out) }, $inc: { version: 1 } },
    );
    if (updated !== 1) throw new AppError('notice_changed');
    await appendAudit(ctx, draft);
    return out;
  },
});
