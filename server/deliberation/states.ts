/**
 * States as data (FixMyStreet-style): every state with its Chinese label, every transition in one
 * table that the commands, the pages and the tests all read. Pure data: the client imports it.
 */

/** A topic (议题) from proposal to done. */
export const TOPIC_STATES = {
  seconding: '征集附议',
  agenda: '已列入议程',
  voting: '表决中',
  counted: '已出结果',
  decided: '已形成决议',
  done: '已办结',
  declined: '不予列入',
} as const;
export type TopicState = keyof typeof TOPIC_STATES;

/** transition → the states it leaves from and the state it reaches */
export const TOPIC_TRANSITIONS = {
  propose: { from: [], to: 'seconding' },
  second: { from: ['seconding'], to: 'seconding' },
  /** the second that reaches the village's threshold puts the topic on the agenda */
  reachAgenda: { from: ['seconding'], to: 'agenda' },
  putOnAgenda: { from: ['seconding'], to: 'agenda' },
  decline: { from: ['seconding', 'agenda'], to: 'declined' },
  schedulePoll: { from: ['agenda'], to: 'voting' },
  count: { from: ['voting'], to: 'counted' },
  /** a decision after a poll, or straight from the agenda (decided at a meeting) */
  recordOutcome: { from: ['counted', 'agenda'], to: 'decided' },
  updateFollowUp: { from: ['decided'], to: 'decided' },
  /** the last follow-up marked done */
  complete: { from: ['decided'], to: 'done' },
} as const satisfies Record<string, { from: readonly TopicState[]; to: TopicState }>;
export type TopicTransition = keyof typeof TOPIC_TRANSITIONS;

export function canTransition(t: TopicTransition, from: TopicState): boolean {
  return (TOPIC_TRANSITIONS[t].from as readonly TopicState[]).includes(from);
}

/** the discussion stays open until the topic is done or declined */
export const REPLY_STATES: readonly TopicState[] = ['seconding', 'agenda', 'voting', 'counted', 'decided'];

/** A poll inside a topic. Open polls past their closing time take no votes; the timer counts them. */
export const POLL_STATES = {
  scheduled: '待开始',
  open: '投票中',
  counted: '已公布结果',
} as const;
export type PollState = keyof typeof POLL_STATES;

export const POLL_KINDS = {
  approve: '赞成 / 反对 / 弃权',
  single: '单选',
  multiple: '多选（限选几项）',
} as const;
export type PollKind = keyof typeof POLL_KINDS;

export const APPROVE_OPTIONS = [
  { id: 'yes', label: '赞成' },
  { id: 'no', label: '反对' },
  { id: 'abstain', label: '弃权' },
] as const;

export const ROLL_TYPES = {
  residents: '全体村民（一人一票）',
  households: '按户表决（一户一票，先投的算数）',
  council: '“5+N”议事会（指定人员）',
} as const;
export type RollType = keyof typeof ROLL_TYPES;

/** the "5+N" council: five standing seats plus the stakeholders of the matter */
export const COUNCIL_SEATS = {
  two_committees: '村两委成员',
  supervision: '村务监督委员会成员',
  party_member: '党员代表',
  villager_rep: '村民代表',
  sage: '乡贤代表',
  stakeholder: '利益相关方',
} as const;
export type CouncilSeat = keyof typeof COUNCIL_SEATS;

/** how the resident agreed that a grid worker records their vote (代办) */
export const CONSENT_KINDS = {
  verbal: '本人当面口头同意',
  signature: '本人签字确认',
  thumbprint: '本人按手印确认',
  family_present: '家属在场见证、本人同意',
} as const;
export type ConsentKind = keyof typeof CONSENT_KINDS;
