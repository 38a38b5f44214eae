import type { Codes } from '../kernel/errors';
/** Error codes of the deliberation function (协商议事), with the Chinese message a villager reads. */
export const DELIBERATION_ERRORS = {
  // ── topics ──
  /** seconding is over: the topic is on the agenda, declined or further along */
  topic_not_seconding: '该议题已不在征集附议阶段',
  already_seconded: '您已经附议过这个议题',
  /** the proposer's own topic needs other people's support */
  own_topic: '不能附议自己提出的议题',
  topic_not_on_agenda: '该议题还没有列入议程，不能发起表决',
  /** replies are closed once a topic is done or declined */
  discussion_closed: '该议题的讨论已经结束',
  topic_not_counted: '表决结果还没有公布，暂不能记录决议',
  topic_not_decided: '该议题还没有形成决议',
  follow_up_not_found: '找不到这项后续事项',

  // ── opening a poll ──
  /** closing time before opening time, or already past */
  poll_window_invalid: '表决的开始或截止时间不对，请重新选择',
  /** nobody would be on the roll (e.g. no verified residents) */
  roll_empty: '没有符合条件的投票人，无法发起表决',
  /** a named council participant is not an active member of the village */
  council_member_invalid: '议事会名单中有人不是本村在册成员',

  // ── voting ──
  /** the caller (or their household) is not on the roll fixed when the poll opened */
  not_eligible: '您不在本次表决的投票名单中',
  poll_not_open: '表决还没有开始',
  poll_closed: '表决已经截止，不能再投票',
  /** this unit has voted (with another device or by 代办); the first vote counts */
  already_voted: '已经投过票了（一户一票时，家里先投的那一票算数）',
  /** a choice that is not one of the poll's options, or the same option twice */
  choice_invalid: '所选的选项不对，请重新选择',
  too_many_choices: '选的项数超过了本次表决允许的数量',
  vote_not_changeable: '本次表决投票后不能修改',
  /** a change without a vote made with this device's secret */
  no_vote_to_change: '没有找到您用这台手机投的票，无法修改',
  /** 代办 only for an offline or elderly resident of the worker's grid */
  assist_not_allowed: '只能为本网格不用手机或年长的村民代为投票',
  /** the results (and the receipts) are published when the poll is counted */
  results_not_published: '表决结果还没有公布',
  /** the function has no ballot key (CUNQUN_BALLOT_KEY): secret ballots cannot be sealed, so nobody may vote */
  ballot_key_missing: '投票保密设置还没有完成，暂时不能发起表决或投票，请联系村委',
  /** the function's ballot key is not the one this poll was opened under: its ballots could not be counted */
  ballot_key_changed: '投票保密密钥与表决开始时不一致，暂时不能投票，请联系村委',
} as const;
export type DeliberationErrorCode = keyof typeof DELIBERATION_ERRORS;

// the kernel imports no job: this tells the type system that deliberation's codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof DELIBERATION_ERRORS> {}
}
