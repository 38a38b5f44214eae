/**
 * The deliberation data (协商议事) — one collection, `delib`:
 *   settings  `${v}:settings`                  the village's thresholds (defaults until the committee sets them)
 *   topic     `${v}:t:${hash}`                 a topic and its poll's configuration, state and results — small
 *   unit      `${topicId}:u${rollId}:${unit}`  one unit of a poll's roll (a person, or a household), made when
 *                                              the poll opens: who may vote for it, and — once it has voted —
 *                                              who did, how (self / 代办), the commitment, and the SEALED ballot
 *   box       `${topicId}:box:${n}`            the opened ballots, written once at the count: receipt + choices,
 *                                              sorted by receipt, ≤ BOX_CHUNK a document — no voter, no time
 *   reply     `${topicId}:r:${hash}`           one message of the topic's discussion
 *
 * Why a vote writes only its unit (the full reasoning is in docs/ARCHITECTURE.md, "Deliberation: secret
 * ballots"): a vote must atomically pass its unit's gate (not voted, poll not frozen) and leave its
 * ballot — one document, one conditional update, whatever the size of the roll. What that write adds is
 * the participation (public) and the ballot sealed with a key the database never holds (seal.ts), so the
 * database's history shows who voted when, never what. The count freezes every unit, opens all sealed
 * ballots at once and writes them to the box sorted by receipt: arrival order is gone, and the box is
 * counted by the database.
 *   unit      { p: members, v: voted, by, via, c: H(commit|nonce), k: H(ballot|nonce|choices), sealed } — no choice in clear (secret)
 *   box       { ballots: [{ r: H(receipt|nonce), c: choices }] } — no voter, no time, in receipt order
 * Unlinkable without the voter's nonce or the ballot key, and the key is not in the database.
 */
import { createHash } from 'node:crypto';
import { activeMember, memberIdOf, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { appendAuditRecord, type AuditRecord } from '../kernel/audit';
import type { Marker } from '../kernel/idempotency';
import type { Doc } from '../kernel/store';
import type { FollowUpView, OutcomeView, PollView, ReplyView, SettingsView, TopicSummary } from './contract';
import type { PollResults, QuorumRule, ThresholdRule } from './rules';
import { APPROVE_OPTIONS, type ConsentKind, type CouncilSeat, type PollKind, type PollState, type RollType, type TopicState } from './states';

export const DELIB = 'delib';

export const settingsDocId = (villageId: string): string => `${villageId}:settings`;
export const topicDocId = (villageId: string, suffix: string): string => `${villageId}:t:${suffix}`;
export const replyDocId = (topicId: string, suffix: string): string => `${topicId}:r:${suffix}`;
/** A roll's units carry its roll id: a roll written by an attempt that never opened its poll is never read. */
export const unitDocId = (topicId: string, rollId: string, unitKey: string): string => `${topicId}:u${rollId}:${unitKey}`;
export const boxDocId = (topicId: string, n: number): string => `${topicId}:box:${n}`;
/** ballots per box document: a few tens of KB each */
export const BOX_CHUNK = 500;

/** Register ids use `:`; as field names (roll keys) they use `~` — ids never contain `~`. */
export const keyOf = (registerId: string): string => registerId.replace(/:/g, '~');
export const idOfKey = (key: string): string => key.replace(/~/g, ':');

const DEFAULT_SETTINGS = { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: null as string | null };

/** a member's record in the register as the roll needs it (pushed by the roll aggregate) */
export interface PersonRow {
  id: string;
  name: string;
  h: string | null;
  g: string | null;
  o: boolean;
  e: boolean;
  r: string[];
  gi: string[];
  openid: string | null;
}

// ─── documents ─────────────────────────────────────────────────────────────────────────────────────

export interface SettingsDoc extends Doc {
  kind: 'settings';
  villageId: string;
  secondsNeeded: number;
  remindBeforeHours: number;
  reminderTemplateId: string | null;
  updatedAt: number;
  updatedBy: string;
}

export interface PollOption {
  id: string;
  label: string;
}

export interface PollDoc {
  kind: PollKind;
  question: string;
  options: PollOption[];
  maxChoices: number;
  rollType: RollType;
  council: { memberId: string; seat: CouncilSeat }[];
  quorum: QuorumRule;
  threshold: ThresholdRule;
  secret: boolean;
  changeable: boolean;
  opensAt: number;
  closesAt: number;
  /** when the reminder goes out (closesAt − the village's lead time) */
  remindAt: number;
  remindedAt: number | null;
  state: PollState;
  openedAt: number | null;
  /** the roll written when the poll opened (its units' ids carry it); null while scheduled */
  rollId: string | null;
  rollSize: number | null;
  /** the poll's own key, wrapped under the function's master key (seal.ts); null once counted (the ballots left sealed on the units open for nobody) */
  wrappedKey: string | null;
  /** ballots in the box: set when the count opens the sealed ballots (while open: counted live from the units) */
  nBallots: number;
  /** when the count wrote the box (the sealed ballots are erased after that) */
  boxedAt: number | null;
  scheduledBy: string;
  closedAt: number | null;
  closedBy: string | null;
  results: PollResults | null;
}

/** One unit of the roll: a person (one per person, council) or a household (one per household). */
export interface RollEntry {
  /** member key → name: who may vote for this unit */
  p: Record<string, string>;
  /** display label: the person, or 户主户 */
  l: string;
  h: string | null;
  g: string | null;
  /** member keys of offline / elderly people (a grid worker may record their vote) */
  ol: string[];
  el: string[];
  seat?: CouncilSeat;
}

/** A unit's document: its roll entry, and its vote once cast. */
export interface UnitDoc extends Doc, RollEntry {
  kind: 'unit';
  villageId: string;
  topicId: string;
  rollId: string;
  /** the unit's key (the `unitId` of the API) */
  unit: string;
  /** false once the count has frozen the roll: no vote or change lands after that */
  open: boolean;
  v: boolean;
  /** register id of the member whose vote this is (participation is public; the choice is not) */
  by: string | null;
  byName: string | null;
  via: 'self' | 'assisted' | null;
  /** the grid worker who recorded an assisted vote, and the resident's consent */
  ab: string | null;
  consent: ConsentKind | null;
  /** H('commit'|topic|nonce): recognises the voter's nonce, says nothing about the ballot */
  c: string | null;
  /** H('ballot'|topic|nonce|choices): tells a retry (same choices) from a different vote */
  k: string | null;
  /** open ballots only: the choices */
  ch: string[] | null;
  /** the ballot (receipt + choices) sealed under the poll's key — which the count destroys */
  sealed: string | null;
  /** subscribe consents: member key → template id (used once) */
  s: Record<string, string>;
}

export interface Ballot {
  /** receipt: H('receipt'|topic|nonce), 10 characters */
  r: string;
  c: string[];
}

/** Part of the published ballot box: opened ballots in receipt order. */
export interface BoxDoc extends Doc {
  kind: 'box';
  villageId: string;
  topicId: string;
  rollId: string;
  n: number;
  ballots: Ballot[];
}

export interface FollowUp {
  id: string;
  text: string;
  ticketId: string | null;
  done: boolean;
  doneAt: number | null;
}

export interface Outcome {
  decision: string;
  actions: FollowUp[];
  recordedBy: string;
  recordedByName: string;
  recordedAt: number;
}

export interface TopicDoc extends Doc {
  kind: 'topic';
  villageId: string;
  title: string;
  body: string;
  proposerId: string;
  proposerName: string;
  byCommittee: boolean;
  state: TopicState;
  secondsNeeded: number;
  secondCount: number;
  seconders: string[];
  /**
   * beside `seconders`, position by position: a fingerprint of the request that made each second, so a
   * retry is told from a second try by the same person without a marker per second on the topic (500
   * seconds' markers were 80 KB; these are 13 bytes each). Topics seconded before this field have markers.
   */
  secondReqs?: string[];
  agendaAt: number | null;
  agendaBy: 'seconds' | 'committee' | null;
  declineReason: string | null;
  poll: PollDoc | null;
  outcome: Outcome | null;
  /**
   * audit records waiting to be appended (pendingKeyOf(record id) → record): an opening's (its roll took the
   * request's round trip) and a count's (written with the results, so a tick that dies after publishing
   * never loses it); the timer appends them
   */
  pendingAudit?: Record<string, AuditRecord>;
  auditDueAt?: number | null;
  createdAt: number;
  updatedAt: number;
  reqs?: Record<string, Marker>;
}

export interface ReplyDoc extends Doc {
  kind: 'reply';
  villageId: string;
  topicId: string;
  authorId: string;
  authorName: string;
  text: string;
  at: number;
}

// ─── hashes of the voter's nonce ─────────────────────────────────────────────────────────────────────

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** 10 characters of Crockford base32 (50 bits): short enough to read aloud, collisions negligible. */
export function receiptOf(topicId: string, nonce: string): string {
  const bytes = sha256(`receipt|${topicId}|${nonce}`);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 10) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === 10) break;
  }
  return out;
}

export const commitmentOf = (topicId: string, nonce: string): string => sha256(`commit|${topicId}|${nonce}`).toString('hex').slice(0, 32);
export const ballotKeyOf = (topicId: string, nonce: string, choices: readonly string[]): string =>
  sha256(`ballot|${topicId}|${nonce}|${choices.join(',')}`).toString('hex').slice(0, 32);

/** XXXX-XXXX-XX as printed and read aloud */
export const formatReceipt = (r: string): string => `${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8)}`;

// ─── reads (one round trip each) ────────────────────────────────────────────────────────────────────

/** Topic fields without the roll and the ballot box (which can be large). */
export const TOPIC_FIELDS = [
  'kind',
  'villageId',
  'title',
  'body',
  'proposerId',
  'proposerName',
  'byCommittee',
  'state',
  'secondsNeeded',
  'secondCount',
  'seconders',
  'secondReqs',
  'agendaAt',
  'agendaBy',
  'declineReason',
  'poll',
  'outcome',
  'createdAt',
  'updatedAt',
] as const;

/**
 * `$project` of a topic: its fields and its markers — all of them, so the write that follows also removes
 * the ones past the idempotency window (kernel/idempotency.ts); they are few, seconds keep none.
 */
function topicProjection(): Record<string, unknown> {
  return { ...Object.fromEntries(TOPIC_FIELDS.map((f) => [f, 1])), reqs: 1 };
}

/** The fingerprint a second keeps of its request (`secondReqs`): 60 bits of the request id and content. */
export const secondFingerprint = (requestId: string, requestHash: string): string =>
  createHash('sha256').update(`${requestId}|${requestHash}`).digest('base64url').slice(0, 10);

/** The id of a topic's unit as an aggregate expression over the topic (its roll id comes from the poll). */
export function unitIdExpr(unitKey: string): Record<string, unknown> {
  return { $concat: ['$_id', ':u', { $ifNull: ['$poll.rollId', '-'] }, ':', unitKey] };
}

/** `$lookup` of the units of a topic's current roll (the topic is the root), through `pipeline` stages. */
export function unitsLookup(topicId: string, match: Record<string, unknown>, pipeline: Record<string, unknown>[], as: string): Record<string, unknown> {
  return {
    $lookup: {
      from: DELIB,
      let: { rid: '$poll.rollId' },
      pipeline: [{ $match: { topicId, kind: 'unit', ...match, $expr: { $eq: ['$rollId', '$$rid'] } } }, ...pipeline],
      as,
    },
  };
}

export interface LoadedTopic {
  topic: TopicDoc;
  caller: MemberDoc;
  /** other register and deliberation documents asked for (present ones only) */
  people: Map<string, Doc>;
  /** the roll units asked for, by unit key (present ones only) */
  units: Map<string, UnitDoc>;
  /** units of the roll that have voted (when asked for) */
  voted: number | null;
}

/**
 * The topic (projected) with the caller, other register documents and units of its roll, in ONE
 * aggregate: the topic is the root, everything else is joined by `_id` equality (the portable form of
 * $lookup) — a unit's id computed from the topic's roll id.
 */
export async function loadTopic(
  ctx: Ctx,
  villageId: string,
  topicId: string,
  opts: { unitKeys?: string[]; countVoted?: boolean; registerIds?: string[]; delibIds?: string[] } = {},
): Promise<LoadedTopic> {
  const registerIds = opts.registerIds ?? [];
  const delibIds = opts.delibIds ?? [];
  const unitKeys = opts.unitKeys ?? [];
  for (const id of [topicId, ...registerIds, ...delibIds]) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const ids = [callerId, ...registerIds, ...delibIds];
  const from = (i: number) => (i < 1 + registerIds.length ? REGISTER : DELIB);
  const pipeline: Record<string, unknown>[] = [
    { $match: { _id: topicId } },
    { $limit: 1 },
    { $project: topicProjection() },
    { $addFields: { ...Object.fromEntries(ids.map((id, i) => [`_k${i}`, id])), ...Object.fromEntries(unitKeys.map((k, i) => [`_uk${i}`, unitIdExpr(k)])) } },
    ...ids.map((_, i) => ({ $lookup: { from: from(i), localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } })),
    ...unitKeys.map((_, i) => ({ $lookup: { from: DELIB, localField: `_uk${i}`, foreignField: '_id', as: `_u${i}` } })),
    ...(opts.countVoted ? [unitsLookup(topicId, { v: true }, [{ $count: 'n' }], '_nv')] : []),
  ];
  const [row] = await ctx.store.aggregate(DELIB, pipeline);
  if (!row) throw new AppError('not_found');
  const people = new Map<string, Doc>();
  ids.forEach((id, i) => {
    const found = (row[`_r${i}`] as Doc[] | undefined)?.[0];
    if (found) people.set(id, found);
  });
  const units = new Map<string, UnitDoc>();
  unitKeys.forEach((k, i) => {
    const found = (row[`_u${i}`] as UnitDoc[] | undefined)?.[0];
    if (found && found.kind === 'unit' && found.unit === k) units.set(k, found);
  });
  const caller = activeMember(people.get(callerId), villageId);
  people.delete(callerId);
  const voted = opts.countVoted ? Number((row._nv as { n: number }[] | undefined)?.[0]?.n ?? 0) : null;
  const topic = Object.fromEntries(Object.entries(row).filter(([k]) => !/^_(k|r|uk|u)\d+$/.test(k) && k !== '_nv')) as TopicDoc;
  if (topic.kind !== 'topic' || topic.villageId !== villageId) throw new AppError('not_found');
  return { topic, caller, people, units, voted };
}

/**
 * The caller (root) with small deliberation documents joined by id (settings, a reply or topic this
 * request creates) — one aggregate. For actions whose target may not exist yet.
 */
export async function loadCallerWith(ctx: Ctx, villageId: string, delibIds: string[]): Promise<{ caller: MemberDoc; docs: Map<string, Doc> }> {
  for (const id of delibIds) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const pipeline: Record<string, unknown>[] = [
    { $match: { _id: callerId } },
    { $limit: 1 },
    { $addFields: Object.fromEntries(delibIds.map((id, i) => [`_k${i}`, id])) },
    ...delibIds.map((_, i) => ({ $lookup: { from: DELIB, localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } })),
  ];
  const [row] = await ctx.store.aggregate(REGISTER, pipeline);
  const docs = new Map<string, Doc>();
  delibIds.forEach((id, i) => {
    const found = (row?.[`_r${i}`] as Doc[] | undefined)?.[0];
    if (found) docs.set(id, found);
  });
  const caller = row ? (Object.fromEntries(Object.entries(row).filter(([k]) => !/^_[kr]\d+$/.test(k))) as Doc) : null;
  return { caller: activeMember(caller, villageId), docs };
}

/** The field name of a pending audit record (ids hold `:` and `#`, which field names avoid). */
export const pendingKeyOf = (recordId: string): string => createHash('sha256').update(recordId).digest('hex').slice(0, 16);

/** `$set` entries that leave an audit record on a topic for the timer (or this request) to append. */
export function pendingAuditSet(record: AuditRecord, now: number): Record<string, unknown> {
  return { [`pendingAudit.${pendingKeyOf(record._id)}`]: record, auditDueAt: now };
}

/** Append an audit record written earlier (a topic's pending record), stamped with when it reached the trail. */
export async function appendStoredRecord(ctx: Ctx, record: AuditRecord): Promise<void> {
  await appendAuditRecord(ctx, record.at < ctx.now ? { ...record, postedAt: ctx.now } : record);
}

export function settingsOf(doc: Doc | null | undefined, villageId: string): SettingsView {
  const s = doc as SettingsDoc | null | undefined;
  return {
    villageId,
    secondsNeeded: s?.secondsNeeded ?? DEFAULT_SETTINGS.secondsNeeded,
    remindBeforeHours: s?.remindBeforeHours ?? DEFAULT_SETTINGS.remindBeforeHours,
    reminderTemplateId: s?.reminderTemplateId ?? DEFAULT_SETTINGS.reminderTemplateId,
  };
}

// ─── roll units ────────────────────────────────────────────────────────────────────────────────────

/** The caller's unit key in a poll of this roll type (household polls: their household). */
export function unitKeyFor(rollType: RollType, member: { _id: string; householdId?: string | null }): string | null {
  if (rollType === 'households') return member.householdId ? keyOf(member.householdId) : null;
  return keyOf(member._id);
}

export function optionIdsOf(poll: Pick<PollDoc, 'options'>): string[] {
  return poll.options.map((o) => o.id);
}

export function pollOptions(kind: PollKind, labels: string[]): PollOption[] {
  if (kind === 'approve') return APPROVE_OPTIONS.map((o) => ({ ...o }));
  return labels.map((label, i) => ({ id: `o${i + 1}`, label }));
}

// ─── views ─────────────────────────────────────────────────────────────────────────────────────────

/** `voted`: units that have voted, counted live while the poll is open (the box is counted at the end). */
export function pollView(poll: PollDoc, voted: number | null): PollView {
  return {
    kind: poll.kind,
    question: poll.question,
    options: poll.options,
    maxChoices: poll.maxChoices,
    rollType: poll.rollType,
    quorum: poll.quorum,
    threshold: poll.threshold,
    secret: poll.secret,
    changeable: poll.changeable,
    opensAt: poll.opensAt,
    closesAt: poll.closesAt,
    state: poll.state,
    rollSize: poll.rollSize,
    ballots: poll.state === 'counted' || voted === null ? poll.nBallots : voted,
    results: poll.results,
  };
}

export function outcomeView(o: Outcome | null): OutcomeView | null {
  if (!o) return null;
  const actions: FollowUpView[] = o.actions.map((a) => ({ actionId: a.id, text: a.text, ticketId: a.ticketId, done: a.done, doneAt: a.doneAt }));
  return { decision: o.decision, actions, recordedByName: o.recordedByName, recordedAt: o.recordedAt };
}

export function topicSummary(t: TopicDoc, myUnitVoted: boolean | null = null): TopicSummary {
  return {
    topicId: t._id,
    title: t.title,
    state: t.state,
    proposerName: t.proposerName,
    byCommittee: t.byCommittee,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    secondCount: t.secondCount,
    secondsNeeded: t.secondsNeeded,
    pollState: t.poll?.state ?? null,
    closesAt: t.poll?.closesAt ?? null,
    myUnitVoted,
  };
}

export function replyView(r: ReplyDoc): ReplyView {
  return { replyId: r._id, authorName: r.authorName, text: r.text, at: r.at };
}

export function settingsDocOf(v: SettingsView, by: string, now: number): SettingsDoc {
  return { _id: settingsDocId(v.villageId), kind: 'settings', villageId: v.villageId, secondsNeeded: v.secondsNeeded, remindBeforeHours: v.remindBeforeHours, reminderTemplateId: v.reminderTemplateId, updatedAt: now, updatedBy: by };
}

export { REGISTER };
