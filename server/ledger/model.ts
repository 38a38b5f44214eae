/**
 * The 道德银行's documents, how an action reads them together with its caller (ONE round trip), and the
 * views that leave the server.
 *
 * Accounts. Every posting moves a positive whole number of points between two accounts. A household's
 * account is ONE document holding its balance and its own append-only legs (each with the running
 * balance): a posting is one compare-and-set on that document (`balance >= amount`, entry id not yet
 * posted) that `$inc`s the balance and `$push`es the leg — balance and entry land together or not at all.
 * The other side of every household leg is the village's issuing account (积分发行) or the shop's account
 * (积分超市). Those two have no floor, so nothing needs their balance at write time: it is derived from
 * the legs that name them (report.ts), which keeps every posting a single-document write instead of a
 * two-document transaction on one hot document that every posting in the village would fight over.
 * Claims and redemptions live inside the household's account document for the same reason: every step
 * of a claim (submit, approve, object, post, void) changes one document.
 *
 * Reading. Ledger documents live in `ledger`, people in `register`. One aggregate on `ledger` (the book,
 * by id) brings the caller's register entry, other people, the households' accounts, goods or the
 * account holding a pickup code along ($lookup) — so an action reads once, writes once, audits once.
 */
import type { AuditRecord } from '../kernel/audit';
import { memberIdOf, REGISTER, activeMember, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { sha } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Doc, Stage } from '../kernel/store';
import type {
  CatalogueView,
  ClaimStatus,
  ClaimView,
  EntryKind,
  EntryView,
  EventType,
  GoodsView,
  Period,
  RedemptionStatus,
  RedemptionView,
  RuleView,
  YearEnd,
} from './contract';

export const LEDGER = 'ledger';
export const bookIdOf = (villageId: string): string => `${villageId}:ledger`;
export const accountIdOf = (householdId: string): string => `${householdId}:acct`;
export const goodsIdOf = (villageId: string, suffix: string): string => `${villageId}:goods:${suffix}`;
export const issuerIdOf = (villageId: string): string => `${villageId}:issuer`;
export const shopIdOf = (villageId: string): string => `${villageId}:shop`;
export const EVENTS_WATERMARK_ID = 'ledger:events';

export const DAY_MS = 24 * 3600 * 1000;
/** Beijing time: periods and years turn at local midnight */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

// ─── documents ─────────────────────────────────────────────────────────────────────────────────────

/** A rule as stored: what members see (RuleView, incl. the version that bumps on every edit — entries keep
 * the version and points they were posted with) plus who last edited it. */
export interface RuleDoc extends RuleView {
  updatedAt: number;
  updatedBy: string;
}

export interface BookDoc extends Doc {
  kind: 'book';
  villageId: string;
  villageName: string;
  /** bumps on every catalogue or settings edit (the editors' compare-and-set) */
  version: number;
  categories: string[];
  rules: Record<string, RuleDoc>;
  settings: { publicNoticeDays: number; yearEnd: YearEnd };
  /** event types some enabled rule listens to (the event timer reads only those) */
  eventTypes: EventType[];
  /** years already settled (year-end) */
  settledYears: number[];
  createdAt: number;
}

export interface LegDoc {
  /** deterministic: `claim:<id>`, `event:<hash>`, `redeem:<id>`, `cancel:<id>`, `settle:<year>`, `reverse:<entryId>` */
  id: string;
  at: number;
  /** signed from the household's side */
  amount: number;
  kind: EntryKind;
  /** the other account's id: `${v}:issuer` or `${v}:shop` */
  counter: string;
  ruleId: string | null;
  ruleName: string | null;
  ruleVersion: number | null;
  category: string | null;
  source: string;
  memo: string;
  balanceAfter: number;
  actorId: string;
}

export interface ClaimDoc {
  claimId: string;
  ruleId: string;
  ruleName: string;
  category: string;
  /** the rule's points and version when claimed: later edits of the rule never change them */
  points: number;
  ruleVersion: number;
  period: Period;
  periodKey: string;
  status: ClaimStatus;
  note: string;
  photos: string[];
  claimantId: string;
  claimantName: string;
  onBehalfOf: string | null;
  onBehalfOfName: string | null;
  createdAt: number;
  reviewedBy: string | null;
  publicUntil: number | null;
  reason: string | null;
  objections: { byId: string; byName: string; reason: string; at: number }[];
  postedAt: number | null;
}

export interface RedemptionDoc {
  redemptionId: string;
  goodsId: string;
  goodsName: string;
  unit: string;
  qty: number;
  price: number;
  total: number;
  code: string;
  status: RedemptionStatus;
  byId: string;
  onBehalfOf: string | null;
  at: number;
  pickedAt: number | null;
  pickedBy: string | null;
  cancelledAt: number | null;
  /** the stock is held on the goods as `holds.<redemptionId>` (redemptions made before holds existed: absent) */
  held?: boolean;
}

export interface AccountDoc extends Doc {
  kind: 'account';
  villageId: string;
  householdId: string;
  householdName: string;
  gridId: string | null;
  balance: number;
  /** points earned (net of reversals) since the account opened / this year, for the 红榜 */
  earned: number;
  spent: number;
  legs: LegDoc[];
  /** entry ids already posted → true (the idempotency of postings: a source posts at most once) */
  posted: Record<string, true>;
  /** ruleId → periodKey → claims counted against the rule's limit (pending, public and posted) */
  usage: Record<string, Record<string, number>>;
  claims: Record<string, ClaimDoc>;
  redemptions: Record<string, RedemptionDoc>;
  openCodes: string[];
  usedCodes: string[];
  /** earliest end of a 公示 window among its public claims; the timer looks here */
  dueAt: number | null;
  optOut: boolean;
  createdAt: number;
  /**
   * the audit outbox: audit records (complete, with the action's own time) written in the SAME update as
   * a redemption or cancellation, appended to `audit` by the postDueClaims timer (or a retry) and then
   * removed. `auditDueAt` is what the timer queries (index `kind_audit_due`); `auditSeq` bumps with every
   * record put here, so the timer clears `auditDueAt` only when nothing arrived since it read.
   */
  pendingAudit?: Record<string, AuditRecord>;
  auditDueAt?: number | null;
  auditSeq?: number;
}

/** The stock a redemption holds on the goods until its account is debited (or the hold is released). */
export interface HoldDoc {
  householdId: string;
  qty: number;
  total: number;
  /** the request's content hash: another content under the same requestId is refused */
  h: string;
  /** last placed or touched (a retry touches before it debits) */
  at: number;
  /** who placed or last touched it (random per invocation): a release is conditioned on it */
  s: string;
}

export interface GoodsDoc extends Doc {
  kind: 'goods';
  villageId: string;
  /** = villageId: the shop's $lookup key */
  goodsOf: string;
  name: string;
  unit: string;
  photo: string | null;
  price: number;
  stock: number;
  active: boolean;
  createdAt: number;
  updatedAt: number;
  /** stock held for redemptions: redemptionId → hold; settled or released by the timer (see hold.ts) */
  holds?: Record<string, HoldDoc>;
  /** how many holds there are (the timer's `kind_holds` query) */
  openHolds?: number;
}

export interface HouseholdRegisterDoc extends Doc {
  kind: 'household';
  villageId: string;
  gridId: string;
  headName: string;
}

/** A new, empty household account (created by the first write that needs it). */
export function newAccount(household: { _id: string; villageId: string; headName: string; gridId: string | null }, now: number): AccountDoc {
  return {
    _id: accountIdOf(household._id),
    kind: 'account',
    villageId: household.villageId,
    householdId: household._id,
    householdName: `${household.headName}户`,
    gridId: household.gridId,
    balance: 0,
    earned: 0,
    spent: 0,
    legs: [],
    posted: {},
    usage: {},
    claims: {},
    redemptions: {},
    openCodes: [],
    usedCodes: [],
    dueAt: null,
    optOut: false,
    createdAt: now,
  };
}

// ─── reading: one aggregate ────────────────────────────────────────────────────────────────────────

export interface LoadSpec {
  /** other register documents: residents, households */
  people?: string[];
  /** bring the accounts of every household among the people read (the caller's included) */
  households?: boolean;
  /** ledger documents by id (accounts, goods) */
  ledgerIds?: string[];
  /** every goods document of the village */
  goods?: boolean;
  /** the account(s) holding these pickup codes open (and, with `usedCodes`, used or cancelled) */
  codes?: string[];
  usedCodes?: boolean;
  /** every household account of the village, only these fields (board, ranking, open pickups) */
  allAccounts?: string[];
}

export interface Loaded {
  book: BookDoc;
  caller: MemberDoc;
  people: Map<string, Doc>;
  /** household register id → its account */
  accounts: Map<string, AccountDoc>;
  docs: Map<string, Doc>;
  goods: GoodsDoc[];
  byCode: AccountDoc[];
  /** with `allAccounts`: the projected accounts */
  all: AccountDoc[];
  /** with `households`: the register documents of the households among the people read */
  householdDocs: Map<string, HouseholdRegisterDoc>;
}

/**
 * ONE round trip: the village's book by id, with the caller's register entry and whatever else `spec` names
 * ($lookup into register and ledger). No book → `ledger_not_open`; no active membership → `not_member`.
 */
export async function loadLedger(ctx: Ctx, villageId: string, spec: LoadSpec = {}): Promise<Loaded> {
  for (const id of [...(spec.people ?? []), ...(spec.ledgerIds ?? [])]) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const pipeline: Stage[] = [
    { $match: { _id: bookIdOf(villageId) } },
    { $limit: 1 },
    { $lookup: { from: REGISTER, let: {}, pipeline: [{ $match: { _id: { $in: [callerId, ...(spec.people ?? [])] } } }], as: '_people' } },
  ];
  if (spec.households) {
    pipeline.push({ $lookup: { from: LEDGER, localField: '_people.householdId', foreignField: 'householdId', as: '_households' } });
    pipeline.push({ $lookup: { from: REGISTER, localField: '_people.householdId', foreignField: '_id', as: '_householdDocs' } });
  }
  if (spec.allAccounts) {
    const project = Object.fromEntries(['householdId', 'householdName', 'villageId', 'kind', ...spec.allAccounts].map((f) => [f, 1]));
    pipeline.push({ $lookup: { from: LEDGER, let: {}, pipeline: [{ $match: { villageId, kind: 'account' } }, { $project: project }], as: '_all' } });
  }
  if (spec.ledgerIds?.length) pipeline.push({ $lookup: { from: LEDGER, let: {}, pipeline: [{ $match: { _id: { $in: spec.ledgerIds } } }], as: '_docs' } });
  if (spec.goods) pipeline.push({ $lookup: { from: LEDGER, localField: 'villageId', foreignField: 'goodsOf', as: '_goods' } });
  if (spec.codes?.length) {
    pipeline.push({ $addFields: { _codes: spec.codes } });
    pipeline.push({ $lookup: { from: LEDGER, localField: '_codes', foreignField: 'openCodes', as: '_open' } });
    if (spec.usedCodes) pipeline.push({ $lookup: { from: LEDGER, localField: '_codes', foreignField: 'usedCodes', as: '_used' } });
  }
  const [row] = await ctx.store.aggregate(LEDGER, pipeline);
  if (!row) throw new AppError('ledger_not_open');
  // joined lists, without holes
  for (const k of ['_people', '_households', '_householdDocs', '_docs', '_goods', '_open', '_used', '_all']) if (Array.isArray(row[k])) row[k] = (row[k] as unknown[]).filter(Boolean);
  const people = new Map(((row._people as Doc[]) ?? []).map((d) => [d._id, d]));
  const caller = activeMember(people.get(callerId), villageId);
  const inVillage = (d: Doc) => d.villageId === villageId;
  const accounts = new Map<string, AccountDoc>();
  for (const d of [...((row._households as Doc[]) ?? []), ...((row._docs as Doc[]) ?? [])]) {
    if (d.kind === 'account' && inVillage(d)) accounts.set(d.householdId as string, d as AccountDoc);
  }
  const byCode = new Map<string, AccountDoc>();
  for (const d of [...((row._open as Doc[]) ?? []), ...((row._used as Doc[]) ?? [])]) if (d.kind === 'account' && inVillage(d)) byCode.set(d._id, d as AccountDoc);
  const book = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_') || k === '_id')) as BookDoc;
  return {
    book,
    caller,
    people,
    accounts,
    docs: new Map(((row._docs as Doc[]) ?? []).filter(inVillage).map((d) => [d._id, d])),
    goods: ((row._goods as Doc[]) ?? []).filter((d) => d.kind === 'goods' && inVillage(d)) as GoodsDoc[],
    byCode: [...byCode.values()],
    all: ((row._all as Doc[]) ?? []).filter((d) => d.kind === 'account' && inVillage(d)) as AccountDoc[],
    householdDocs: new Map(
      [...((row._householdDocs as Doc[]) ?? []), ...people.values()].filter((d) => d.kind === 'household' && inVillage(d)).map((d) => [d._id, d as HouseholdRegisterDoc]),
    ),
  };
}

// ─── periods, codes ────────────────────────────────────────────────────────────────────────────────

export function beijingParts(ms: number): { year: number; month: number; day: number } {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `2025-03`, `2025Q1`, `2025` — the period a claim counts in (Beijing time) */
export function periodKeyOf(period: Period, ms: number): string {
  const { year, month } = beijingParts(ms);
  if (period === 'month') return `${year}-${String(month).padStart(2, '0')}`;
  if (period === 'quarter') return `${year}Q${Math.ceil(month / 3)}`;
  return String(year);
}

/** candidate 6-digit pickup codes for a redemption (deterministic: a retry gets the same) */
export function pickupCodes(redemptionId: string, n = 3): string[] {
  return Array.from({ length: n }, (_, i) => String(parseInt(sha(`pickup|${redemptionId}|${i}`, 8), 16) % 1_000_000).padStart(6, '0'));
}

/** a field-name-safe key for an entry id (source keys may hold dots) */
export const postedKey = (entryId: string): string => sha(entryId, 20);

export const usageOf = (account: AccountDoc | undefined, ruleId: string, periodKey: string): number => account?.usage?.[ruleId]?.[periodKey] ?? 0;

/** earliest 公示 end among the public claims once `changes` are applied */
export function dueAtAfter(account: AccountDoc | undefined, changes: Record<string, ClaimDoc>): number | null {
  const claims = { ...(account?.claims ?? {}), ...changes };
  const ends = Object.values(claims)
    .filter((c) => c.status === 'public' && c.publicUntil !== null)
    .map((c) => c.publicUntil as number);
  return ends.length ? Math.min(...ends) : null;
}

// ─── views ─────────────────────────────────────────────────────────────────────────────────────────

export function ruleView({ updatedAt: _at, updatedBy: _by, ...view }: RuleDoc): RuleView {
  return view;
}

export function catalogueView(book: BookDoc): CatalogueView {
  const rules = Object.values(book.rules ?? {}).map(ruleView);
  const order = book.categories ?? [];
  rules.sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.ruleId.localeCompare(b.ruleId));
  return { version: book.version, categories: order, rules, settings: { ...book.settings } };
}

export function counterName(counter: string): string {
  if (counter.endsWith(':shop')) return '积分超市';
  if (counter.endsWith(':issuer')) return '村集体积分发行账户';
  return counter;
}

export function entryView(l: LegDoc): EntryView {
  return {
    entryId: l.id,
    at: l.at,
    amount: l.amount,
    kind: l.kind,
    counterName: counterName(l.counter),
    ruleName: l.ruleName,
    ruleVersion: l.ruleVersion,
    source: l.source,
    memo: l.memo,
    balanceAfter: l.balanceAfter,
  };
}

export function claimView(account: Pick<AccountDoc, 'householdId' | 'householdName'>, c: ClaimDoc): ClaimView {
  return {
    claimId: c.claimId,
    householdId: account.householdId,
    householdName: account.householdName,
    ruleId: c.ruleId,
    ruleName: c.ruleName,
    category: c.category,
    points: c.points,
    ruleVersion: c.ruleVersion,
    status: c.status,
    note: c.note,
    photos: c.photos,
    claimantName: c.claimantName,
    onBehalfOfName: c.onBehalfOfName,
    createdAt: c.createdAt,
    publicUntil: c.publicUntil,
    reason: c.reason,
    objections: (c.objections ?? []).map((o) => ({ byName: o.byName, reason: o.reason, at: o.at })),
  };
}

export function redemptionView(account: Pick<AccountDoc, 'householdId' | 'householdName'>, r: RedemptionDoc): RedemptionView {
  return {
    redemptionId: r.redemptionId,
    householdId: account.householdId,
    householdName: account.householdName,
    goodsId: r.goodsId,
    goodsName: r.goodsName,
    unit: r.unit,
    qty: r.qty,
    total: r.total,
    code: r.code,
    status: r.status,
    at: r.at,
    pickedAt: r.pickedAt,
  };
}

export function goodsView(g: GoodsDoc): GoodsView {
  return { goodsId: g._id, name: g.name, unit: g.unit, photo: g.photo, price: g.price, stock: g.stock, active: g.active };
}

type RuleFields = 'ruleId' | 'ruleName' | 'ruleVersion' | 'category';

/** A leg for a posting onto `account`, with the running balance after it; postings under no rule (redeem, cancel, settle) leave the rule fields out. */
export function legFor(account: AccountDoc | undefined, draft: Omit<LegDoc, 'balanceAfter' | RuleFields> & Partial<Pick<LegDoc, RuleFields>>): LegDoc {
  return { ruleId: null, ruleName: null, ruleVersion: null, category: null, ...draft, balanceAfter: (account?.balance ?? 0) + draft.amount };
}
