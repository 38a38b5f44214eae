/**
 * editNotice (修改通知) — the committee corrects a notice: every field of the publish form again. The old
 * photos may stay (they are the notice's own, not the editor's to prove). One aggregate (the notice with
 * the caller), one compare-and-set on the version it read, one audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { requireOwnFiles } from '../kernel/files';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { noticeFields, noticeRef, type NoticeSummary } from './contract';
import { checkNoticeInput, loadNotice, NOTICES, summaryView, type NoticeDoc } from './model';

export const editNotice = defineAction({
  input: z.object({ ...noticeRef, ...noticeFields }),
  output: returns<NoticeSummary>(),
  who: ['committee'],
  errors: ['title_required', 'title_too_long', 'notice_text_required', 'notice_text_too_long', 'too_many_photos', 'photo_type_not_allowed', 'photo_too_large', 'pin_date_invalid', 'notice_changed'],
  run: async (ctx, input) => {
    checkNoticeInput(input, ctx.now);
    const [{ notice, caller }] = await Promise.all([loadNotice(ctx, input.villageId, input.noticeId), requireCleanText(ctx, [input.title, input.text], 3)]);
    requireRole(caller, ['committee']);
    const draft = {
      villageId: notice.villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: notice._id,
      summary: `${caller.name} 修改了通知「${input.title}」`,
      details: { category: input.category, photos: input.photos.length, pinnedUntil: input.pinnedUntil },
    };
    const prior = priorOf<NoticeSummary>(ctx, notice);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    requireOwnFiles(ctx, input.villageId, input.photos.map((p) => p.fileId), notice.photos ?? []);
    const changed: Partial<NoticeDoc> = {
      category: input.category,
      title: input.title,
      text: input.text,
      photos: input.photos.map((p) => p.fileId),
      pinnedUntil: input.pinnedUntil ?? 0,
      editedAt: ctx.now,
      editedById: caller._id,
      version: (notice.version ?? 1) + 1,
    };
    const out = summaryView({ ...notice, ...changed }, ctx.now);
    const updated = await ctx.store.updateWhere(NOTICES, { _id: notice._id, version: notice.version ?? 1, ...notYetApplied(ctx) }, { $set: { ...changed, ...markerSet(ctx, out) } });
    // another committee member saved in between: their edit is not overwritten unseen
    if (updated !== 1) throw new AppError('notice_changed');
    await appendAudit(ctx, draft);
    return out;
  },
});
