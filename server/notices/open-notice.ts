/**
 * openNotice (看通知) — a notice in full, its questions and answers, and how far it has reached: households
 * that opened it and households told in person, per grid. The FIRST opening by anyone of a household is
 * recorded — one view document per notice × household (deterministic id), with its one audit record — so
 * the committee sees which households and grids have seen it; a later opening writes nothing.
 *
 * Round trips: one aggregate (notice, caller, the caller's household's view, questions, the counts per grid
 * grouped in the database); a first view adds the view and its audit record (3). A retry of the first
 * view finds the view its own requestId wrote and re-appends the audit record (healing a crash between).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { hasRole, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { noticeRef, type GridReach, type NoticeDetail, type NoticeReach } from './contract';
import { loadNotice, maskName, NOTICE_VIEWS, summaryView, viewDocId, type LoadedNotice, type NoticeDoc, type ViewDoc } from './model';

export const openNotice = defineAction({
  input: z.object({ ...noticeRef }),
  output: returns<NoticeDetail>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const loaded = await loadNotice(ctx, input.villageId, input.noticeId, { viewOf: 'caller', questions: true, reach: true });
    const { notice, caller, view } = loaded;
    const firstView = await recordFirstView(ctx, notice, caller, view);
    return detailView(ctx, loaded, firstView);
  },
});

/** Whether this opening is the household's first (and recorded it). */
async function recordFirstView(ctx: Ctx, notice: NoticeDoc, caller: MemberDoc, existing: ViewDoc | null): Promise<boolean> {
  // township staff and anyone without a household: nothing to record
  if (!caller.householdId) return false;
  const audit = {
    villageId: notice.villageId,
    actorId: caller._id,
    actorName: caller.name,
    targetId: viewDocId(notice._id, caller.householdId),
    summary: `${caller.name} 家看了通知「${notice.title}」`,
    details: { noticeId: notice._id, householdId: caller.householdId, gridId: caller.gridId ?? null, via: 'seen' },
  };
  if (existing) {
    if (existing.requestId !== ctx.requestId) return false;
    // this request wrote it: a retry — the audit record may be missing if the first try died in between
    await appendAudit(ctx, audit, existing.at);
    return true;
  }
  const view: ViewDoc = {
    _id: viewDocId(notice._id, caller.householdId),
    kind: 'notice_view',
    villageId: notice.villageId,
    noticeId: notice._id,
    householdId: caller.householdId,
    gridId: caller.gridId ?? null,
    via: 'seen',
    at: ctx.now,
    byId: caller._id,
    byName: caller.name,
    toldToId: null,
    toldToName: null,
    note: '',
    requestId: ctx.requestId,
  };
  try {
    await ctx.store.create(NOTICE_VIEWS, view);
  } catch (error) {
    // someone of the same household opened it at the same moment: theirs is the first view
    if (error instanceof AppError && error.code === 'conflict') return false;
    throw error;
  }
  await appendAudit(ctx, audit);
  return true;
}

function detailView(ctx: Ctx, loaded: LoadedNotice, firstView: boolean): NoticeDetail {
  const { notice, caller, questions, reach } = loaded;
  const committee = hasRole(caller, ['committee']);
  const staff = hasRole(caller, ['committee', 'township', 'grid_worker']);
  // the household just recorded is in the figures this answer shows
  const views = firstView && !loaded.view ? [...reach.views, { gridId: caller.gridId ?? null, via: 'seen' as const, n: 1 }] : reach.views;
  const byGrid: GridReach[] = reach.grids.map((g) => ({
    gridId: g.gridId,
    name: g.name,
    households: reach.households.find((h) => h.gridId === g.gridId)?.n ?? 0,
    seen: views.filter((v) => v.gridId === g.gridId && v.via === 'seen').reduce((s, v) => s + v.n, 0),
    told: views.filter((v) => v.gridId === g.gridId && v.via === 'told').reduce((s, v) => s + v.n, 0),
  }));
  const total: NoticeReach = {
    households: reach.households.reduce((s, h) => s + h.n, 0),
    seen: views.filter((v) => v.via === 'seen').reduce((s, v) => s + v.n, 0),
    told: views.filter((v) => v.via === 'told').reduce((s, v) => s + v.n, 0),
    byGrid: staff ? byGrid : [],
  };
  const name = (n: string, own: boolean) => (staff || own ? n : maskName(n));
  return {
    ...summaryView(notice, ctx.now),
    text: notice.text,
    photos: notice.photos ?? [],
    questions: questions.map((q) => ({
      questionId: q._id,
      askerName: name(q.askerName, q.askerId === caller._id),
      text: q.text,
      askedAt: q.askedAt,
      answer: q.answer ? { text: q.answer.text, byName: q.answer.byName, at: q.answer.at } : null,
      mine: q.askerId === caller._id,
    })),
    reach: total,
    told: reach.told.map((t) => ({
      householdId: t.householdId,
      gridId: t.gridId,
      toldByName: t.byName,
      toldToName: name(t.toldToName ?? '', false),
      note: staff ? t.note : '',
      at: t.at,
    })),
    firstView,
    canEdit: committee,
    canAnswer: committee,
    canAsk: hasRole(caller, ['resident']),
    canTell: hasRole(caller, ['grid_worker']),
  };
}
