/**
 * The `grid` cloud function's shared shapes (网格上报): the field schemas several actions take and the views
 * they answer with. Each action's own input, output, errors and callers are in its command file
 * (kernel/action.ts); this file imports nothing but zod and pure data, so the client may import its types.
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

export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
export const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
/** subscribe-message template ids the person accepted at this tap (at most 3 per request: WeChat's rule) */
export const subscribeSchema = z.object({ templateIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'templateId')).max(3) });
export const pageSchema = {
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

export const onBehalfSchema = z.object({
  /** the resident's register id (`${v}:u:…` or an offline resident `${v}:off:…`) */
  residentId: idSchema,
  consent: z.enum(Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]]),
  consentNote: text(100).optional(),
});

export const ticketRef = { villageId: villageIdSchema, ticketId: idSchema };
export const reasonSchema = text(200, { min: 1, multiline: true });

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
