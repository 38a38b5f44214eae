/**
 * The poll arithmetic (server/deliberation/rules.ts): quorum, thresholds and winners, with every edge at
 * exactly the threshold. "过半数" excludes exactly half; "三分之二以上" includes exactly two-thirds.
 */
import {
  canonicalChoices,
  choicesProblem,
  countBallots,
  decide,
  leastMeeting,
  meetsShare,
  quorumMet,
  quorumNeeded,
  thresholdMet,
  thresholdNeeded,
  turnoutPermille,
  type QuorumRule,
  type TallyInput,
} from '../../../server/deliberation/rules';

/** the reference: exact rational comparison by a different route (fractions reduced with BigInt) */
function reference(count: number, base: number, num: number, den: number, strict: boolean): boolean {
  const left = BigInt(count) * BigInt(den);
  const right = BigInt(num) * BigInt(base);
  return strict ? left > right : left >= right;
}

describe('shares', () => {
  it('meetsShare agrees with exact rationals for every count and base up to 120', () => {
    const shares = [
      { num: 1, den: 2, strict: true },
      { num: 2, den: 3, strict: false },
      { num: 1, den: 2, strict: false },
      { num: 67, den: 100, strict: false },
      { num: 100, den: 100, strict: false },
    ];
    for (const s of shares) {
      for (let base = 0; base <= 120; base += 1) {
        const least = leastMeeting(base, s);
        for (let count = 0; count <= base + 1; count += 1) {
          const expected = reference(count, base, s.num, s.den, s.strict);
          expect([s, base, count, meetsShare(count, base, s)]).toEqual([s, base, count, expected]);
          // leastMeeting is exactly the boundary
          expect([s, base, count, count >= least]).toEqual([s, base, count, expected]);
        }
      }
    }
  });

  it('is exact where floating point is not (two-thirds of 3,000,000 and of 3·10^12)', () => {
    const twoThirds = { num: 2, den: 3, strict: false };
    expect(meetsShare(2_000_000, 3_000_000, twoThirds)).toBe(true);
    expect(meetsShare(1_999_999, 3_000_000, twoThirds)).toBe(false);
    expect(meetsShare(2_000_000_000_000, 3_000_000_000_000, twoThirds)).toBe(true);
    expect(meetsShare(1_999_999_999_999, 3_000_000_000_000, twoThirds)).toBe(false);
  });

  it('refuses negative, fractional and unsafe counts', () => {
    const s = { num: 1, den: 2, strict: true };
    expect(() => meetsShare(-1, 10, s)).toThrow(RangeError);
    expect(() => meetsShare(1.5, 10, s)).toThrow(RangeError);
    expect(() => meetsShare(2 ** 53, 10, s)).toThrow(RangeError);
  });
});

describe('quorum (参加人数) against the roll', () => {
  const cases: [QuorumRule, number, number, boolean][] = [
    // more than half: exactly half is NOT enough
    [{ kind: 'more_than_half' }, 5, 10, false],
    [{ kind: 'more_than_half' }, 6, 10, true],
    [{ kind: 'more_than_half' }, 5, 9, true],
    [{ kind: 'more_than_half' }, 4, 9, false],
    [{ kind: 'more_than_half' }, 1, 1, true],
    [{ kind: 'more_than_half' }, 1, 2, false],
    // two-thirds or more: exactly two-thirds IS enough
    [{ kind: 'at_least_two_thirds' }, 6, 9, true],
    [{ kind: 'at_least_two_thirds' }, 5, 9, false],
    [{ kind: 'at_least_two_thirds' }, 7, 10, true],
    [{ kind: 'at_least_two_thirds' }, 6, 10, false],
    [{ kind: 'at_least_two_thirds' }, 2, 3, true],
    // a percentage, at least
    [{ kind: 'at_least_percent', percent: 50 }, 5, 10, true],
    [{ kind: 'at_least_percent', percent: 50 }, 4, 10, false],
    [{ kind: 'at_least_percent', percent: 30 }, 10, 32, true], // 9.6 → 10
    [{ kind: 'at_least_percent', percent: 30 }, 9, 32, false],
    [{ kind: 'at_least_percent', percent: 100 }, 32, 32, true],
    [{ kind: 'at_least_percent', percent: 100 }, 31, 32, false],
    // none: any turnout; but an empty roll never has a quorum
    [{ kind: 'none' }, 0, 10, true],
    [{ kind: 'none' }, 0, 0, false],
    [{ kind: 'at_least_percent', percent: 1 }, 0, 0, false],
  ];
  it.each(cases)('%j: %i of %i → %s', (rule, ballots, roll, met) => {
    expect(quorumMet(rule, ballots, roll)).toBe(met);
  });

  it('quorumNeeded is the least turnout that meets it', () => {
    expect(quorumNeeded({ kind: 'more_than_half' }, 10)).toBe(6);
    expect(quorumNeeded({ kind: 'more_than_half' }, 9)).toBe(5);
    expect(quorumNeeded({ kind: 'at_least_two_thirds' }, 9)).toBe(6);
    expect(quorumNeeded({ kind: 'at_least_two_thirds' }, 10)).toBe(7);
    expect(quorumNeeded({ kind: 'at_least_percent', percent: 30 }, 32)).toBe(10);
    expect(quorumNeeded({ kind: 'none' }, 32)).toBe(0);
    for (let roll = 1; roll <= 50; roll += 1) {
      for (const rule of [{ kind: 'more_than_half' }, { kind: 'at_least_two_thirds' }, { kind: 'at_least_percent', percent: 37 }] as QuorumRule[]) {
        const n = quorumNeeded(rule, roll);
        expect(quorumMet(rule, n, roll)).toBe(true);
        expect(quorumMet(rule, n - 1, roll)).toBe(false);
      }
    }
  });
});

describe('pass threshold', () => {
  it('majority of votes cast: more than half of the ballots (abstentions are cast)', () => {
    expect(thresholdMet('majority_cast', 5, 10, 30)).toBe(false);
    expect(thresholdMet('majority_cast', 6, 10, 30)).toBe(true);
    expect(thresholdMet('majority_cast', 5, 9, 30)).toBe(true);
    expect(thresholdMet('majority_cast', 1, 1, 30)).toBe(true);
    expect(thresholdNeeded('majority_cast', 10, 30)).toBe(6);
  });
  it('two-thirds of votes cast: exactly two-thirds passes', () => {
    expect(thresholdMet('two_thirds_cast', 6, 9, 30)).toBe(true);
    expect(thresholdMet('two_thirds_cast', 5, 9, 30)).toBe(false);
    expect(thresholdMet('two_thirds_cast', 7, 10, 30)).toBe(true);
    expect(thresholdMet('two_thirds_cast', 6, 10, 30)).toBe(false);
    expect(thresholdNeeded('two_thirds_cast', 9, 30)).toBe(6);
  });
  it('majority of the roll: more than half of everyone on it, however few voted', () => {
    expect(thresholdMet('majority_roll', 5, 5, 10)).toBe(false);
    expect(thresholdMet('majority_roll', 6, 6, 10)).toBe(true);
    expect(thresholdMet('majority_roll', 16, 20, 31)).toBe(true);
    expect(thresholdMet('majority_roll', 15, 20, 31)).toBe(false);
    expect(thresholdNeeded('majority_roll', 3, 31)).toBe(16);
  });
  it('no ballots never pass (0 of 0 is not two-thirds of anything)', () => {
    expect(thresholdMet('two_thirds_cast', 0, 0, 10)).toBe(false);
    expect(thresholdMet('majority_cast', 0, 0, 10)).toBe(false);
    expect(thresholdNeeded('two_thirds_cast', 0, 10)).toBe(1);
  });
});

describe('decide', () => {
  const base = (over: Partial<TallyInput>): TallyInput => ({
    kind: 'approve',
    optionIds: ['yes', 'no', 'abstain'],
    maxChoices: 1,
    quorum: { kind: 'more_than_half' },
    threshold: 'majority_cast',
    rollSize: 10,
    ballots: 0,
    counts: {},
    ...over,
  });

  it('approve: passes with quorum and a majority of the ballots', () => {
    expect(decide(base({ ballots: 6, counts: { yes: 4, no: 1, abstain: 1 } }))).toMatchObject({ quorumMet: true, passed: true, winners: ['yes'], quorumNeeded: 6, thresholdNeeded: 4 });
    // abstentions count as cast: 3 of 6 is exactly half → fails
    expect(decide(base({ ballots: 6, counts: { yes: 3, no: 1, abstain: 2 } }))).toMatchObject({ quorumMet: true, passed: false, winners: [] });
  });
  it('approve: everyone present in favour still fails without quorum (exactly half turned out)', () => {
    expect(decide(base({ ballots: 5, counts: { yes: 5 } }))).toMatchObject({ quorumMet: false, passed: false, winners: [] });
  });
  it('single: a unique leader that carries wins; a tie at the top decides nothing', () => {
    const single = (counts: Record<string, number>, ballots: number) =>
      decide(base({ kind: 'single', optionIds: ['o1', 'o2', 'o3'], ballots, counts, quorum: { kind: 'none' } }));
    expect(single({ o1: 5, o2: 2, o3: 1 }, 8)).toMatchObject({ passed: true, winners: ['o1'], tie: false });
    expect(single({ o1: 4, o2: 3, o3: 1 }, 8)).toMatchObject({ passed: false, winners: [], tie: false }); // leads, but 4 of 8 is not more than half
    expect(single({ o1: 4, o2: 4 }, 8)).toMatchObject({ passed: false, winners: [], tie: true });
  });
  it('multiple (at most k): the k best that carry; a tie across the k-th place adopts none of the tied', () => {
    const multi = (counts: Record<string, number>, k = 2) =>
      decide(base({ kind: 'multiple', optionIds: ['o1', 'o2', 'o3', 'o4'], maxChoices: k, rollSize: 10, ballots: 10, counts, quorum: { kind: 'none' } }));
    expect(multi({ o1: 9, o2: 7, o3: 6, o4: 1 })).toMatchObject({ passed: true, winners: ['o1', 'o2'], tie: false });
    expect(multi({ o1: 9, o2: 7, o3: 7, o4: 1 })).toMatchObject({ passed: true, winners: ['o1'], tie: true });
    expect(multi({ o1: 7, o2: 7, o3: 7 })).toMatchObject({ passed: false, winners: [], tie: true });
    expect(multi({ o1: 9, o2: 5, o3: 5 })).toMatchObject({ passed: true, winners: ['o1'], tie: false }); // 5 of 10 does not carry
    expect(multi({ o1: 6, o2: 6 }, 2)).toMatchObject({ passed: true, winners: ['o1', 'o2'], tie: false });
  });
  it('refuses more ballots than the roll', () => {
    expect(() => decide(base({ ballots: 11, rollSize: 10 }))).toThrow(RangeError);
  });
});

describe('ballots', () => {
  it('choicesProblem: unknown, repeated, empty, too many', () => {
    expect(choicesProblem('approve', ['yes', 'no', 'abstain'], 1, ['yes'])).toBeNull();
    expect(choicesProblem('approve', ['yes', 'no', 'abstain'], 1, ['yes', 'no'])).toBe('too_many_choices');
    expect(choicesProblem('single', ['o1', 'o2'], 1, ['o3'])).toBe('choice_invalid');
    expect(choicesProblem('multiple', ['o1', 'o2', 'o3'], 2, ['o1', 'o1'])).toBe('choice_invalid');
    expect(choicesProblem('multiple', ['o1', 'o2', 'o3'], 2, [])).toBe('choice_invalid');
    expect(choicesProblem('multiple', ['o1', 'o2', 'o3'], 2, ['o1', 'o3'])).toBeNull();
    expect(choicesProblem('multiple', ['o1', 'o2', 'o3'], 2, ['o1', 'o2', 'o3'])).toBe('too_many_choices');
  });
  it('canonical order, recount and turnout', () => {
    expect(canonicalChoices(['o1', 'o2', 'o3'], ['o3', 'o1'])).toEqual(['o1', 'o3']);
    expect(countBallots(['yes', 'no', 'abstain'], [{ choices: ['yes'] }, { choices: ['no'] }, { choices: ['yes'] }])).toEqual({ yes: 2, no: 1, abstain: 0 });
    expect(turnoutPermille(2, 3)).toBe(666);
    expect(turnoutPermille(0, 0)).toBe(0);
  });
});
