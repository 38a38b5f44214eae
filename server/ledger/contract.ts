/**
 * The `ledger` cloud function's contract (道德银行): action names, input schemas and output types.
 * The client imports TYPES ONLY from here, so this file imports nothing but zod.
 */
import { z } from 'zod';
import { CONSENT_KINDS, type ConsentKind } from '../kernel/consent';
import { fileIdSchema } from '../kernel/file-id';
import { text } from '../kernel/text';

const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_-]+$/, 'id');
const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
const villageScoped = { villageId: villageIdSchema };
const reasonSchema = text(100, { min: 1 });
const pageSchema = { cursor: text(40, { trim: false }).optional(), pageSize: z.number().int().min(1).max(50).default(20) };
/** a whole number of points: never fractional, never zero, within a sane bound */
export const pointsSchema = z.number().int().min(-1000).max(1000).refine((n) => n !== 0, 'points');
const positiveInt = (max: number) => z.number().int().min(1).max(max);

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
const consentSchema = z.enum(Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]]);

// ─── input schemas ────────────────────────────────────────────────────────────────────────────────

const ruleFields = {
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

export const inputs = {
  /** committee: open the village's 道德银行 with the default catalogue */
  openLedger: z.object({ ...villageScoped }),
  /** my household's balance and statement (page), my claims and pickup codes, the catalogue — or, for the committee / a grid worker, another household's */
  ledgerHome: z.object({ ...villageScoped, householdId: idSchema.optional(), ...pageSchema }),
  /** committee: add (no ruleId) or change a rule; `baseVersion` is the catalogue version the editor saw */
  saveRule: z.object({ ...villageScoped, ruleId: idSchema.optional(), baseVersion: z.number().int().min(0), ...ruleFields }),
  saveSettings: z.object({
    ...villageScoped,
    baseVersion: z.number().int().min(0),
    publicNoticeDays: z.number().int().min(1).max(30),
    yearEnd: z.enum(['carry_over', 'expire']),
  }),
  /** a resident for their household; a grid worker for a resident of their grids (代办); the committee for any household (also deductions) */
  submitClaim: z.object({
    ...villageScoped,
    ruleId: idSchema,
    /** 代办: the resident the claim is for (their household earns) */
    residentId: idSchema.optional(),
    /** 代办 for a resident who uses WeChat: how they agreed (not needed for an offline resident) */
    consent: consentSchema.optional(),
    /** committee: the household directly */
    householdId: idSchema.optional(),
    note: text(300, { min: 1, multiline: true }),
    photos: z.array(fileIdSchema).max(6).default([]),
  }),
  /** committee: approve (→ 公示) or reject with a reason */
  reviewClaim: z.discriminatedUnion('decision', [
    z.object({ ...villageScoped, householdId: idSchema, claimId: idSchema, decision: z.literal('approve') }),
    z.object({ ...villageScoped, householdId: idSchema, claimId: idSchema, decision: z.literal('reject'), reason: reasonSchema }),
  ]),
  /** any member during 公示: the claim goes back to the committee */
  objectClaim: z.object({ ...villageScoped, householdId: idSchema, claimId: idSchema, reason: reasonSchema }),
  /** committee: void a pending or public claim */
  voidClaim: z.object({ ...villageScoped, householdId: idSchema, claimId: idSchema, reason: reasonSchema }),
  /** the 公示 board (public) or the committee's review queue (pending) */
  listClaims: z.object({ ...villageScoped, status: z.enum(['public', 'pending']).default('public') }),
  /** committee: correct a posted entry with a reversing entry */
  reverseEntry: z.object({ ...villageScoped, householdId: idSchema, entryId: z.string().regex(/^[A-Za-z0-9:_-]{1,120}$/, 'entryId'), reason: reasonSchema }),

  /** the shop: goods, and (for the shop keeper / committee) open pickups */
  shop: z.object({ ...villageScoped }),
  /** shop keeper / committee: add goods (no goodsId) or change them; stock moves by `addStock` */
  saveGoods: z.object({
    ...villageScoped,
    goodsId: idSchema.optional(),
    name: text(20, { min: 1 }),
    unit: text(6, { min: 1 }),
    photo: fileIdSchema.nullable().default(null),
    price: positiveInt(100000),
    addStock: z.number().int().min(-10000).max(10000).default(0),
    active: z.boolean().default(true),
  }),
  /** a member for their household, or a grid worker for a resident of their grids (代办: offline, or with `consent`) */
  redeem: z.object({ ...villageScoped, goodsId: idSchema, qty: positiveInt(20).default(1), price: positiveInt(100000), residentId: idSchema.optional(), consent: consentSchema.optional() }),
  cancelRedemption: z.object({ ...villageScoped, householdId: idSchema, redemptionId: idSchema, reason: text(100).default('') }),
  /** shop keeper / committee: 核销 by the 6-digit pickup code */
  checkOff: z.object({ ...villageScoped, code: z.string().regex(/^\d{6}$/, 'code') }),

  /** 红榜: households by points earned this year (opted-out households hidden) */
  ranking: z.object({ ...villageScoped }),
  /** a household member: hide / show our household on the 红榜 */
  setRankingOptOut: z.object({ ...villageScoped, optOut: z.boolean() }),
  /** committee: points issued, redeemed, outstanding, by category */
  report: z.object({ ...villageScoped }),

  /** timers */
  postDueClaims: z.object({}),
  consumeEvents: z.object({}),
  settleYear: z.object({}),
};

export type LedgerInputs = { [K in keyof typeof inputs]: z.input<(typeof inputs)[K]> };
export type LedgerParsed<K extends keyof typeof inputs> = z.output<(typeof inputs)[K]>;

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
  can: { keepShop: boolean };
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

export interface TimerOutput {
  processed: number;
  posted: number;
  skipped: number;
  /** postDueClaims: audit records appended from the accounts' outboxes, goods holds settled / released */
  audited?: number;
  holdsSettled?: number;
  holdsReleased?: number;
}

export interface LedgerOutputs {
  openLedger: CatalogueView;
  ledgerHome: LedgerHomeOutput;
  saveRule: CatalogueView;
  saveSettings: CatalogueView;
  submitClaim: ClaimOutput;
  reviewClaim: ClaimOutput;
  objectClaim: ClaimOutput;
  voidClaim: ClaimOutput;
  listClaims: { items: ClaimView[] };
  reverseEntry: { entry: EntryView; balance: number };
  shop: ShopOutput;
  saveGoods: GoodsView;
  redeem: { redemption: RedemptionView; balance: number };
  cancelRedemption: { redemption: RedemptionView; balance: number };
  checkOff: { redemption: RedemptionView };
  ranking: { rows: RankingRow[]; optedOut: number };
  setRankingOptOut: { optOut: boolean };
  report: ReportOutput;
  postDueClaims: TimerOutput;
  consumeEvents: TimerOutput;
  settleYear: TimerOutput;
}

export const LEDGER_ACTIONS = Object.keys(inputs) as (keyof typeof inputs)[];
