/**
 * The `notices` cloud function's shared shapes (村务公开): the field schemas several actions take, the limits
 * the commands check, and the views they answer with. Each action's own input, output, errors and callers
 * are in its command file (kernel/action.ts); this file imports nothing but zod and pure data, so the
 * client may import its types and labels.
 */
import { z } from 'zod';
import { fileIdSchema } from '../kernel/file-id';
import { text } from '../kernel/text';

/** 三务公开: the three kinds of notice, with their labels */
export const NOTICE_CATEGORIES = { party: '党务', village: '村务', finance: '财务' } as const;
export type NoticeCategory = keyof typeof NOTICE_CATEGORIES;
export const NOTICE_CATEGORY_IDS = Object.keys(NOTICE_CATEGORIES) as [NoticeCategory, ...NoticeCategory[]];

/** The limits the commands check, each with its own error code (the message says what to fix). */
export const NOTICE_LIMITS = {
  titleMax: 40,
  textMax: 3000,
  /** photos, and documents photographed as images (公示表、账目) */
  photosMax: 9,
  photoBytesMax: 5 * 1024 * 1024,
  photoExtensions: ['jpg', 'jpeg', 'png', 'webp'],
  /** a notice stays pinned at most this long */
  pinDaysMax: 90,
  questionMax: 300,
  answerMax: 1000,
  toldNoteMax: 100,
} as const;

export const idSchema = z.string().min(1).max(160).regex(/^[A-Za-z0-9:_-]+$/, 'id');
export const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
export const noticeRef = { villageId: villageIdSchema, noticeId: idSchema };
export const pageSchema = {
  /** opaque cursor from the previous page's `nextCursor`; omit for the first page */
  cursor: text(200, { trim: false }).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
};

export const photoSchema = z.object({
  fileId: fileIdSchema,
  /** as the client measured it after compressing (the server refuses more than photoBytesMax) */
  bytes: z.number().int().min(0).max(1_000_000_000),
});

/** What the committee writes: the form of publishNotice and editNotice. Lengths past the limits get their own codes. */
export const noticeFields = {
  category: z.enum(NOTICE_CATEGORY_IDS),
  title: text(400),
  text: text(30_000, { multiline: true }),
  photos: z.array(photoSchema).max(50).default([]),
  /** pinned until this moment (ms; the page sends the end of the chosen day); null or absent: not pinned */
  pinnedUntil: z.number().int().min(0).max(8_640_000_000_000_000).nullable().default(null),
};

// ─── outputs ────────────────────────────────────────────────────────────────────────────────────────

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NoticeSummary {
  noticeId: string;
  villageId: string;
  category: NoticeCategory;
  title: string;
  /** the first words of the text */
  excerpt: string;
  photoCount: number;
  /** pinned now (pinnedUntil in the future) */
  pinned: boolean;
  pinnedUntil: number | null;
  authorName: string;
  publishedAt: number;
  /** last edit, null if never edited */
  editedAt: number | null;
}

export interface QuestionView {
  questionId: string;
  /** the asker's name (masked for residents other than the asker) */
  askerName: string;
  text: string;
  askedAt: number;
  answer: { text: string; byName: string; at: number } | null;
  mine: boolean;
}

/** 当面告知: who told which household, openly */
export interface ToldView {
  householdId: string;
  gridId: string | null;
  toldByName: string;
  toldToName: string;
  note: string;
  at: number;
}

export interface GridReach {
  gridId: string;
  name: string;
  households: number;
  /** households where someone opened the notice on a phone */
  seen: number;
  /** households a grid worker told in person */
  told: number;
}

export interface NoticeReach {
  households: number;
  seen: number;
  told: number;
  /** per grid: for the committee, township staff and grid workers; [] for residents */
  byGrid: GridReach[];
}

export interface NoticeDetail extends NoticeSummary {
  text: string;
  photos: string[];
  questions: QuestionView[];
  reach: NoticeReach;
  told: ToldView[];
  /** this opening recorded the household's first view */
  firstView: boolean;
  canEdit: boolean;
  canAnswer: boolean;
  canAsk: boolean;
  /** a grid worker: may mark 当面告知 for households of their grids */
  canTell: boolean;
}

export interface HouseholdReach {
  householdId: string;
  headName: string;
  address: string;
  gridId: string;
  gridName: string;
  /** members without WeChat, whom a grid worker tells in person */
  offlineMembers: { residentId: string; name: string }[];
  /** members who may still open it on a phone */
  onlineMembers: number;
  reached: { via: 'seen' | 'told'; byName: string; toldToName: string | null; at: number } | null;
}

export interface NoticeHouseholds {
  noticeId: string;
  title: string;
  grids: { gridId: string; name: string }[];
  /** unreached first, then reached */
  households: HouseholdReach[];
}
