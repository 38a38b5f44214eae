/**
 * The notices' documents, how an action reads a notice together with its caller (one round trip), the
 * checks publish and edit share, and the views that leave the server.
 *
 * Three collections: `notices` (one per notice), `noticeviews` (one per notice × household: the household's
 * first view on a phone, or a grid worker's 当面告知 — id `${noticeId}:v:${householdId}`, so a second view
 * writes nothing), `noticeqa` (one per question, its answer written into it).
 *
 * Reading: ONE aggregate on `notices` matches the notice by id and brings along, by `$lookup`, the caller's
 * register entry (and any other register ids), the view document of a person's household (its id is built
 * in the pipeline from the looked-up person's householdId), the questions, and — grouped in the database,
 * never read whole — the views per grid and the households per grid.
 */
import { activeMember, memberIdOf, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Doc } from '../kernel/store';
import { NOTICE_LIMITS, type NoticeCategory, type NoticeSummary } from './contract';

export const NOTICES = 'notices';
export const NOTICE_VIEWS = 'noticeviews';
export const NOTICE_QA = 'noticeqa';

export const noticeDocId = (villageId: string, suffix: string): string => `${villageId}:nt:${suffix}`;
export const viewDocId = (noticeId: string, householdId: string): string => `${noticeId}:v:${householdId}`;
export const questionDocId = (noticeId: string, suffix: string): string => `${noticeId}:q:${suffix}`;
export const villageDocId = (villageId: string): string => `${villageId}:village`;

export const DAY_MS = 24 * 3600_000;

export interface NoticeDoc extends Doc {
  kind: 'notice';
  villageId: string;
  townshipId: string;
  category: NoticeCategory;
  title: string;
  text: string;
  photos: string[];
  /** 0 when not pinned, so "not pinned now" is one condition: pinnedUntil ≤ now */
  pinnedUntil: number;
  authorId: string;
  authorName: string;
  publishedAt: number;
  editedAt: number | null;
  editedById: string | null;
  version: number;
}

export interface ViewDoc extends Doc {
  kind: 'notice_view';
  villageId: string;
  noticeId: string;
  householdId: string;
  gridId: string | null;
  /** seen on a phone, or told in person by a grid worker */
  via: 'seen' | 'told';
  at: number;
  /** who opened it (seen), or the grid worker who told (told) */
  byId: string;
  byName: string;
  /** 当面告知: the person told */
  toldToId: string | null;
  toldToName: string | null;
  note: string;
  /** the request that wrote it: its retry re-appends the audit record (a crash between the two heals) */
  requestId: string;
}

export interface QuestionDoc extends Doc {
  kind: 'notice_question';
  villageId: string;
  noticeId: string;
  noticeTitle: string;
  askerId: string;
  askerName: string;
  text: string;
  askedAt: number;
  answer: { text: string; byId: string; byName: string; at: number } | null;
}

// ─── reading a notice with its caller ───────────────────────────────────────────────────────────────

export interface LoadOptions {
  /** other register ids to bring (a resident told in person) */
  otherIds?: string[];
  /** the register id whose household's view document to bring ('caller' for the caller's own) */
  viewOf?: string;
  questions?: boolean;
  /** views and households per grid (counted in the database) and the told-in-person records */
  reach?: boolean;
}

export interface LoadedNotice {
  notice: NoticeDoc;
  caller: MemberDoc;
  docs: Map<string, Doc>;
  view: ViewDoc | null;
  questions: QuestionDoc[];
  reach: { views: { gridId: string | null; via: 'seen' | 'told'; n: number }[]; households: { gridId: string | null; n: number }[]; told: ViewDoc[]; grids: { gridId: string; name: string }[] };
}

const TOLD_SHOWN = 200;
const QUESTIONS_SHOWN = 200;

/** One aggregate: the notice by id with the caller and whatever `options` ask for. Ids outside the village are refused before reading. */
export async function loadNotice(ctx: Ctx, villageId: string, noticeId: string, options: LoadOptions = {}): Promise<LoadedNotice> {
  const otherIds = options.otherIds ?? [];
  for (const id of [noticeId, ...otherIds]) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const ids = [callerId, ...otherIds, ...(options.reach ? [villageDocId(villageId)] : [])];
  const pipeline: Record<string, unknown>[] = [{ $match: { _id: noticeId } }, { $limit: 1 }];
  pipeline.push({ $addFields: Object.fromEntries(ids.map((id, i) => [`_k${i}`, id])) });
  ids.forEach((_id, i) => pipeline.push({ $lookup: { from: REGISTER, localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } }));
  if (options.viewOf) {
    const i = ids.indexOf(options.viewOf === 'caller' ? callerId : options.viewOf);
    // the household's view id, built from the looked-up person (no household: an id no view has)
    pipeline.push({ $addFields: { _vk: { $concat: ['$_id', ':v:', { $ifNull: [{ $arrayElemAt: [`$_r${i}.householdId`, 0] }, '-'] }] } } });
    pipeline.push({ $lookup: { from: NOTICE_VIEWS, localField: '_vk', foreignField: '_id', as: '_view' } });
  }
  if (options.questions) {
    pipeline.push({ $lookup: { from: NOTICE_QA, let: {}, pipeline: [{ $match: { noticeId } }, { $sort: { askedAt: 1, _id: 1 } }, { $limit: QUESTIONS_SHOWN }], as: '_qa' } });
  }
  if (options.reach) {
    pipeline.push(
      { $lookup: { from: NOTICE_VIEWS, let: {}, pipeline: [{ $match: { noticeId } }, { $group: { _id: { g: '$gridId', via: '$via' }, n: { $sum: 1 } } }], as: '_reach' } },
      { $lookup: { from: REGISTER, let: {}, pipeline: [{ $match: { villageId, kind: 'household' } }, { $group: { _id: '$gridId', n: { $sum: 1 } } }], as: '_hh' } },
      { $lookup: { from: NOTICE_VIEWS, let: {}, pipeline: [{ $match: { noticeId, via: 'told' } }, { $sort: { at: -1, _id: 1 } }, { $limit: TOLD_SHOWN }], as: '_told' } },
    );
  }
  const [row] = await ctx.store.aggregate(NOTICES, pipeline);
  if (!row) throw new AppError('not_found');
  const docs = new Map<string, Doc>();
  ids.forEach((id, i) => {
    const found = (row[`_r${i}`] as Doc[] | undefined)?.[0];
    if (found) docs.set(id, found);
  });
  const caller = activeMember(docs.get(callerId), villageId);
  const notice = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_') || k === '_id')) as NoticeDoc;
  if (notice.kind !== 'notice' || notice.villageId !== villageId) throw new AppError('not_found');
  const village = docs.get(villageDocId(villageId)) as (Doc & { grids?: { gridId: string; name: string }[] }) | undefined;
  return {
    notice,
    caller,
    docs,
    view: ((row._view as ViewDoc[] | undefined) ?? [])[0] ?? null,
    questions: (row._qa as QuestionDoc[] | undefined) ?? [],
    reach: {
      views: ((row._reach as { _id: { g?: string | null; via: 'seen' | 'told' }; n: number }[] | undefined) ?? []).map((r) => ({ gridId: r._id.g ?? null, via: r._id.via, n: r.n })),
      households: ((row._hh as { _id: string | null; n: number }[] | undefined) ?? []).map((r) => ({ gridId: r._id ?? null, n: r.n })),
      told: (row._told as ViewDoc[] | undefined) ?? [],
      grids: village?.grids ?? [],
    },
  };
}

// ─── the checks publish and edit share ───────────────────────────────────────────────────────────────

const extensionOf = (fileId: string): string => /\.([A-Za-z0-9]{1,5})$/.exec(fileId)?.[1]?.toLowerCase() ?? '';

/** What needs no data: missing or too long words, too many or wrong photos, a pin date out of range. */
export function checkNoticeInput(input: { title: string; text: string; photos: { fileId: string; bytes: number }[]; pinnedUntil: number | null }, now: number): void {
  if (!input.title) throw new AppError('title_required');
  if ([...input.title].length > NOTICE_LIMITS.titleMax) throw new AppError('title_too_long');
  if (!input.text) throw new AppError('notice_text_required');
  if ([...input.text].length > NOTICE_LIMITS.textMax) throw new AppError('notice_text_too_long');
  if (input.photos.length > NOTICE_LIMITS.photosMax) throw new AppError('too_many_photos');
  for (const p of input.photos) {
    if (!(NOTICE_LIMITS.photoExtensions as readonly string[]).includes(extensionOf(p.fileId))) throw new AppError('photo_type_not_allowed');
    if (p.bytes > NOTICE_LIMITS.photoBytesMax) throw new AppError('photo_too_large');
  }
  if (input.pinnedUntil !== null && (input.pinnedUntil <= now || input.pinnedUntil > now + NOTICE_LIMITS.pinDaysMax * DAY_MS)) throw new AppError('pin_date_invalid');
}

// ─── views ───────────────────────────────────────────────────────────────────────────────────────────

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

export function summaryView(n: NoticeDoc, now: number): NoticeSummary {
  const pinned = (n.pinnedUntil ?? 0) > now;
  return {
    noticeId: n._id,
    villageId: n.villageId,
    category: n.category,
    title: n.title,
    excerpt: excerptOf(n.text ?? ''),
    photoCount: (n.photos ?? []).length,
    pinned,
    pinnedUntil: pinned ? n.pinnedUntil : null,
    authorName: n.authorName,
    publishedAt: n.publishedAt,
    editedAt: n.editedAt ?? null,
  };
}

/** 王** — a name as residents other than the person see it. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

/** Offset cursors (a village's notices are few and ordered). */
export function decodeCursor(cursor: string | undefined): number {
  const n = cursor ? Number.parseInt(cursor, 10) : 0;
  return Number.isFinite(n) && n >= 0 && n <= 100_000 ? n : 0;
}
