/**
 * The `grid` cloud function's contract (网格上报): action names, input schemas and output types.
 * The client (and the patrol function) import TYPES ONLY from here; this file imports nothing but zod and
 * pure data, so it stays free of server code.
 *
 * Other functions call `submitReport` too: the patrol function turns a lead into a ticket with
 *   cloud.callFunction({ name: 'grid', data: { action: 'submitReport', requestId,
 *     payload: { villageId, categoryId, text, place?, source: { kind: 'patrol_lead', leadId } } } })
 * (the caller's identity passes through; the caller must be a member of the village). The answer's
 * `data.ticketId` is the ticket's id in the `tickets` collection; the lead reads `status` / `bucket` there.
 */
import { z } from 'zod';
import { CONSENT_KINDS, type ConsentKind } from '../kernel/consent';
import { fileIdSchema } from '../kernel/file-id';
import { text } from '../kernel/text';
import { TICKET_BUCKETS, type TicketStatus, type TicketBucket, type TransitionAction } from './transitions';

export { TICKET_STATUS, TICKET_BUCKETS, TRANSITIONS, bucketOf } from './transitions';
export type { TicketStatus, TicketBucket, TransitionAction, TransitionActor, Transition } from './transitions';

// ─── shared field shapes ────────────────────────────────────────────────────────────────────────────

const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
/** subscribe-message template ids the person accepted at this tap (at most 3 per request: WeChat's rule) */
const subscribeSchema = z.object({ templateIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'templateId')).max(3) });
const pageSchema = {
  /** opaque cursor from the previous page's `nextCursor`; omit for the first page */
  cursor: text(200, { trim: false }).optional(),
  pageSize: z.number().int().min(1).max(50).default(20),
};

/** The limits the command checks (each with its own error code, so the message says what to fix). */
export const REPORT_LIMITS = {
  /** characters of the written description */
  textMax: 500,
  photosMax: 6,
  photoBytesMax: 5 * 1024 * 1024,
  photoExtensions: ['jpg', 'jpeg', 'png', 'webp'],
  /** WeChat's speech input and recorder notes: a minute is plenty */
  voiceSecondsMax: 60,
  voiceBytesMax: 5 * 1024 * 1024,
  voiceExtensions: ['mp3', 'aac', 'm4a', 'wav', 'webm', 'ogg', 'silk'],
} as const;

export const photoSchema = z.object({
  fileId: fileIdSchema,
  /** as the client measured it after compressing (the server refuses more than photoBytesMax) */
  bytes: z.number().int().min(0).max(1_000_000_000),
});

export const voiceSchema = z.object({
  fileId: fileIdSchema,
  durationS: z.number().min(0).max(3600),
  bytes: z.number().int().min(0).max(1_000_000_000),
});

/** A map pick (WeChat) or coordinates (browser), or a place typed in words. */
export const placeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('point'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** the map's name of the spot, e.g. "青石村村委会" */
    name: text(60).optional(),
    /** the street address the map gave (masked on the public board) */
    address: text(120).optional(),
  }),
  z.object({ kind: z.literal('text'), text: text(80, { min: 1 }) }),
]);
export type PlaceInput = z.infer<typeof placeSchema>;

/** Where a ticket came from besides a person's report. */
export const sourceSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('patrol_lead'), leadId: idSchema })]);
export type TicketSource = z.infer<typeof sourceSchema>;

/** How the resident agreed that someone acts for them (代报 / 代办): one list for both jobs. */
export { CONSENT_KINDS, type ConsentKind };

const onBehalfSchema = z.object({
  /** the resident's register id (`${v}:u:…` or an offline resident `${v}:off:…`) */
  residentId: idSchema,
  consent: z.enum(Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]]),
  consentNote: text(100).optional(),
});

const ticketRef = { villageId: villageIdSchema, ticketId: idSchema };
const reasonSchema = text(200, { min: 1, multiline: true });

// ─── input schemas, one per action ──────────────────────────────────────────────────────────────────

export const inputs = {
  /** any member: the village's catalogue, its boundary and my grid (what the report page needs) */
  reportSetup: z.object({ villageId: villageIdSchema }),

  /**
   * any member (or a grid worker 代报 for a resident, or the patrol function for its caller):
   * a new ticket. The same requestId twice → the same ticket.
   */
  submitReport: z.object({
    villageId: villageIdSchema,
    /** from reportSetup's catalogue; missing → `category_required` */
    categoryId: text(40).optional(),
    /** what happened, in words (or the transcript of the voice note); > REPORT_LIMITS.textMax → `text_too_long` */
    text: text(5000, { multiline: true, trim: false }).default(''),
    voice: voiceSchema.optional(),
    photos: z.array(photoSchema).max(20).default([]),
    place: placeSchema.optional(),
    /** a grid worker reporting for a resident (代报), with that resident's consent */
    onBehalfOf: onBehalfSchema.optional(),
    /** subscribe-message consent given at this tap */
    subscribe: subscribeSchema.optional(),
    source: sourceSchema.optional(),
  }),

  // ── transitions (each checks role and state against TRANSITIONS) ──
  acceptTicket: z.object({ ...ticketRef }),
  startTicket: z.object({ ...ticketRef }),
  resolveTicket: z.object({ ...ticketRef, note: text(300, { min: 1, multiline: true }), photos: z.array(photoSchema).max(20).default([]) }),
  /** not ours to fix: say who is (e.g. 供电所 95598) */
  rejectTicket: z.object({ ...ticketRef, reason: reasonSchema, referral: text(100, { min: 1 }) }),
  markDuplicate: z.object({ ...ticketRef, duplicateOf: idSchema }),
  /** to another grid, to the committee, or to a named worker/committee member; always with a reason */
  transferTicket: z.object({
    ...ticketRef,
    reason: reasonSchema,
    to: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('grid'), gridId: idSchema }),
      z.object({ kind: z.literal('committee') }),
      z.object({ kind: z.literal('member'), memberId: idSchema }),
    ]),
  }),
  /** an honest "closed, not fixed" */
  closeUnresolved: z.object({ ...ticketRef, reason: reasonSchema }),
  /** the reporter (or their grid worker for an offline reporter, 代办) confirms the fix and rates it */
  confirmTicket: z.object({
    ...ticketRef,
    rating: z.number().int().min(1).max(5),
    comment: text(200, { multiline: true }).optional(),
    subscribe: subscribeSchema.optional(),
  }),
  reopenTicket: z.object({ ...ticketRef, reason: reasonSchema }),

  /** 附议: a resident backs an open ticket instead of filing a duplicate */
  supportTicket: z.object({ ...ticketRef }),

  // ── reading ──
  getTicket: z.object({ ...ticketRef }),
  /** tickets I reported (or reported for others) */
  listMyTickets: z.object({ villageId: villageIdSchema, bucket: z.enum(TICKET_BUCKETS).optional(), ...pageSchema }),
  /** a grid worker's / the committee's open tickets, due soonest first */
  listDueTickets: z.object({ villageId: villageIdSchema, ...pageSchema }),
  /** 问题曝光: the village's tickets, personal data masked */
  publicBoard: z.object({ villageId: villageIdSchema, bucket: z.enum(TICKET_BUCKETS).default('open'), ...pageSchema }),

  // ── timers ──
  /** every few minutes: reminders, escalation to committee then township, 7-day no-answer close */
  sweepDeadlines: z.object({}),
} as const;

export type GridAction = keyof typeof inputs;
export const GRID_ACTIONS = Object.keys(inputs) as GridAction[];
export type GridInput<A extends GridAction> = z.input<(typeof inputs)[A]>;
export type GridParsed<A extends GridAction> = z.output<(typeof inputs)[A]>;

// ─── outputs ────────────────────────────────────────────────────────────────────────────────────────

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** who handles a ticket: the grid's workers, or the committee (some categories) */
export type RouteRole = 'grid_worker' | 'committee';

export interface CategoryView {
  categoryId: string;
  name: string;
  route: RouteRole;
  acceptWithinHours: number;
  resolveWithinDays: number;
  /** words that suggest this category in a report's text */
  keywords: string[];
}

export interface ReportSetupOutput {
  villageId: string;
  villageName: string;
  categories: CategoryView[];
  /** the village's boundary (reports outside it are refused) */
  boundary: { latitude: number; longitude: number; radiusM: number } | null;
  grids: { gridId: string; name: string }[];
  /** the caller's own grid (from their household), if any */
  myGridId: string | null;
  /** the caller may report for residents of their grids (代报: grid workers and the committee) */
  canReportForOthers: boolean;
  /** subscribe-message templates the client may ask consent for */
  templates: { ticketUpdate: string | null };
}

export interface TicketSummary {
  ticketId: string;
  villageId: string;
  status: TicketStatus;
  bucket: TicketBucket;
  categoryId: string;
  categoryName: string;
  gridId: string | null;
  gridName: string;
  /** who should act now */
  route: RouteRole;
  assigneeId: string | null;
  assigneeName: string | null;
  /** first line of the text (masked on the public board) */
  title: string;
  createdAt: number;
  /** the deadline that applies now (accept or resolve), null once the ticket is fixed or closed */
  dueAt: number | null;
  dueKind: 'accept' | 'resolve' | null;
  /** 0 none, 1 村委, 2 乡镇 */
  escalation: 0 | 1 | 2;
  supporters: number;
  source: TicketSource | null;
}

export interface SubmitReportOutput extends TicketSummary {
  /** the category the text's keywords point to (null: none), so the UI can say "did you mean …" */
  suggestedCategoryId: string | null;
}

export interface TimelineEntry {
  at: number;
  action: string;
  actorName: string;
  /** 代办 / 代报: the resident the actor acted for */
  onBehalf: boolean;
  summary: string;
}

export interface TicketDetail extends TicketSummary {
  text: string;
  voice: { fileId: string; durationS: number } | null;
  photos: string[];
  resolutionPhotos: string[];
  place: { label: string; latitude: number | null; longitude: number | null } | null;
  reporterName: string;
  /** 代报: reported by a grid worker for the reporter */
  reportedBy: { name: string; consent: ConsentKind } | null;
  resolution: { note: string; at: number } | null;
  rejection: { reason: string; referral: string } | null;
  duplicateOf: string | null;
  rating: { stars: number; comment: string; onBehalf: boolean } | null;
  /** what the caller may do now: actions from TRANSITIONS whose role and state hold */
  allowed: TransitionAction[];
  canSupport: boolean;
  timeline: TimelineEntry[];
}

/** a public board row: no names, phones or exact addresses */
export interface BoardItem {
  ticketId: string;
  status: TicketStatus;
  bucket: TicketBucket;
  categoryName: string;
  gridName: string;
  text: string;
  place: string;
  reporter: string;
  createdAt: number;
  closedAt: number | null;
  supporters: number;
  rating: number | null;
  escalation: 0 | 1 | 2;
  /** the viewer reported it (no 附议 on one's own) / already backed it */
  mine: boolean;
  supportedByMe: boolean;
}

export interface TransitionOutput {
  ticketId: string;
  status: TicketStatus;
  bucket: TicketBucket;
  assigneeId: string | null;
}

export interface SweepOutput {
  reminded: number;
  escalated: number;
  unconfirmed: number;
}

export interface GridOutputs {
  reportSetup: ReportSetupOutput;
  submitReport: SubmitReportOutput;
  acceptTicket: TransitionOutput;
  startTicket: TransitionOutput;
  resolveTicket: TransitionOutput;
  rejectTicket: TransitionOutput;
  markDuplicate: TransitionOutput;
  transferTicket: TransitionOutput;
  closeUnresolved: TransitionOutput;
  confirmTicket: TransitionOutput;
  reopenTicket: TransitionOutput;
  supportTicket: { ticketId: string; supporters: number };
  getTicket: TicketDetail;
  listMyTickets: Page<TicketSummary>;
  listDueTickets: Page<TicketSummary>;
  publicBoard: Page<BoardItem>;
  sweepDeadlines: SweepOutput;
}
export type GridOutput<A extends GridAction> = GridOutputs[A];
