/**
 * The `patrol` cloud function's contract (巡群): action names, input schemas and output types.
 * The client imports TYPES ONLY from here (and the pure constants below); this file imports nothing but
 * zod and pure data, so it stays free of server code.
 *
 * Words: a *message* is anything patrol holds — a board post, a reply, a text pasted or forwarded from a
 * WeChat group (转为线索), a line of an imported chat record. A *lead* (线索) is a message the scanner or a
 * resident flagged, waiting in the triage queue; near-duplicates join the first one (the lead's head) and
 * are counted, not queued again.
 */
import { z } from 'zod';
import { fileIdSchema } from '../kernel/file-id';
import { text } from '../kernel/text';
import { groupCardSchema } from '../kernel/open-data';
import type { Action, Category, LexiconTerm, ScanEvidence, ScanSpan } from './scan';
import { CATEGORY_ORDER } from './scan/lexicon';
import type { LeadStatus, MessageSource, Visibility } from './states';

export * from './states';

// ─── shared field shapes ────────────────────────────────────────────────────────────────────────────

const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
const villageScoped = { villageId: villageIdSchema };
const cursorSchema = text(200, { trim: false }).optional();

export const photoSchema = z.object({ fileId: fileIdSchema });
export const voiceSchema = z.object({ fileId: fileIdSchema, durationS: z.number().min(0).max(3600) });

const reasonSchema = text(400, { multiline: true, trim: false });
const leadRef = { ...villageScoped, leadId: idSchema };

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

// ─── input schemas, one per action ──────────────────────────────────────────────────────────────────

export const inputs = {
  /** any member: the board, pinned fraud warnings first, then the newest posts (mine held ones too) */
  listBoard: z.object({ ...villageScoped, cursor: cursorSchema, pageSize: z.number().int().min(1).max(50).default(20) }),
  /** any member: a post, its replies and any official reply from a grid worker */
  getThread: z.object({ ...villageScoped, postId: idSchema }),
  /** any member: a post (or, with replyTo, a reply) — text and/or photos and a voice note */
  createPost: z.object({
    ...villageScoped,
    text: text(5000, { multiline: true, trim: false }).default(''),
    photos: z.array(photoSchema).max(50).default([]),
    voice: voiceSchema.optional(),
    replyTo: idSchema.optional(),
  }),
  /** any member except the post's author: this post needs a grid worker's eye */
  flagPost: z.object({ ...villageScoped, postId: idSchema, reason: text(200, { multiline: true, trim: false }).optional() }),
  /** grid worker (own grids) / committee: a held post is published or kept off the board */
  reviewPost: z.object({ ...villageScoped, postId: idSchema, decision: z.enum(['publish', 'reject']), reason: reasonSchema.optional() }),

  /** any member: 转为线索 — text pasted or forwarded from a WeChat group, the group when the card says it */
  submitLead: z.object({
    ...villageScoped,
    text: text(20000, { multiline: true, trim: false }),
    group: groupCardSchema.optional(),
    groupName: text(40).optional(),
    /** a grid worker may file it under one of their grids (default: their first) */
    gridId: idSchema.optional(),
  }),
  /** grid worker / committee: one batch of a chat record parsed on the client; keyed by dedupeKey */
  importMessages: z.object({
    ...villageScoped,
    messages: z.array(importedMessageSchema).max(1000),
    groupName: text(60).optional(),
    format: text(40, { trim: false }).optional(),
    gridId: idSchema.optional(),
  }),

  /** grid worker (own grids) / committee (all): the triage queue, most urgent then oldest first */
  listQueue: z.object({
    ...villageScoped,
    /** 'open': waiting (workers: open in their grids; committee: open and escalated); 'closed': handled */
    view: z.enum(['open', 'escalated', 'closed']).default('open'),
    cursor: cursorSchema,
    pageSize: z.number().int().min(1).max(50).default(20),
  }),
  /** grid worker (own grids) / committee: one lead with its cluster and, when converted, the ticket's state */
  getLead: z.object({ ...leadRef }),
  dismissLead: z.object({ ...leadRef, reason: reasonSchema }),
  replyLead: z.object({ ...leadRef, text: text(5000, { multiline: true, trim: false }) }),
  convertLead: z.object({
    ...leadRef,
    /** the grid catalogue's category (prefilled from the lead's category) */
    categoryId: text(40).optional(),
    /** the ticket's description (prefilled from the lead's text) */
    text: text(5000, { multiline: true, trim: false }).optional(),
  }),
  escalateLead: z.object({ ...leadRef, reason: reasonSchema.optional() }),
  warnLead: z.object({ ...leadRef, text: text(5000, { multiline: true, trim: false }) }),

  /** any member: the village's lexicon (default terms plus the committee's edits) */
  getLexicon: z.object({ ...villageScoped }),
  /** committee: add, change or remove terms; `baseVersion` from getLexicon (a stale one is refused) */
  editLexicon: z.object({ ...villageScoped, baseVersion: z.number().int().min(0), edits: z.array(lexiconEditSchema).min(1).max(200) }),

  /** grid worker (own grids) / committee: per grid, what awaits review and how fast the first review came */
  coverage: z.object({ ...villageScoped, days: z.number().int().min(1).max(90).default(30) }),

  /** committee: per category, how many of the scanner's leads the grid workers confirmed or dismissed as noise */
  scannerPrecision: z.object({ ...villageScoped, days: z.number().int().min(1).max(90).default(30) }),
  /**
   * committee: the score (0.05–0.95) a message needs to be given each category; null = back to the default.
   * Numbers are checked by the command (threshold_invalid, a Chinese message), not here.
   */
  setThresholds: z.object({
    ...villageScoped,
    baseVersion: z.number().int().min(0),
    // only the five categories may be named (a free key would be stored text)
    thresholds: z.partialRecord(z.enum(CATEGORY_ORDER as [Category, ...Category[]]), z.number().nullable()),
  }),
} as const;

export type PatrolAction = keyof typeof inputs;
/** what the client sends (defaults optional) */
export type PatrolInput<A extends PatrolAction> = z.input<(typeof inputs)[A]>;
/** what a command receives (defaults applied) */
export type PatrolParsed<A extends PatrolAction> = z.output<(typeof inputs)[A]>;

// ─── outputs ─────────────────────────────────────────────────────────────────────────────────────────

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

export interface BoardOutput {
  /** pinned fraud warnings, newest first (first page only) */
  warnings: PostView[];
  posts: PostView[];
  nextCursor: string | null;
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

export interface PatrolOutputs {
  listBoard: BoardOutput;
  getThread: ThreadOutput;
  createPost: CreatePostOutput;
  flagPost: FlagOutput;
  reviewPost: ReviewPostOutput;
  submitLead: SubmitLeadOutput;
  importMessages: ImportOutput;
  listQueue: QueueOutput;
  getLead: LeadDetailOutput;
  dismissLead: TriageOutput;
  replyLead: TriageOutput;
  convertLead: TriageOutput;
  escalateLead: TriageOutput;
  warnLead: TriageOutput;
  getLexicon: LexiconOutput;
  editLexicon: EditLexiconOutput;
  coverage: CoverageOutput;
  scannerPrecision: ScannerPrecisionOutput;
  setThresholds: SetThresholdsOutput;
}
export type PatrolOutput<A extends PatrolAction> = PatrolOutputs[A];

export type { Action as LexiconAction, Category, LexiconTerm, ScanEvidence, ScanSpan } from './scan';
export { CATEGORY_LABELS, ACTION_LABELS } from './scan/lexicon';
export type { ErrorCode } from '../kernel/errors';
