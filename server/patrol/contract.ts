/**
 * The `patrol` cloud function's shared shapes (巡群): the field schemas several actions take and the views
 * they answer with. Each action's own input, output, errors and callers are in its command file
 * (kernel/action.ts). The client imports TYPES ONLY from here (and the pure constants below); this file
 * imports nothing but zod and pure data, so it stays free of server code.
 *
 * Words: a *message* is anything patrol holds — a board post, a reply, a text pasted or forwarded from a
 * WeChat group (转为线索), a line of an imported chat record. A *lead* (线索) is a message the scanner or a
 * resident flagged, waiting in the triage queue; near-duplicates join the first one (the lead's head) and
 * are counted, not queued again.
 */
import { z } from 'zod';
import { fileIdSchema } from '../kernel/file-id';
import { text } from '../kernel/text';
import type { Action, Category, LexiconTerm, ScanEvidence, ScanSpan } from './scan';
import type { LeadStatus, MessageSource, Visibility } from './states';
import type { TicketSummary } from '../grid/contract';

export * from './states';

// ─── shared field shapes ────────────────────────────────────────────────────────────────────────────

export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
export const villageScoped = { villageId: villageIdSchema };
/** opaque cursor from the previous page's `nextCursor`; omit for the first page */
export const cursorSchema = text(200, { trim: false }).optional();
export const pageSizeSchema = z.number().int().min(1).max(50).default(20);
/** the window a report looks back over, in days */
export const daysSchema = z.number().int().min(1).max(90).default(30);

export const photoSchema = z.object({ fileId: fileIdSchema });
export const voiceSchema = z.object({ fileId: fileIdSchema, durationS: z.number().min(0).max(3600) });

export const reasonSchema = text(400, { multiline: true, trim: false });
/** the lead a triage action is about */
export const leadRef = { ...villageScoped, leadId: idSchema };

/** One message of an imported chat record, as server/patrol/import parsed it on the client. */
export const importedMessageSchema = z.object({
  dedupeKey: z.string().regex(/^[0-9a-f]{8,32}$/, 'dedupeKey'),
  sender: text(60, { trim: false }),
  sentAt: z.number().int().min(0),
  text: text(5000, { multiline: true, trim: false }),
  kind: z.enum(['text', 'image', 'voice', 'video', 'file', 'sticker', 'link', 'system', 'quote']),
  /** 1-based line in the file (for the worker who wants to find it again) */
  line: z.number().int().min(0),
});
export type ImportedMessageInput = z.infer<typeof importedMessageSchema>;

const lexiconEntrySchema = z.object({
  term: text(200, { trim: false }),
  category: text(20, { trim: false }),
  weight: z.number(),
  action: text(10, { trim: false }),
});

export const lexiconEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), entry: lexiconEntrySchema }),
  /** `term` names the entry to change (as stored); `entry` is its new content (the term may change too) */
  z.object({ op: z.literal('change'), term: text(200, { trim: false }), entry: lexiconEntrySchema }),
  z.object({ op: z.literal('remove'), term: text(200, { trim: false }) }),
]);
export type LexiconEdit = z.infer<typeof lexiconEditSchema>;

// ─── views ───────────────────────────────────────────────────────────────────────────────────────────

export interface MediaView {
  photos: { fileId: string }[];
  voice: { fileId: string; durationS: number } | null;
}

export interface ScanView {
  categories: Category[];
  urgency: number;
  action: Action | null;
  /** UTF-16 offsets into `text`: what the UI highlights */
  spans: ScanSpan[];
  /** score per category, 0–1; a category is given at the village's threshold (absent on messages scanned before issue 10) */
  scores?: Record<Category, number>;
  /** what decided each category, in Chinese, with the points it added or took away (the queue shows it) */
  evidence?: ScanEvidence[];
}

export interface PostView extends MediaView {
  postId: string;
  source: MessageSource;
  authorName: string;
  /** true when the caller wrote it */
  mine: boolean;
  text: string;
  postedAt: number;
  visibility: Visibility;
  /** why a held post was kept off the board (to its poster) */
  rejectReason: string | null;
  replyCount: number;
  /** a fraud warning pinned on the board (its text is `warning.text`) */
  warning: { text: string; byName: string; at: number } | null;
  /** a grid worker's answer in this thread */
  officialReply: { text: string; byName: string; at: number } | null;
  /** I flagged it already */
  flaggedByMe: boolean;
}

/** A post on the board; a short thread (≤ 10 replies) brings its replies as getThread shows them (a near-identical post: with the answer its head was given). */
export interface BoardPost extends PostView {
  replies?: PostView[];
}

export interface BoardOutput {
  /** pinned fraud warnings, newest first (first page only) */
  warnings: PostView[];
  posts: BoardPost[];
  nextCursor: string | null;
  /** my standing's stamp now (kernel/auth.ts memberStamp): the phone's kept `me` is stale when it differs */
  memberStamp: string;
  /** my unread 消息 (as account.inboxUnread counts them; first page only, else null): 我的 shows it without a call */
  unread: number | null;
  /** the stamps of the tabs the phone keeps: it shows its kept 积分 / 议事 answer while the stamp is the one it was kept under */
  tabStamps: TabStamps;
}

/** null: nothing to keep by (no ledger or household; a poll open — my unit's vote may change from another phone) */
export interface TabStamps {
  /** ledgerHome's first page of my own household (ledger/tab-stamp.ts) */
  ledger: string | null;
  /** listTopics' first page (deliberation/tab-stamp.ts) */
  topics: string | null;
}

/** One thing 听通知 reads out: a pinned fraud warning (patrol) or a 消息 of my inbox (the audit trail). */
export interface HeardNotice {
  /** the warned post's id or the audit record's id */
  key: string;
  warning: boolean;
  at: number;
  /** who warned, or who did what the message tells */
  from: string;
  text: string;
  /** a page of the app that shows what a message is about, when there is one */
  link: string | null;
}

export interface NoticesToHearOutput {
  /** newest first */
  notices: HeardNotice[];
  /** my standing's stamp, as the board answers it (kernel/auth.ts memberStamp) */
  memberStamp: string;
}

export interface ThreadOutput {
  post: PostView;
  replies: PostView[];
}

export interface CreatePostOutput {
  postId: string;
  visibility: Visibility;
  /** true when the scanner or a flag made it a lead (the grid worker will see it) */
  lead: boolean;
}

export interface FlagOutput {
  postId: string;
  leadId: string;
  /** this flagger's weight (grows with how often their flags were confirmed) */
  weight: number;
}

export interface ReviewPostOutput {
  postId: string;
  visibility: Visibility;
}

export interface SubmitLeadOutput {
  messageId: string;
  leadId: string;
  /** true when it joined an existing lead with near-identical text */
  clustered: boolean;
  scan: ScanView;
}

export interface ImportOutput {
  /** messages new to the village in this batch */
  added: number;
  /** messages already imported before (same dedupeKey): nothing written for them */
  skipped: number;
  /** new leads this batch opened */
  leads: number;
  /** messages that joined an existing lead (near-duplicates) */
  clustered: number;
}

export interface LeadCard {
  leadId: string;
  status: LeadStatus;
  source: MessageSource;
  /** who wrote it (the poster, or the sender named in the chat record) */
  authorName: string;
  text: string;
  postedAt: number;
  leadAt: number;
  gridId: string | null;
  groupName: string | null;
  scan: ScanView;
  /** queue order: scan urgency plus the weighted flags */
  priority: number;
  /** messages in the cluster (the head included) */
  count: number;
  flagCount: number;
  /** a post held for review: publish / reject apply */
  held: boolean;
  handled: { byName: string; at: number; reason: string | null; replyText: string | null; warningText: string | null; ticketId: string | null } | null;
}

export interface QueueOutput {
  leads: LeadCard[];
  nextCursor: string | null;
  /**
   * The open tickets the caller handles, due soonest first (grid's dueTicketsQuery), on the first page of the
   * open view: a grid worker's round is one screen. `more`: the 待办工单 page has more than these.
   */
  due: { items: TicketSummary[]; more: boolean } | null;
}

export interface LeadDetailOutput {
  lead: LeadCard;
  /** other messages of the cluster, oldest first (at most 20) */
  members: { messageId: string; authorName: string; text: string; postedAt: number; source: MessageSource }[];
  /** the grid ticket's state, read from the grid function's collection when the lead was converted */
  ticket: { ticketId: string; status: string; bucket: string | null } | null;
}

export interface TriageOutput {
  leadId: string;
  status: LeadStatus;
  ticketId?: string;
}

export interface LexiconOutput {
  version: number;
  terms: (LexiconTerm & { edited: boolean })[];
  /** how many of the default terms the village removed */
  removedDefaults: number;
}

export interface EditLexiconOutput {
  version: number;
  terms: number;
}

export interface CoverageRow {
  gridId: string | null;
  /** the grid's name ('未分网格' for messages filed under no grid) */
  gridName: string;
  /** leads open or escalated, and posts held for review */
  awaiting: number;
  /** messages reviewed in the window */
  reviewed: number;
  /** post → first review, in minutes; null when nothing was reviewed */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface CoverageOutput {
  days: number;
  grids: CoverageRow[];
}

export interface PrecisionRow {
  category: Category;
  /** leads with this category that a grid worker or the committee decided in the window */
  decided: number;
  /** converted, warned, escalated or replied: the lead was worth someone's time */
  confirmed: number;
  /** dismissed: noise */
  dismissed: number;
  /** confirmed ÷ decided; null with nothing decided */
  precision: number | null;
  /** the score a message needs now (the village's, else the default) and the default */
  threshold: number;
  defaultThreshold: number;
}

export interface ScannerPrecisionOutput {
  days: number;
  rows: PrecisionRow[];
  /** for setThresholds' compare-and-set */
  thresholdsVersion: number;
  /** the bounds a threshold may take */
  min: number;
  max: number;
}

export interface SetThresholdsOutput {
  version: number;
  thresholds: Record<Category, number>;
}

export type { Action as LexiconAction, Category, LexiconTerm, ScanEvidence, ScanSpan } from './scan';
export { CATEGORY_LABELS, ACTION_LABELS } from './scan/lexicon';
