/**
 * publishNotice (发布通知) — the committee publishes a notice to the village board: 党务/村务/财务, a title,
 * the text, photos (documents photographed as images), optionally pinned until a day. One read (the
 * caller) beside the content check, its audit record, then the notice (deterministic id: the same
 * requestId → the same notice).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord, roleAddress } from '../kernel/audit';
import { loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { requireOwnFiles } from '../kernel/files';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { NOTICE_CATEGORIES, noticeFields, villageIdSchema, type NoticeSummary } from './contract';
import { checkNoticeInput, noticeDocId, NOTICES, summaryView, type NoticeDoc } from './model';

export const publishNotice = defineAction({
  input: z.object({ villageId: villageIdSchema, ...noticeFields }),
  output: returns<NoticeSummary>(),
  who: ['committee'],
  errors: ['title_required', 'title_too_long', 'notice_text_required', 'notice_text_too_long', 'too_many_photos', 'photo_type_not_allowed', 'photo_too_large', 'pin_date_invalid'],
  run: async (ctx, input) => {
    checkNoticeInput(input, ctx.now);
    requireOwnFiles(ctx, input.villageId, input.photos.map((p) => p.fileId));
    const { villageId } = input;
    const [{ caller }] = await Promise.all([loadCaller(ctx, villageId), requireCleanText(ctx, [input.title, input.text], 3)]);
    requireRole(caller, ['committee']);
    const id = noticeDocId(villageId, ctx.newId('notice'));
    const notice: NoticeDoc = {
      _id: id,
      kind: 'notice',
      villageId,
      townshipId: caller.townshipId,
      category: input.category,
      title: input.title,
      text: input.text,
      photos: input.photos.map((p) => p.fileId),
      pinnedUntil: input.pinnedUntil ?? 0,
      authorId: caller._id,
      authorName: caller.name,
      publishedAt: ctx.now,
      editedAt: null,
      editedById: null,
      version: 1,
    };
    const out = summaryView(notice, ctx.now);
    const record = auditRecord(ctx, {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: id,
      summary: `${caller.name} 发布${NOTICE_CATEGORIES[input.category]}公开「${input.title}」${input.pinnedUntil ? '（置顶）' : ''}`,
      details: { category: input.category, photos: notice.photos.length, pinnedUntil: input.pinnedUntil },
      notify: [roleAddress('committee', villageId)],
    });

    // The audit record goes first: its id (notice id + requestId) exists iff this request got that far, so a
    // retry learns it is a retry from that create and reads the stored answer — three round trips either way.
    try {
      await ctx.store.create(AUDIT, record);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const prior = priorOf<NoticeSummary>(ctx, await ctx.store.get(NOTICES, id));
      if (prior.kind === 'replay') return prior.out;
      // the first try died between its audit record and the notice: finish it (a 4th round trip, only then)
    }
    try {
      await ctx.store.create(NOTICES, { ...notice, ...markerField(ctx, out) });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      // the same request running twice at once: the other one created it
      const prior = priorOf<NoticeSummary>(ctx, await ctx.store.get(NOTICES, id));
      if (prior.kind !== 'replay') throw error;
      return prior.out;
    }
    return out;
  },
});
