/**
 * The 道德银行's documents, how an action reads them together with its caller (ONE round trip), and the
 * views that leave the server.
 *
 * Documents stay small: history lives in documents of its own, one per posting, claim and redemption, so
 * nothing grows with the years but the number of documents (paged by index).
 * - The book (`${v}:ledger`): settings and the rule catalogue.
 * - An account (`${householdId}:acct`), one per household: its balance, earned/spent totals, how many
 *   entries it has (`entries`, the last entry's `seq`), the period usage of event rules, the 红榜 opt-out —
 *   what a posting's compare-and-set needs, nothing that grows.
 * - An entry (`${householdId}:e:<hash of entryId>`), one per posting: signed amount from the household's
 *   side, its `seq` on the account and the running balance after it. Its id is derived from the entry id
 *   (`claim:<id>`, `event:<sourceKey>`, `redeem:<id>`, `cancel:<id>`, `settle:<year>`, `reverse:<entryId>`), so
 *   a source posts at most once: a second insert of the same id fails. The other side of every entry is the
 *   village's issuing account (积分发行) or the shop (积分超市); those two have no floor, so their balances
 *   are derived from the entries that name them (report.ts), never stored.
 * - A redemption is its debit entry (`redeem:<id>`) carrying `pickup`: goods, quantity, the 6-digit code and
 *   the pickup state (reserved → picked | cancelled); a cancellation posts the refund entry `cancel:<id>`.
 * - A claim (`${householdId}:claim:<claimId>`), one per claim, through its states; its id is its usage
 *   slot (`<ruleId>-<periodKey>-<n>`), so two claims cannot both take the last slot of a period limit.
 *
 * Money moves (redeem, cancelRedemption, reverseEntry and the timers' postings) run as ONE transaction
 * (kernel/store.ts): the account, its entry, the stock, the claim and the audit record land together or not
 * at all — no stock holds, no audit outbox. The transaction's first operation fixes its snapshot; the one
 * aggregate that reads the caller and the household's account comes after it, and every document the
 * decision rests on (account, goods, redemption) is written by the transaction, so one changed since the
 * snapshot fails the commit (first committer wins) and the callback runs again on fresh reads. That keeps a
 * redemption within 8 round trips. Everyday steps (a claim submitted, reviewed, objected, voided; a pickup
 * checked off) are one compare-and-set on one document and its audit record.
 *
 * Reading. Ledger documents live in `ledger`, people in `register`. One aggregate on `ledger` (the book,
 * by id) brings the caller's register entry, other people, the households' accounts and whatever pages of
 * entries or claims the action asks for ($lookup) — so an action reads once.
 */
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
/** an entry's document: one per entry id (source key) and household */
export const entryDocIdOf = (householdId: string, entryId: string): string => `${householdId}:e:${entryKeyOf(entryId)}`;
export const claimDocIdOf = (householdId: string, claimId: string): string => `${householdId}:claim:${claimId}`;
export const redeemEntryIdOf = (redemptionId: string): string => `redeem:${redemptionId}`;

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

export interface AccountDoc extends Doc {
  kind: 'account';
  villageId: string;
  householdId: string;
  householdName: string;
  gridId: string | null;
  balance: number;
  /** points earned (net of reversals), for the 红榜 */
  earned: number;
  spent: number;
  /** how many entries the account has: the `seq` of its newest entry */
  entries: number;
  /** event rules: ruleId → periodKey → events posted (claims count by their own documents) */
  usage: Record<string, Record<string, number>>;
  optOut: boolean;
  createdAt: number;
  /** the last write (the board's 积分 stamp finds a household's newest change by it: ledger/tab-stamp.ts) */
  updatedAt?: number;
}

/** A redemption, carried by its debit entry. */
export interface PickupDoc {
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
  pickedAt: number | null;
  pickedBy: string | null;
  cancelledAt: number | null;
}

/** an entry's fields (EntryDoc without the document's own id and kind) */
export interface EntryFields {
  villageId: string;
  householdId: string;
  householdName: string;
  /** the household's grid (the dashboard's items by grid) */
  gridId: string | null;
  /** deterministic: `claim:<id>`, `event:<sourceKey>`, `redeem:<id>`, `cancel:<id>`, `settle:<year>`, `reverse:<entryId>` */
  entryId: string;
  /** its place on the account: 1, 2, 3 … (the statement's order and cursor) */
  seq: number;
  at: number;
  /** signed from the household's side */
  amount: number;
  entryKind: EntryKind;
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
  /** `redeem:` entries: the redemption */
  pickup?: PickupDoc;
}

export interface EntryDoc extends Doc, EntryFields {
  kind: 'entry';
  /** a redemption's entry: when its pickup last changed (checked off, cancelled) */
  updatedAt?: number;
}

export interface ClaimDoc extends Doc {
  kind: 'claim';
  villageId: string;
  householdId: string;
  householdName: string;
  gridId: string | null;
  /** `<ruleId>-<periodKey>-<slot>`: its usage slot under the rule's period limit */
  claimId: string;
  ruleId: string;
  ruleName: string;
  category: string;
  /** the rule's points and version when claimed: later edits of the rule never change them */
  points: number;
  ruleVersion: number;
  period: Period;
  periodKey: string;
  slot: number;
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
  /** the last write (absent on claims made before the 积分 stamp) */
  updatedAt?: number;
}

/** claims that count against a rule's period limit */
export const COUNTED_CLAIM_STATUSES: readonly ClaimStatus[] = ['pending', 'public', 'posted'];

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
}

export interface HouseholdRegisterDoc extends Doc {
  kind: 'household';
  villageId: string;
  gridId: string;
  headName: string;
}

/** A new, empty household account (created by the first posting or opt-out that needs it). */
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
    entries: 0,
    usage: {},
    optOut: false,
    createdAt: now,
    updatedAt: now,
  };
}

// ─── reading: one aggregate ────────────────────────────────────────────────────────────────────────

export interface LoadSpec {
  /** other register documents: residents, households */
  people?: string[];
  /** bring the accounts of every household among the people read (the caller's included) */
  households?: boolean;
  /** ledger documents by id (accounts, goods, entries, claims) */
  ledgerIds?: string[];
  /** every goods document of the village */
  goods?: boolean;
  /** every household account of the village, only these fields (ranking) */
  allAccounts?: string[];
  /**
   * more ledger documents, by name: a `$match` and the stages after it (sort, limit …). `ofHouseholds`:
   * only documents of the households among the people read (the caller's own, a resident's)
   */
  more?: Record<string, { match: Record<string, unknown>; then?: Stage[]; ofHouseholds?: boolean }>;
}

export interface Loaded {
  book: BookDoc;
  caller: MemberDoc;
  people: Map<string, Doc>;
  /** household register id → its account */
  accounts: Map<string, AccountDoc>;
  docs: Map<string, Doc>;
  goods: GoodsDoc[];
  /** with `allAccounts`: the projected accounts */
  all: AccountDoc[];
  /** with `households`: the register documents of the households among the people read */
  householdDocs: Map<string, HouseholdRegisterDoc>;
  /** with `more`: the documents of each, in the village */
  more: Record<string, Doc[]>;
}

/** the households among the people read (in a `$lookup`'s pipeline: `$$hh`) */
const householdsOfPeople = { hh: '$_people.householdId' };
const ofPeoplesHouseholds = { $expr: { $in: ['$householdId', '$$hh'] } };

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
    pipeline.push({ $lookup: { from: LEDGER, let: householdsOfPeople, pipeline: [{ $match: { kind: 'account', ...ofPeoplesHouseholds } }], as: '_households' } });
    pipeline.push({ $lookup: { from: REGISTER, localField: '_people.householdId', foreignField: '_id', as: '_householdDocs' } });
  }
  if (spec.allAccounts) {
    const project = Object.fromEntries(['householdId', 'householdName', 'villageId', 'kind', ...spec.allAccounts].map((f) => [f, 1]));
    pipeline.push({ $lookup: { from: LEDGER, let: {}, pipeline: [{ $match: { villageId, kind: 'account' } }, { $project: project }, { $limit: 1000 }], as: '_all' } });
  }
  if (spec.ledgerIds?.length) pipeline.push({ $lookup: { from: LEDGER, let: {}, pipeline: [{ $match: { _id: { $in: spec.ledgerIds } } }], as: '_docs' } });
  if (spec.goods) pipeline.push({ $lookup: { from: LEDGER, localField: 'villageId', foreignField: 'goodsOf', as: '_goods' } });
  for (const [name, m] of Object.entries(spec.more ?? {})) {
    const match = m.ofHouseholds ? { villageId, ...m.match, ...ofPeoplesHouseholds } : { villageId, ...m.match };
    pipeline.push({ $lookup: { from: LEDGER, let: m.ofHouseholds ? householdsOfPeople : {}, pipeline: [{ $match: match }, ...(m.then ?? [])], as: `_more_${name}` } });
  }
  const [row] = await ctx.store.aggregate(LEDGER, pipeline);
  if (!row) throw new AppError('ledger_not_open');
  // joined lists, without holes
  for (const k of Object.keys(row)) if (k.startsWith('_') && Array.isArray(row[k])) row[k] = (row[k] as unknown[]).filter(Boolean);
  const people = new Map(((row._people as Doc[]) ?? []).map((d) => [d._id, d]));
  const caller = activeMember(people.get(callerId), villageId);
  const inVillage = (d: Doc) => d.villageId === villageId;
  const accounts = new Map<string, AccountDoc>();
  for (const d of [...((row._households as Doc[]) ?? []), ...((row._docs as Doc[]) ?? [])]) {
    if (d.kind === 'account' && inVillage(d)) accounts.set(d.householdId as string, d as AccountDoc);
  }
  const book = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_') || k === '_id')) as BookDoc;
  return {
    book,
    caller,
    people,
    accounts,
    docs: new Map(((row._docs as Doc[]) ?? []).filter(inVillage).map((d) => [d._id, d])),
    goods: ((row._goods as Doc[]) ?? []).filter((d) => d.kind === 'goods' && inVillage(d)) as GoodsDoc[],
    all: ((row._all as Doc[]) ?? []).filter((d) => d.kind === 'account' && inVillage(d)) as AccountDoc[],
    householdDocs: new Map(
      [...((row._householdDocs as Doc[]) ?? []), ...people.values()].filter((d) => d.kind === 'household' && inVillage(d)).map((d) => [d._id, d as HouseholdRegisterDoc]),
    ),
    more: Object.fromEntries(Object.keys(spec.more ?? {}).map((name) => [name, ((row[`_more_${name}`] as Doc[]) ?? []).filter(inVillage)])),
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

/** an id-safe key for an entry id (source keys may hold dots and any character) */
export const entryKeyOf = (entryId: string): string => sha(entryId, 20);

/** the period keys a claim made now may count in, whatever the rule's period */
export const periodKeysAt = (ms: number): string[] => (['month', 'quarter', 'year'] as const).map((p) => periodKeyOf(p, ms));

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

export function entryView(l: EntryFields): EntryView {
  return {
    entryId: l.entryId,
    at: l.at,
    amount: l.amount,
    kind: l.entryKind,
    counterName: counterName(l.counter),
    ruleName: l.ruleName,
    ruleVersion: l.ruleVersion,
    source: l.source,
    memo: l.memo,
    balanceAfter: l.balanceAfter,
  };
}

export function claimView(c: ClaimDoc): ClaimView {
  return {
    claimId: c.claimId,
    householdId: c.householdId,
    householdName: c.householdName,
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

export function redemptionView(e: Pick<EntryDoc, 'householdId' | 'householdName' | 'at'> & { pickup: PickupDoc }): RedemptionView {
  const r = e.pickup;
  return {
    redemptionId: r.redemptionId,
    householdId: e.householdId,
    householdName: e.householdName,
    goodsId: r.goodsId,
    goodsName: r.goodsName,
    unit: r.unit,
    qty: r.qty,
    total: r.total,
    code: r.code,
    status: r.status,
    at: e.at,
    pickedAt: r.pickedAt,
  };
}

export function goodsView(g: GoodsDoc): GoodsView {
  return { goodsId: g._id, name: g.name, unit: g.unit, photo: g.photo, price: g.price, stock: g.stock, active: g.active };
}

type RuleFields = 'ruleId' | 'ruleName' | 'ruleVersion' | 'category';
type EntryDraft = Omit<EntryFields, 'villageId' | 'householdId' | 'householdName' | 'gridId' | 'seq' | 'balanceAfter' | RuleFields> & Partial<Pick<EntryFields, RuleFields>>;

/**
 * The next entry on `account` (as it stands before it): its document id, its `seq` and the running balance
 * after it. Postings under no rule (redeem, cancel, settle) leave the rule fields out.
 */
export function entryFor(account: Pick<AccountDoc, 'villageId' | 'householdId' | 'householdName' | 'gridId' | 'balance' | 'entries'>, draft: EntryDraft): EntryDoc {
  return {
    _id: entryDocIdOf(account.householdId, draft.entryId),
    kind: 'entry',
    villageId: account.villageId,
    householdId: account.householdId,
    householdName: account.householdName,
    gridId: account.gridId ?? null,
    ruleId: null,
    ruleName: null,
    ruleVersion: null,
    category: null,
    ...draft,
    seq: (account.entries ?? 0) + 1,
    balanceAfter: account.balance + draft.amount,
  };
}

/** the account as it stands after `entry` (for the next entry of the same run) */
export const afterEntry = <A extends Pick<AccountDoc, 'balance' | 'entries'>>(account: A, entry: EntryDoc): A => ({ ...account, balance: entry.balanceAfter, entries: entry.seq });

/** the actor of the timers' postings */
export const SYSTEM = { actorId: 'system', actorName: '系统' };
