/**
 * The `deliberation` cloud function's shared shapes (协商议事): topics, seconding, discussion, polls with a
 * fixed roll, quorum and threshold, secret or open ballots, assisted votes, checkable results, outcomes.
 * Each action's own input, output, errors and callers are in its command file (kernel/action.ts); here
 * are the field schemas several actions take and the views they answer with. The client imports TYPES
 * ONLY from here; this file imports nothing but zod and pure data.
 *
 * States and rules live as data in rules.ts (tally arithmetic) and states.ts (transitions, labels).
 */
import { z } from 'zod';
import { text } from '../kernel/text';
import { QUORUM_KINDS, THRESHOLD_KINDS } from './rules';
import type { PollResults, QuorumRule, ThresholdRule } from './rules';
import { POLL_KINDS, POLL_STATES, ROLL_TYPES, TOPIC_STATES, CONSENT_KINDS, COUNCIL_SEATS } from './states';
import type { PollKind, PollState, RollType, TopicState, ConsentKind, CouncilSeat } from './states';

export { POLL_KINDS, POLL_STATES, ROLL_TYPES, TOPIC_STATES, CONSENT_KINDS, COUNCIL_SEATS, QUORUM_KINDS, THRESHOLD_KINDS };
export type { PollKind, PollState, RollType, TopicState, ConsentKind, CouncilSeat, PollResults, QuorumRule, ThresholdRule };

// ─── shared field shapes ────────────────────────────────────────────────────────────────────────────

export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9:_~-]+$/, 'id');
export const villageIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'villageId');
/** made by the voter's device (≥ 128 random bits); never stored: only hashes of it are */
export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'nonce');
/** option ids: `yes` `no` `abstain` for approve polls, `o1`…`o12` otherwise */
export const optionIdSchema = z.string().regex(/^(yes|no|abstain|o([1-9]|1[0-2]))$/, 'option');
export const textLine = (max: number, multiline = false) => text(max, { min: 1, multiline });
const quorumSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('more_than_half') }),
  z.object({ kind: z.literal('at_least_two_thirds') }),
  z.object({ kind: z.literal('at_least_percent'), percent: z.number().int().min(1).max(100) }),
]);
const thresholdSchema = z.enum(Object.keys(THRESHOLD_KINDS) as [keyof typeof THRESHOLD_KINDS, ...(keyof typeof THRESHOLD_KINDS)[]]);

export const pollSchema = z
  .object({
    kind: z.enum(Object.keys(POLL_KINDS) as [PollKind, ...PollKind[]]),
    question: textLine(120),
    /** the labels of single / multiple choice options (approve polls have 赞成 / 反对 / 弃权) */
    options: z.array(textLine(40)).max(12).default([]),
    /** multiple choice: at most this many */
    maxChoices: z.number().int().min(1).max(12).default(1),
    rollType: z.enum(Object.keys(ROLL_TYPES) as [RollType, ...RollType[]]),
    /** the "5+N" council: named participants, each in a seat */
    council: z
      .array(z.object({ memberId: idSchema, seat: z.enum(Object.keys(COUNCIL_SEATS) as [CouncilSeat, ...CouncilSeat[]]) }))
      .max(60)
      .default([]),
    quorum: quorumSchema,
    threshold: thresholdSchema,
    secret: z.boolean(),
    changeable: z.boolean(),
    /** ms since epoch; omitted = open now */
    opensAt: z.number().int().positive().optional(),
    closesAt: z.number().int().positive(),
  })
  .superRefine((p, issue) => {
    if (p.kind === 'approve' && p.options.length > 0) issue.addIssue({ code: 'custom', path: ['options'], message: 'approve polls have fixed options' });
    if (p.kind !== 'approve' && p.options.length < 2) issue.addIssue({ code: 'custom', path: ['options'], message: 'at least two options' });
    if (new Set(p.options).size !== p.options.length) issue.addIssue({ code: 'custom', path: ['options'], message: 'duplicate option' });
    if (p.kind === 'multiple' && p.maxChoices > p.options.length) issue.addIssue({ code: 'custom', path: ['maxChoices'], message: 'more than options' });
    if (p.kind !== 'multiple' && p.maxChoices !== 1) issue.addIssue({ code: 'custom', path: ['maxChoices'], message: 'one choice' });
    if (p.rollType === 'council' && p.council.length === 0) issue.addIssue({ code: 'custom', path: ['council'], message: 'council needs participants' });
    if (p.rollType !== 'council' && p.council.length > 0) issue.addIssue({ code: 'custom', path: ['council'], message: 'only for council' });
  });

export const templateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'templateId');

/** The village and topic an action is about. */
export const topicRef = { villageId: villageIdSchema, topicId: idSchema };
export type PollInput = z.input<typeof pollSchema>;

// ─── outputs (what leaves the server) ───────────────────────────────────────────────────────────────

export interface SettingsView {
  villageId: string;
  secondsNeeded: number;
  remindBeforeHours: number;
  reminderTemplateId: string | null;
}

export interface PollOptionView {
  id: string;
  label: string;
}

export interface PollView {
  kind: PollKind;
  question: string;
  options: PollOptionView[];
  maxChoices: number;
  rollType: RollType;
  quorum: QuorumRule;
  threshold: ThresholdRule;
  secret: boolean;
  changeable: boolean;
  opensAt: number;
  closesAt: number;
  /** scheduled / open / counted; an open poll past closesAt takes no votes and is counted by the next timer tick */
  state: PollState;
  /** the roll's size once open (units: people or households) */
  rollSize: number | null;
  /** votes so far (only participation, never the choices while open) */
  ballots: number;
  results: PollResults | null;
}

/** The caller's unit on the roll: themselves, or their household */
export interface MyUnitView {
  unitId: string;
  /** e.g. 王小梅 / 王德福户 */
  label: string;
  voted: boolean;
  /** who voted for the unit (a household member, or a grid worker 代办) */
  votedByName: string | null;
  via: 'self' | 'assisted' | null;
  /** true when I voted myself (only then can I change it, with my nonce) */
  votedByMe: boolean;
  /** open ballots only: the choices recorded */
  choices: string[] | null;
  reminderSubscribed: boolean;
}

export interface FollowUpView {
  actionId: string;
  text: string;
  ticketId: string | null;
  done: boolean;
  doneAt: number | null;
}

export interface OutcomeView {
  decision: string;
  actions: FollowUpView[];
  recordedByName: string;
  recordedAt: number;
}

export interface TopicSummary {
  topicId: string;
  title: string;
  state: TopicState;
  proposerName: string;
  byCommittee: boolean;
  createdAt: number;
  updatedAt: number;
  secondCount: number;
  secondsNeeded: number;
  pollState: PollState | null;
  closesAt: number | null;
  /** whether my unit has voted (null: no open poll or I am not on the roll) */
  myUnitVoted: boolean | null;
}

export interface ReplyView {
  replyId: string;
  authorName: string;
  text: string;
  at: number;
}

export interface TopicView extends TopicSummary {
  body: string;
  seconded: boolean;
  declineReason: string | null;
  poll: PollView | null;
  myUnit: MyUnitView | null;
  outcome: OutcomeView | null;
  /** the newest REPLIES_PAGE replies, oldest first; `olderReplies` fetches the ones before them (listReplies) */
  replies: ReplyView[];
  olderReplies: string | null;
  /** what the caller may do here (the buttons the page shows) */
  can: { second: boolean; reply: boolean; putOnAgenda: boolean; decline: boolean; schedulePoll: boolean; vote: boolean; assist: boolean; close: boolean; recordOutcome: boolean; followUps: boolean };
}

export interface VoteOutput {
  topicId: string;
  unitId: string;
  /** the receipt code (10 characters, shown as XXXX-XXXX-XX): find it in the published list */
  receipt: string;
  changed: boolean;
  via: 'self' | 'assisted';
}

export interface RollUnitView {
  unitId: string;
  label: string;
  gridId: string | null;
  voted: boolean;
  via: 'self' | 'assisted' | null;
  /** people of the unit a grid worker may vote for (offline or elderly) */
  assistable: { residentId: string; name: string; offline: boolean; elderly: boolean }[];
}

export interface ReceiptRow {
  receipt: string;
  choices: string[];
}

export interface ReceiptsPage {
  topicId: string;
  /** the counted poll with its published result (every page: it comes with the topic read), so 表决结果 needs no getTopic */
  poll: PollView;
  total: number;
  offset: number;
  rows: ReceiptRow[];
  /** open ballots only: who voted what (name of the unit and its choices), complete on the first page */
  openVotes: { unitLabel: string; byName: string; choices: string[] }[] | null;
}

export interface ClockOutput {
  opened: string[];
  counted: string[];
  reminded: string[];
}

/** replies per page of the discussion (getTopic shows the newest page) */
export const REPLIES_PAGE = 50;
/** where a page of replies ends: `${at}|${replyId}` of its oldest reply */
export const replyCursorSchema = z.string().regex(/^[0-9]{1,15}\|[A-Za-z0-9:_~-]{1,128}$/, 'cursor');

export interface RepliesPage {
  topicId: string;
  /** oldest first, all older than the cursor sent */
  replies: ReplyView[];
  olderReplies: string | null;
}

export interface TopicPage {
  items: TopicSummary[];
  nextCursor: string | null;
}

export interface SecondOutput {
  topicId: string;
  secondCount: number;
  state: TopicState;
}

/** putOnAgenda / declineTopic */
export interface TopicMoveOutput {
  topicId: string;
  state: TopicState;
}

export interface ScheduleOutput {
  topicId: string;
  state: TopicState;
  pollState: PollState;
  rollSize: number | null;
}

export interface SubscribeOutput {
  topicId: string;
  unitId: string;
}

export interface RollOutput {
  topicId: string;
  units: RollUnitView[];
}

/** the poll takes no more votes from `closesAt` (now); `results` stays null until the timer has counted it */
export interface CloseOutput {
  topicId: string;
  state: TopicState;
  closesAt: number;
  results: PollResults | null;
}

/** recordOutcome / updateFollowUp */
export interface OutcomeOutput {
  topicId: string;
  state: TopicState;
  outcome: OutcomeView;
}
