/**
 * The deliberation data (协商议事) — one collection, `delib`:
 *   settings  `${v}:settings`          the village's thresholds (defaults until the committee sets them)
 *   topic     `${v}:t:${hash}`         a topic AND its poll: config, the roll fixed at opening, the ballot box
 *   reply     `${topicId}:r:${hash}`   one message of the topic's discussion
 *
 * Why the poll lives in its topic's document, with the roll and the ballot box side by side (the full
 * reasoning is in docs/ARCHITECTURE.md, "Deliberation: secret ballots"): a vote must atomically check the
 * poll is open, pass the roll's gate (not voted yet) and drop its ballot — CloudBase updates ONE document
 * atomically, and there are no transactions within three round trips. In one document the gate and the
 * ballot land together or not at all: no half-done vote, and a vote racing the close is either in the
 * counted document or refused by the state check. Secrecy comes from what is stored, not from where:
 *   roll.<unit>   { p: members, v: voted, by, via, c: H(commit|nonce), k: H(ballot|nonce|choices) } — no choice (secret)
 *   ballots[]     { r: H(receipt|nonce), c: choices } — no voter, no time, inserted at a uniformly random position
 * Unlinkable without the voter's nonce, which never leaves their device except inside the vote request.
 */
import { createHash } from 'node:crypto';
import { activeMember, memberIdOf, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Marker } from '../kernel/idempotency';
import type { Doc } from '../kernel/store';
import type { FollowUpView, OutcomeView, PollView, ReplyView, SettingsView, TopicSummary } from './contract';
import type { PollResults, QuorumRule, ThresholdRule } from './rules';
import { APPROVE_OPTIONS, type ConsentKind, type CouncilSeat, type PollKind, type PollState, type RollType, type TopicState } from './states';

export const DELIB = 'delib';

export const settingsDocId = (villageId: string): string => `${villageId}:settings`;
export const topicDocId = (villageId: string, suffix: string): string => `${villageId}:t:${suffix}`;
export const replyDocId = (topicId: string, suffix: string): string => `${topicId}:r:${suffix}`;

/** Register ids use `:`; as field names (roll keys) they use `~` — ids never contain `~`. */
export const keyOf = (registerId: string): string => registerId.replace(/:/g, '~');
export const idOfKey = (key: string): string => key.replace(/~/g, ':');

export const DEFAULT_SETTINGS = { secondsNeeded: 5, remindBeforeHours: 24, reminderTemplateId: null as string | null };

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
  rollSize: number | null;
  /** votes cast so far: the length of `ballots` */
  nBallots: number;
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
  /** subscribe consents: member key → template id (used once) */
  s: Record<string, string>;
}

export interface Ballot {
  /** receipt: H('receipt'|topic|nonce), 10 characters */
  r: string;
  c: string[];
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
  agendaAt: number | null;
  agendaBy: 'seconds' | 'committee' | null;
  declineReason: string | null;
  poll: PollDoc | null;
  roll?: Record<string, RollEntry>;
  ballots?: Ballot[];
  outcome: Outcome | null;
  /** bumped by every vote: a count is written only over the version it counted */
  version: number;
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
  'agendaAt',
  'agendaBy',
  'declineReason',
  'poll',
  'outcome',
  'version',
  'createdAt',
  'updatedAt',
] as const;

/** `$project` of a topic: its fields, the named roll units, this request's marker, and extra computed fields. */
export function topicProjection(ctx: Ctx, unitKeys: string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...Object.fromEntries(TOPIC_FIELDS.map((f) => [f, 1])),
    ...Object.fromEntries(unitKeys.map((k) => [`roll.${k}`, 1])),
    [`reqs.${ctx.requestId}`]: 1,
    ...extra,
  };
}

export interface LoadedTopic {
  topic: TopicDoc;
  caller: MemberDoc;
  /** other register and deliberation documents asked for (present ones only) */
  people: Map<string, Doc>;
  /** computed fields of the projection (e.g. a ballot's index) */
  extra: Record<string, unknown>;
}

/**
 * The topic (projected) with the caller and other register documents, in ONE aggregate: the topic is the
 * root, register documents are joined by `_id` equality (the portable form of $lookup).
 */
export async function loadTopic(
  ctx: Ctx,
  villageId: string,
  topicId: string,
  opts: { unitKeys?: string[]; fullRoll?: boolean; registerIds?: string[]; delibIds?: string[]; extra?: Record<string, unknown> } = {},
): Promise<LoadedTopic> {
  const registerIds = opts.registerIds ?? [];
  const delibIds = opts.delibIds ?? [];
  for (const id of [topicId, ...registerIds, ...delibIds]) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const ids = [callerId, ...registerIds, ...delibIds];
  const from = (i: number) => (i < 1 + registerIds.length ? REGISTER : DELIB);
  const projection = topicProjection(ctx, opts.unitKeys, opts.extra);
  if (opts.fullRoll) {
    for (const k of Object.keys(projection)) if (k.startsWith('roll.')) delete projection[k];
    projection.roll = 1;
  }
  const pipeline: Record<string, unknown>[] = [
    { $match: { _id: topicId } },
    { $limit: 1 },
    { $project: projection },
    { $addFields: Object.fromEntries(ids.map((id, i) => [`_k${i}`, id])) },
    ...ids.map((_, i) => ({ $lookup: { from: from(i), localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } })),
  ];
  const [row] = await ctx.store.aggregate(DELIB, pipeline);
  if (!row) throw new AppError('not_found');
  const people = new Map<string, Doc>();
  ids.forEach((id, i) => {
    const found = (row[`_r${i}`] as Doc[] | undefined)?.[0];
    if (found) people.set(id, found);
  });
  const caller = activeMember(people.get(callerId), villageId);
  people.delete(callerId);
  const extra: Record<string, unknown> = {};
  for (const k of Object.keys(opts.extra ?? {})) extra[k] = row[k];
  const topic = Object.fromEntries(Object.entries(row).filter(([k]) => !/^_[kr]\d+$/.test(k) && !(k in (opts.extra ?? {})))) as TopicDoc;
  if (topic.kind !== 'topic' || topic.villageId !== villageId) throw new AppError('not_found');
  return { topic, caller, people, extra };
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

export function pollView(poll: PollDoc): PollView {
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
    ballots: poll.nBallots,
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
