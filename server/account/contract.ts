/**
 * The `account` cloud function's shared shapes (村名册, joining, roles, 成效看板, 消息): the field schemas
 * several actions take and the views they answer with. Each action's own input, output, errors and callers
 * are in its command file (kernel/action.ts); this file imports nothing but zod and pure data, so the client
 * may import its types (`import type { … } from '…/server/account/contract'`).
 */
import { z } from 'zod';
import { text } from '../kernel/text';

// ─── shared field shapes ────────────────────────────────────────────────────────────────────────────

/** ids the server made: letters, digits and `:_-` (e.g. `qingshi`, `qingshi:g1`, `qingshi:h:3f9a…`) */
export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
/** a village's id: lower-case letters, digits and `-` (it prefixes every id inside the village, so no `:`) */
export const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
/** a person's name as written in the village register */
export const nameSchema = text(20, { min: 1 });
export const addressSchema = text(80, { min: 1 });
export const noteSchema = text(200);
/** mainland mobile number; optional everywhere (getPhoneNumber costs money, nobody must be shut out for lacking it) */
export const phoneSchema = z.string().regex(/^1\d{10}$/, 'phone');
/** every action inside one village names it */
export const villageScoped = { villageId: villageIdSchema };
/** who asks to join (by invite code or by the group's share card) */
export const applicantShape = {
  name: nameSchema,
  /** e.g. "张家（张建国户）" — helps the committee place the applicant */
  householdHint: text(40).optional(),
  address: addressSchema.optional(),
  phone: phoneSchema.optional(),
};
export const pageSchema = z.object({
  /** opaque cursor from the previous page's `nextCursor`; omit for the first page */
  cursor: text(200, { trim: false }).optional(),
  pageSize: z.number().int().min(1).max(100).default(20),
});

// ─── roles and states (code value + Chinese label side by side) ──────────────────────────────────────

export { ROLES } from '../kernel/roles';
import type { Role } from '../kernel/roles';
import type { MyGrid } from '../kernel/auth';
export type { MyGrid };
export type { Role };

/** roles a committee member can hand out or take back (township staff are appointed by the township) */
export const ASSIGNABLE_ROLES = ['grid_worker', 'committee', 'shopkeeper'] as const;

export const MEMBER_STATUS = {
  pending: '待审核',
  active: '已加入',
  rejected: '未通过',
} as const;
export type MemberStatus = keyof typeof MEMBER_STATUS;

export const INVITE_STATUS = {
  active: '可用',
  revoked: '已作废',
  expired: '已过期',
  used_up: '已用完',
} as const;
export type InviteStatus = keyof typeof INVITE_STATUS;

// ─── shapes of the dashboard's inputs ───────────────────────────────────────────────────────────────

/** a calendar day (YYYY-MM-DD) that exists, 2000–2199: "2025-13-45" or "0780-01-01" is refused as input, not met by the command (found by the fuzzer) */
const daySchema = z
  .string()
  .regex(/^(20|21)\d{2}-\d{2}-\d{2}$/, 'day')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'day');
export const rangeShape = {
  granularity: z.enum(['week', 'month']).default('month'),
  /** default: the 12 months (or 12 weeks) up to today */
  from: daySchema.optional(),
  to: daySchema.optional(),
};

/** the figures of the 成效看板 that open to the items behind them */
export const DASHBOARD_METRICS = [
  'households_participating',
  'households_not_participating',
  'tickets_opened',
  'tickets_fixed',
  'tickets_closed_unfixed',
  'tickets_overdue',
  'tickets_reopened',
  'tickets_rated',
  'leads',
  'warnings',
  'topics_raised',
  'topics_decided',
  'polls',
  'points_issued',
  'points_redeemed',
] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

export const EXPORT_TABLES = ['trend', 'grids', 'categories', 'polls', 'audit'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const EXPORT_TABLE_LABELS: Record<ExportTable, string> = {
  trend: '成效趋势',
  grids: '各网格',
  categories: '问题分类',
  polls: '表决参与',
  audit: '操作留痕',
};

// ─── outputs ────────────────────────────────────────────────────────────────────────────────────────

export interface Page<T> {
  items: T[];
  /** pass back as `cursor` for the next page; null when this was the last page */
  nextCursor: string | null;
}

export interface MembershipView {
  /** `${villageId}:u:${openid}` — also the application id while pending */
  memberId: string;
  villageId: string;
  villageName: string;
  townshipId: string;
  status: MemberStatus;
  roles: Role[];
  /** grids this member works as grid worker */
  gridIds: string[];
  name: string;
  householdId: string | null;
  gridId: string | null;
  rejectReason?: string;
  /**
   * my grid, its name and its grid workers with their phones (kernel/auth.ts myGridOf) — in `me`'s active
   * memberships only, covered by the stamp; missing from a `me` a phone kept from before it was answered
   */
  myGrid?: MyGrid | null;
}

export interface VillageRef {
  villageId: string;
  name: string;
}

export interface MeOutput {
  /**
   * active memberships (including township staff access to each of their villages), each with my upload
   * prefix there (`u/<villageId>/<hash>/`): the phone uploads photos and voice notes under it; and the
   * membership's stamp (patrol.listBoard answers the current one: a differing stamp means ask `me` again)
   */
  memberships: (MembershipView & { uploadPrefix: string; stamp: string })[];
  /** my applications waiting for the committee, or refused */
  applications: MembershipView[];
  township: { townshipId: string; name: string; villages: VillageRef[] } | null;
}

export interface GridView {
  gridId: string;
  name: string;
  households: number;
  residents: number;
  /** `phone` only for the caller's own grid (a public contact: 找网格员); null elsewhere */
  workers: { memberId: string; name: string; phone: string | null }[];
}

export interface VillageOverviewOutput {
  villageId: string;
  name: string;
  townshipId: string;
  townshipName: string;
  /** how many WeChat groups are bound (the opengids themselves stay on the server) */
  boundGroups: number;
  grids: GridView[];
  /** who sits on the village committee (names only: every villager may know who to turn to) */
  committee: { memberId: string; name: string }[];
  counts: { households: number; residents: number; elderly: number; offline: number; pendingApplications: number };
  /** the caller's roles here */
  myRoles: Role[];
}

export interface InviteView {
  inviteId: string;
  code: string;
  status: InviteStatus;
  expiresAt: number;
  maxUses: number;
  uses: number;
  note: string;
  createdAt: number;
  createdByName: string;
}

export interface JoinOutput {
  applicationId: string;
  villageId: string;
  villageName: string;
  status: MemberStatus;
}

export interface BindGroupOutput {
  villageId: string;
  /** true when the group was bound before (by anyone): nothing changed */
  alreadyBound: boolean;
}

export interface ApplicationView {
  applicationId: string;
  name: string;
  householdHint: string;
  address: string;
  /** only the committee sees this */
  phone: string | null;
  via: 'invite' | 'group_card';
  appliedAt: number;
  status: MemberStatus;
  rejectReason?: string;
}

export interface ReviewOutput {
  applicationId: string;
  status: MemberStatus;
  householdId: string | null;
  gridId: string | null;
}

export interface HouseholdView {
  householdId: string;
  gridId: string;
  headName: string;
  address: string;
  note: string;
}

export interface ResidentView {
  /** member id: `${villageId}:u:${openid}` for WeChat members, `${villageId}:off:…` for offline residents */
  residentId: string;
  name: string;
  householdId: string | null;
  gridId: string | null;
  roles: Role[];
  elderly: boolean;
  /** no WeChat account: their grid worker acts for them (代办) */
  offline: boolean;
  /** memberId of the grid worker who manages an offline resident */
  managedBy: string | null;
  /** masked (138****0000) unless the viewer may see it in full */
  phone: string | null;
  birthYear: number | null;
  note: string;
}

export interface RolesOutput {
  memberId: string;
  roles: Role[];
  gridIds: string[];
}

export interface AuditView {
  auditId: string;
  at: number;
  action: string;
  actorName: string;
  actorId: string;
  /** the resident a grid worker acted for (代办), if any */
  onBehalfOf: string | null;
  targetId: string;
  summary: string;
  requestId: string;
}

// ─── 成效看板 ─────────────────────────────────────────────────────────────────────────────────────────

export interface PeriodView {
  key: string;
  /** 2026年3月, or 3/2–3/8 */
  label: string;
  from: number;
  to: number;
}

/** one period's figures (or the whole range's): null where there is nothing to measure */
export interface OutcomeFigures {
  /** distinct households that took part in anything (themselves, or through a grid worker for an offline resident) */
  householdsParticipating: number;
  /** of all households, 0–1 */
  participationShare: number | null;
  ticketsOpened: number;
  ticketsFixed: number;
  /** closed without a fix: refused (referred elsewhere) or closed unresolved; duplicates are not counted */
  ticketsClosedUnfixed: number;
  /** opened in the period and reopened by the resident at least once, of those opened */
  ticketsReopened: number;
  reopenRate: number | null;
  medianDaysToFix: number | null;
  ratings: number;
  /** the residents' stars, 1–5 */
  avgRating: number | null;
  leads: number;
  /** from a lead's post to the first time a grid worker or the committee looked at it */
  medianReviewHours: number | null;
  warnings: number;
  topicsRaised: number;
  topicsDecided: number;
  pollsCounted: number;
  /** ballots of the roll, averaged over the polls counted */
  avgTurnout: number | null;
  pointsIssued: number;
  pointsRedeemed: number;
  householdsEarning: number;
}

export interface GridOutcome {
  gridId: string;
  name: string;
  households: number;
  householdsParticipating: number;
  participationShare: number | null;
  /** participation well below the village's (less than ¾ of its share) */
  lagging: boolean;
  ticketsOpened: number;
  ticketsFixed: number;
  ticketsClosedUnfixed: number;
  /** open and past their deadline now */
  ticketsOverdue: number;
  medianDaysToFix: number | null;
  avgRating: number | null;
  leads: number;
  medianReviewHours: number | null;
}

export interface CategoryOutcome {
  category: string;
  ticketsOpened: number;
  ticketsFixed: number;
  ticketsClosedUnfixed: number;
  ticketsOverdue: number;
  medianDaysToFix: number | null;
  reopenRate: number | null;
  avgRating: number | null;
}

export interface PollOutcome {
  topicId: string;
  title: string;
  closedAt: number;
  rollSize: number;
  ballots: number;
  turnout: number | null;
}

export interface ChainCheckpoint {
  /** Beijing day whose end the head is */
  day: string;
  seq: number;
  hash: string;
}

export interface VillageOutcomes {
  villageId: string;
  name: string;
  households: number;
  /** each period of the range, in order */
  trend: OutcomeFigures[];
  /** the whole range */
  total: OutcomeFigures;
  /** open tickets past their deadline now */
  ticketsOverdue: number;
  /** the published part (members who are not committee or township) leaves these empty */
  grids: GridOutcome[];
  categories: CategoryOutcome[];
  polls: PollOutcome[];
  followUps: { decided: number; actions: number; done: number };
  /** the audit chain's daily heads, newest first (published to the village) */
  checkpoints: ChainCheckpoint[];
  /** records newer than this are not yet sealed (at most SEAL_PERIOD + SETTLE) */
  sealedThrough: number | null;
}

export interface DashboardOutput {
  granularity: 'week' | 'month';
  fromDay: string;
  toDay: string;
  periods: PeriodView[];
  /** 'full': committee / township; 'public': what every member of the village may see */
  scope: 'full' | 'public';
  /** names masked (township staff) */
  masked: boolean;
  villages: VillageOutcomes[];
  /** the most minutes an audit record may wait before it is sealed into the chain */
  sealWindowMinutes: number;
}

export interface DashboardItem {
  id: string;
  /** what it is: a ticket's text, a topic's title, a household's head (masked for township staff) */
  title: string;
  at: number;
  /** a state or a figure, in Chinese */
  note: string;
  gridName: string | null;
  /** what page opens it: 'ticket' (工单详情) | 'topic' | 'lead' | null */
  opens: 'ticket' | 'topic' | 'lead' | null;
}

export interface DashboardItemsOutput {
  metric: DashboardMetric;
  /** a Chinese line saying what the list is */
  caption: string;
  items: DashboardItem[];
  nextCursor: string | null;
}

export interface ExportOutput {
  filename: string;
  /** CSV text starting with a UTF-8 BOM (U+FEFF) */
  csv: string;
  rows: number;
  /** the audit trail is cut at EXPORT_MAX_ROWS */
  truncated: boolean;
}

export interface ChainProblemView {
  kind: 'edited' | 'deleted' | 'inserted' | 'block_altered' | 'block_missing';
  /** 记录被改动 / 记录被删除 / … */
  label: string;
  recordId: string;
  seq: number;
  at: number | null;
  summary: string | null;
}

export interface VerifyAuditOutput {
  checkedRecords: number;
  checkedBlocks: number;
  problem: ChainProblemView | null;
  /** pass back as `from` to go on; null when the end of the chain (or a problem) was reached */
  next: { nextSeq: number; prev: string; through: number } | null;
  head: { seq: number; hash: string; through: number } | null;
}

export const CHAIN_PROBLEMS: Record<ChainProblemView['kind'], string> = {
  edited: '记录被改动',
  deleted: '记录被删除',
  inserted: '记录是事后插入的',
  block_altered: '封存块被改动',
  block_missing: '封存块缺失',
};

export interface InboxItem {
  auditId: string;
  at: number;
  /** when it reached the inbox: later than `at` for a record appended late (see kernel/audit.ts) */
  postedAt: number;
  /** the function action that made the record, e.g. acceptTicket */
  action: string;
  actorName: string;
  summary: string;
  targetId: string;
  /** a page of the app that shows the target, when there is one */
  link: string | null;
  read: boolean;
}

export interface InboxOutput extends Page<InboxItem> {
  /** unread items (counted up to 99) */
  unread: number;
  /** the template the inbox page may ask consent for, and whether a consent is waiting to be used */
  digest: { templateId: string | null; subscribed: boolean };
}

export interface DigestOutput {
  /** people with unread items today */
  people: number;
  /** of them, reached by a subscribe message (their consent used) */
  sent: number;
}
