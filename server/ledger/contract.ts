/**
 * The `ledger` cloud function's shared shapes (道德银行): the field schemas several actions take, states as
 * data, and the views that leave the server. Each action's own input and output are in its command file
 * (kernel/action.ts); the client imports TYPES ONLY from here.
 */
import { z } from 'zod';
import { CONSENT_KINDS, type ConsentKind } from '../kernel/consent';
import { text } from '../kernel/text';

export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
export const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
export const reasonSchema = text(100, { min: 1 });
export const pageSchema = { cursor: text(40, { trim: false }).optional(), pageSize: z.number().int().min(1).max(50).default(20) };
/** a whole number of points: never fractional, never zero, within a sane bound */
export const pointsSchema = z.number().int().min(-1000).max(1000).refine((n) => n !== 0, 'points');
export const positiveInt = (max: number) => z.number().int().min(1).max(max);

// ─── states as data (code value + Chinese label) ─────────────────────────────────────────────────────

export const CLAIM_STATUS = {
  pending: '待审核',
  public: '公示中',
  posted: '已入账',
  rejected: '未通过',
  voided: '已作废',
} as const;
export type ClaimStatus = keyof typeof CLAIM_STATUS;

export const REDEMPTION_STATUS = {
  reserved: '待领取',
  picked: '已领取',
  cancelled: '已取消',
} as const;
export type RedemptionStatus = keyof typeof REDEMPTION_STATUS;

export const PERIODS = { month: '每月', quarter: '每季度', year: '每年' } as const;
export type Period = keyof typeof PERIODS;

/** verified events other jobs put on their audit records, which a rule may turn into points */
export const EVENT_TYPES = {
  ticket_confirmed: '反映的问题确认解决（网格工单）',
  lead_confirmed: '提供的线索查证属实（巡群）',
  poll_participated: '参与村务表决（协商议事）',
} as const;
export type EventType = keyof typeof EVENT_TYPES;

export const YEAR_END = { carry_over: '结转到下一年', expire: '年底清零' } as const;
export type YearEnd = keyof typeof YEAR_END;

/** what moved the points: the source named on every entry */
export const ENTRY_KINDS = {
  claim: '申报入账',
  event: '自动记分',
  redeem: '积分兑换',
  cancel: '取消兑换退回',
  settle: '年终清零',
  reverse: '冲正',
} as const;
export type EntryKind = keyof typeof ENTRY_KINDS;

/** How the resident agreed that someone acts for them (代报 / 代办): one list for both jobs. */
export { CONSENT_KINDS, type ConsentKind };
export const consentSchema = z.enum(Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]]);

// ─── shared input fields ────────────────────────────────────────────────────────────────────────────────

/** a rule as the committee edits it (saveRule) */
export const ruleFields = {
  category: text(12, { min: 1 }),
  name: text(30, { min: 1 }),
  points: pointsSchema,
  period: z.enum(['month', 'quarter', 'year']),
  /** how often one household may earn it per period; null = no limit */
  limit: z.number().int().min(1).max(100).nullable(),
  /** 'claim' (申报 + 公示) or an event type (automatic, idempotent by source key) */
  source: z.enum(['claim', 'ticket_confirmed', 'lead_confirmed', 'poll_participated']),
  enabled: z.boolean(),
  note: text(100).default(''),
};

// ─── views (what leaves the server) ─────────────────────────────────────────────────────────────────

export interface RuleView {
  ruleId: string;
  category: string;
  name: string;
  points: number;
  period: Period;
  limit: number | null;
  source: 'claim' | EventType;
  enabled: boolean;
  note: string;
  version: number;
}

export interface SettingsView {
  publicNoticeDays: number;
  yearEnd: YearEnd;
}

export interface CatalogueView {
  version: number;
  categories: string[];
  rules: RuleView[];
  settings: SettingsView;
}

export interface EntryView {
  entryId: string;
  at: number;
  /** signed, from the household's side: + earned, − spent */
  amount: number;
  kind: EntryKind;
  /** the other account: 村集体积分发行账户 or 积分超市 */
  counterName: string;
  ruleName: string | null;
  ruleVersion: number | null;
  /** what it came from: claim id, event source key, redemption id … */
  source: string;
  memo: string;
  balanceAfter: number;
}

export interface ObjectionView {
  byName: string;
  reason: string;
  at: number;
}

export interface ClaimView {
  claimId: string;
  householdId: string;
  householdName: string;
  ruleId: string;
  ruleName: string;
  category: string;
  points: number;
  ruleVersion: number;
  status: ClaimStatus;
  note: string;
  photos: string[];
  claimantName: string;
  /** 代办: the resident the grid worker claimed for */
  onBehalfOfName: string | null;
  createdAt: number;
  publicUntil: number | null;
  reason: string | null;
  objections: ObjectionView[];
}

export interface RedemptionView {
  redemptionId: string;
  householdId: string;
  householdName: string;
  goodsId: string;
  goodsName: string;
  unit: string;
  qty: number;
  total: number;
  code: string;
  status: RedemptionStatus;
  at: number;
  pickedAt: number | null;
}

/** A redemption waiting at the shop, as the keeper's list shows it: no pickup code. */
export type PickupWaiting = Omit<RedemptionView, 'code'>;

export interface LedgerHomeOutput {
  villageId: string;
  householdId: string | null;
  householdName: string | null;
  balance: number;
  earned: number;
  spent: number;
  optOut: boolean;
  statement: { items: EntryView[]; nextCursor: string | null; total: number };
  claims: ClaimView[];
  redemptions: RedemptionView[];
  catalogue: CatalogueView;
  /** what the caller may do here */
  can: { review: boolean; editRules: boolean; claimForOthers: boolean; keepShop: boolean };
}

export interface GoodsView {
  goodsId: string;
  name: string;
  unit: string;
  photo: string | null;
  price: number;
  stock: number;
  active: boolean;
}

export interface ShopOutput {
  goods: GoodsView[];
  balance: number;
  householdId: string | null;
  /**
   * shop keeper / committee: what waits to be picked up (goods to set aside), WITHOUT the pickup codes — a
   * code is the household's proof at the counter: the keeper learns it only when it is typed (checkOff)
   */
  openPickups: PickupWaiting[];
  /** my household's redemptions waiting at the counter, WITH their codes (mine to show), newest first */
  myPickups: RedemptionView[];
  /** keepShop: 核销 and the shelf; redeemForOthers: 代办 for a resident (committee, grid worker) */
  can: { keepShop: boolean; redeemForOthers: boolean };
}

export interface RankingOutput {
  rows: RankingRow[];
  /** households that chose not to appear */
  optedOut: number;
  /** the caller's household (null: none, so no 上红榜 switch) and whether it chose not to appear */
  householdId: string | null;
  myOptOut: boolean;
}

export interface RankingRow {
  rank: number;
  householdId: string;
  householdName: string;
  earned: number;
  mine: boolean;
}

export interface ReportOutput {
  /** points the village issued to households (net of reversals and year-end expiry) */
  issued: number;
  /** points spent in the 积分超市 (net of cancellations) */
  redeemed: number;
  /** what households hold now */
  outstanding: number;
  households: number;
  /** the two system accounts' balances — with the households', they sum to zero */
  accounts: { issuer: number; shop: number; households: number };
  byCategory: { category: string; points: number; entries: number }[];
}

export interface ClaimOutput {
  claim: ClaimView;
}

/** a redemption (or its cancellation) and the household's balance after it */
export interface RedeemOutput {
  redemption: RedemptionView;
  balance: number;
}

export interface TimerOutput {
  processed: number;
  posted: number;
  skipped: number;
}
