/**
 * The arithmetic of a poll — quorum, pass threshold, winners — in one pure module, integer-only.
 * Shares are compared by cross-multiplying (count × den against num × base), never by dividing, so an
 * exact threshold is decided exactly. The words follow Chinese statute usage (民法典第1259条: "以上"
 * includes the number itself, "过半数" does not): exactly half is NOT a majority, exactly two-thirds IS
 * "三分之二以上".
 *
 * Bases: `ballots` = ballots cast (abstentions count as cast: they took part); `rollSize` = units on the
 * roll fixed at opening (people, or households for a household poll).
 */

export const QUORUM_KINDS = {
  none: '不设参加人数要求',
  more_than_half: '过半数参加',
  at_least_two_thirds: '三分之二以上参加',
  at_least_percent: '不少于规定比例参加',
} as const;

export type QuorumRule =
  | { kind: 'none' }
  | { kind: 'more_than_half' }
  | { kind: 'at_least_two_thirds' }
  | { kind: 'at_least_percent'; percent: number };

export const THRESHOLD_KINDS = {
  majority_cast: '赞成票超过投票数的一半',
  two_thirds_cast: '赞成票达到投票数的三分之二以上',
  majority_roll: '赞成票超过名册人数（户数）的一半',
} as const;
export type ThresholdRule = keyof typeof THRESHOLD_KINDS;

/** a share of a base: count/base > num/den when strict, ≥ otherwise */
export interface Share {
  num: number;
  den: number;
  strict: boolean;
}

const HALF_STRICT: Share = { num: 1, den: 2, strict: true };
const TWO_THIRDS: Share = { num: 2, den: 3, strict: false };

function quorumShare(rule: QuorumRule): Share | null {
  switch (rule.kind) {
    case 'none':
      return null;
    case 'more_than_half':
      return HALF_STRICT;
    case 'at_least_two_thirds':
      return TWO_THIRDS;
    case 'at_least_percent':
      return { num: rule.percent, den: 100, strict: false };
  }
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer: ${n}`);
}

/** count/base meets the share — integer cross-multiplication (counts stay far below 2^53 / 100). */
export function meetsShare(count: number, base: number, share: Share): boolean {
  assertCount(count, 'count');
  assertCount(base, 'base');
  const left = count * share.den;
  const right = share.num * base;
  return share.strict ? left > right : left >= right;
}

/** the least count that meets the share of this base */
export function leastMeeting(base: number, share: Share): number {
  assertCount(base, 'base');
  const product = share.num * base;
  return share.strict ? Math.floor(product / share.den) + 1 : Math.ceil(product / share.den);
}

/** Quorum: ballots cast against the roll. An empty roll never has a quorum. */
export function quorumMet(rule: QuorumRule, ballots: number, rollSize: number): boolean {
  assertCount(ballots, 'ballots');
  assertCount(rollSize, 'rollSize');
  if (rollSize === 0) return false;
  const share = quorumShare(rule);
  return share === null ? true : meetsShare(ballots, rollSize, share);
}

export function quorumNeeded(rule: QuorumRule, rollSize: number): number {
  const share = quorumShare(rule);
  return share === null ? 0 : leastMeeting(rollSize, share);
}

function thresholdShareAndBase(rule: ThresholdRule, ballots: number, rollSize: number): { share: Share; base: number } {
  switch (rule) {
    case 'majority_cast':
      return { share: HALF_STRICT, base: ballots };
    case 'two_thirds_cast':
      return { share: TWO_THIRDS, base: ballots };
    case 'majority_roll':
      return { share: HALF_STRICT, base: rollSize };
  }
}

/** An option (or 赞成) carries the threshold: at least one vote, and the share of its base. */
export function thresholdMet(rule: ThresholdRule, votesFor: number, ballots: number, rollSize: number): boolean {
  assertCount(votesFor, 'votesFor');
  if (votesFor === 0) return false;
  const { share, base } = thresholdShareAndBase(rule, ballots, rollSize);
  return meetsShare(votesFor, base, share);
}

export function thresholdNeeded(rule: ThresholdRule, ballots: number, rollSize: number): number {
  const { share, base } = thresholdShareAndBase(rule, ballots, rollSize);
  return Math.max(1, leastMeeting(base, share));
}

export interface TallyInput {
  kind: 'approve' | 'single' | 'multiple';
  /** option ids in display order */
  optionIds: string[];
  maxChoices: number;
  quorum: QuorumRule;
  threshold: ThresholdRule;
  rollSize: number;
  /** ballots cast (one per unit that voted) */
  ballots: number;
  /** votes per option id (missing = 0) */
  counts: Record<string, number>;
}

export interface TallyOutcome {
  quorumMet: boolean;
  /** ballots needed for the quorum */
  quorumNeeded: number;
  /** votes an option (or 赞成) needed to carry */
  thresholdNeeded: number;
  passed: boolean;
  /** approve: ['yes'] when passed; single: the winning option; multiple: the adopted options (≤ k) */
  winners: string[];
  /** a tie decided nothing (single: at the top; multiple: across the k-th place) */
  tie: boolean;
}

export function decide(t: TallyInput): TallyOutcome {
  assertCount(t.rollSize, 'rollSize');
  assertCount(t.ballots, 'ballots');
  if (t.ballots > t.rollSize) throw new RangeError(`more ballots (${t.ballots}) than the roll (${t.rollSize})`);
  const count = (id: string) => t.counts[id] ?? 0;
  const q = quorumMet(t.quorum, t.ballots, t.rollSize);
  const base = { quorumMet: q, quorumNeeded: quorumNeeded(t.quorum, t.rollSize), thresholdNeeded: thresholdNeeded(t.threshold, t.ballots, t.rollSize) };
  const carries = (id: string) => thresholdMet(t.threshold, count(id), t.ballots, t.rollSize);

  if (t.kind === 'approve') {
    const passed = q && carries('yes');
    return { ...base, passed, winners: passed ? ['yes'] : [], tie: false };
  }
  if (t.kind === 'single') {
    const top = Math.max(0, ...t.optionIds.map(count));
    const leaders = t.optionIds.filter((id) => count(id) === top && top > 0);
    const tie = leaders.length > 1;
    const winner = !tie && leaders.length === 1 && carries(leaders[0]) ? leaders[0] : null;
    const passed = q && winner !== null;
    return { ...base, passed, winners: passed && winner ? [winner] : [], tie };
  }
  // multiple: the options that carry, best first; at most k; a tie across the k-th place adopts none of the tied
  const carrying = t.optionIds.filter(carries).sort((a, b) => count(b) - count(a) || t.optionIds.indexOf(a) - t.optionIds.indexOf(b));
  let winners = carrying;
  let tie = false;
  if (carrying.length > t.maxChoices) {
    const boundary = count(carrying[t.maxChoices - 1]);
    tie = count(carrying[t.maxChoices]) === boundary;
    winners = tie ? carrying.filter((id) => count(id) > boundary) : carrying.slice(0, t.maxChoices);
  }
  const passed = q && winners.length > 0;
  return { ...base, passed, winners: passed ? winners : [], tie };
}

/** Why a set of choices breaks the poll's rules, or null when it is a valid ballot. */
export function choicesProblem(kind: TallyInput['kind'], optionIds: readonly string[], maxChoices: number, choices: readonly string[]): 'choice_invalid' | 'too_many_choices' | null {
  if (choices.length === 0) return 'choice_invalid';
  if (new Set(choices).size !== choices.length) return 'choice_invalid';
  if (choices.some((c) => !optionIds.includes(c))) return 'choice_invalid';
  const max = kind === 'multiple' ? maxChoices : 1;
  if (choices.length > max) return 'too_many_choices';
  return null;
}

/** choices in the poll's option order (so equal ballots are stored and hashed alike) */
export function canonicalChoices(optionIds: readonly string[], choices: readonly string[]): string[] {
  return optionIds.filter((id) => choices.includes(id));
}

/** What is published at the count; everything needed to recount is in the published ballots. */
export interface PollResults extends TallyOutcome {
  rollSize: number;
  ballots: number;
  counts: Record<string, number>;
  /** turnout in tenths of a percent, rounded down (e.g. 667 = 66.7%) */
  turnoutPermille: number;
  countedAt: number;
}

/** Recount from published ballots alone — the same function the client runs. */
export function countBallots(optionIds: readonly string[], ballots: readonly { choices: readonly string[] }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(optionIds.map((id) => [id, 0]));
  for (const b of ballots) for (const c of b.choices) if (c in counts) counts[c] += 1;
  return counts;
}

export function turnoutPermille(ballots: number, rollSize: number): number {
  return rollSize === 0 ? 0 : Math.floor((ballots * 1000) / rollSize);
}
