/**
 * The 成效看板's figures, computed by the database: two aggregates, whatever the number of villages.
 *
 * 1. `participation` on `audit`: the records of the range whose action is taking part (posting, reporting,
 *    supporting, confirming, proposing, seconding, replying, voting, claiming, redeeming), the person being
 *    `onBehalfOf` when a grid worker acted for an offline resident and the actor otherwise, grouped per person,
 *    joined to the register for their household and grid, grouped per household: one row per household that
 *    took part, with the periods it took part in.
 * 2. `outcomes` on `register`: one root document and uncorrelated `$lookup`s, each a small pipeline that
 *    groups inside the database — households per grid; tickets by (category, grid, period opened, period
 *    fixed, period closed-unfixed, period rated, stars, days to fix, reopened, overdue now); leads by (grid,
 *    period, review time in 10-minute steps); warnings by period; topics by period raised and decided, with
 *    their follow-ups; the polls counted in the range; the 道德银行's entries by (period, issued | redeemed) with
 *    the households earning; the audit chain's checkpoints and head.
 * What comes back is grouped rows (a few hundred at most), never the documents; medians are taken from the
 * grouped (value, count) pairs here. Periods are constant boundaries (periods.ts), so no date arithmetic
 * runs in the database.
 */
import { AUDIT } from '../../kernel/audit';
import { AUDIT_CHAIN } from '../../kernel/audit-chain';
import { REGISTER } from '../../kernel/auth';
import type { Store } from '../../kernel/store';
import type { CategoryOutcome, ChainCheckpoint, GridOutcome, OutcomeFigures, PollOutcome, VillageOutcomes } from '../contract';
import { bucketExpr, bucketOf, dayOf, dayStart, type Range } from './periods';
import { ROLLUPS, split, type ParticipationRollup, type RollupState } from './rollup';

/** actions in which a resident takes part (themselves, or through a grid worker: onBehalfOf) */
export const PARTICIPATION_ACTIONS = [
  'createPost',
  'flagPost',
  'submitLead',
  'submitReport',
  'supportTicket',
  'confirmTicket',
  'reopenTicket',
  'proposeTopic',
  'secondTopic',
  'postReply',
  'castVote',
  'submitClaim',
  'objectClaim',
  'redeem',
];

const REDEEM_KINDS = ['redeem', 'cancel'];
const ISSUE_KINDS = ['claim', 'event', 'reverse'];
const CLOSED_UNFIXED = ['rejected', 'closed_unresolved'];
const DAY_TENTHS_MS = 8_640_000;
const REVIEW_STEP_MS = 600_000;
const DAY_MS = 24 * 3600_000;

export interface VillageInfo {
  villageId: string;
  name: string;
  grids: { gridId: string; name: string }[];
}

type Row = Record<string, unknown>;
type Key = Record<string, unknown>;

/** the participation of the range (null: every village — the rollup timer) */
export function participationPipeline(villageIds: string[] | null, range: Range, match: Record<string, unknown> = { at: { $gte: range.start, $lt: range.end } }): Row[] {
  return [
    { $match: { ...(villageIds ? { villageId: { $in: villageIds } } : {}), ...match, action: { $in: PARTICIPATION_ACTIONS } } },
    { $project: { v: '$villageId', b: bucketExpr(range.bounds, 'at'), p: { $ifNull: ['$onBehalfOf', '$actorId'] } } },
    { $group: { _id: { v: '$v', p: '$p' }, bs: { $addToSet: '$b' } } },
    { $lookup: { from: REGISTER, localField: '_id.p', foreignField: '_id', as: 'm' } },
    { $project: { bs: 1, v: '$_id.v', h: { $arrayElemAt: ['$m.householdId', 0] }, g: { $arrayElemAt: ['$m.gridId', 0] } } },
    { $match: { h: { $exists: true, $ne: null } } },
    { $unwind: '$bs' },
    { $group: { _id: { v: '$v', h: '$h', g: '$g' }, bs: { $addToSet: '$bs' } } },
    { $limit: 10_000 },
  ];
}

/** one uncorrelated lookup: its pipeline's first $match is what the database narrows by (an index) */
const lookup = (from: string, as: string, pipeline: Row[]): Row => ({ $lookup: { from, let: {}, pipeline, as } });

export function outcomesPipeline(villageIds: string[], range: Range, now: number, full: boolean, rolledTo: string | null): Row[] {
  const b = (field: string) => bucketExpr(range.bounds, field);
  const n = range.periods.length;
  const inRange = (field: string) => ({ [field]: { $gte: 0, $lt: n } });
  return [
    { $match: { _id: `${villageIds[0]}:village` } },
    { $limit: 1 },
    { $project: { _id: 1 } },
    lookup(REGISTER, 'villages', [{ $match: { _id: { $in: villageIds.map((v) => `${v}:village`) } } }, { $project: { villageId: 1, name: 1, grids: 1 } }]),
    ...(rolledTo
      ? [lookup(ROLLUPS, 'rollups', [{ $match: { villageId: { $in: villageIds }, day: { $gte: range.fromDay, $lte: rolledTo } } }, { $project: { villageId: 1, day: 1, hs: 1 } }])]
      : []),
    lookup(REGISTER, 'households', [{ $match: { villageId: { $in: villageIds }, kind: 'household' } }, { $group: { _id: { v: '$villageId', g: '$gridId' }, n: { $sum: 1 } } }]),
    lookup('tickets', 'tickets', [
      { $match: { villageId: { $in: villageIds }, createdAt: { $lt: range.end } } },
      {
        $project: {
          v: '$villageId',
          c: '$categoryName',
          g: '$gridId',
          bo: b('createdAt'),
          bf: { $cond: [{ $eq: ['$bucket', 'fixed'] }, b('resolution.at'), -1] },
          bc: { $cond: [{ $in: ['$status', CLOSED_UNFIXED] }, b('closedAt'), -1] },
          br: b('rating.at'),
          s: { $ifNull: ['$rating.stars', 0] },
          d: { $cond: [{ $eq: ['$bucket', 'fixed'] }, { $floor: { $divide: [{ $subtract: ['$resolution.at', '$createdAt'] }, DAY_TENTHS_MS] } }, -1] },
          ro: { $cond: [{ $gt: [{ $ifNull: ['$reopenCount', 0] }, 0] }, 1, 0] },
          od: { $cond: [{ $and: [{ $eq: ['$bucket', 'open'] }, { $gt: [{ $ifNull: ['$dueAt', 0] }, 0] }, { $lt: ['$dueAt', now] }] }, 1, 0] },
        },
      },
      { $match: { $or: [inRange('bo'), inRange('bf'), inRange('bc'), inRange('br'), { od: 1 }] } },
      { $group: { _id: { v: '$v', c: '$c', g: '$g', bo: '$bo', bf: '$bf', bc: '$bc', br: '$br', s: '$s', d: '$d', ro: '$ro', od: '$od' }, n: { $sum: 1 } } },
    ]),
    lookup('patrol', 'leads', [
      { $match: { villageId: { $in: villageIds }, leadAt: { $gte: range.start, $lt: range.end } } },
      { $match: { $expr: { $eq: ['$leadId', '$_id'] } } },
      {
        $project: {
          v: '$villageId',
          g: '$gridId',
          b: b('leadAt'),
          r: { $cond: [{ $gt: [{ $ifNull: ['$firstReviewAt', 0] }, 0] }, { $floor: { $divide: [{ $subtract: ['$firstReviewAt', '$leadAt'] }, REVIEW_STEP_MS] } }, -1] },
        },
      },
      { $group: { _id: { v: '$v', g: '$g', b: '$b', r: '$r' }, n: { $sum: 1 } } },
    ]),
    lookup('patrol', 'warnings', [
      { $match: { villageId: { $in: villageIds }, warnedAt: { $gte: range.start, $lt: range.end } } },
      { $group: { _id: { v: '$villageId', b: b('warnedAt') }, n: { $sum: 1 } } },
    ]),
    lookup('delib', 'topics', [
      { $match: { villageId: { $in: villageIds }, kind: 'topic' } },
      {
        $project: {
          v: '$villageId',
          br: b('createdAt'),
          bd: b('outcome.recordedAt'),
          a: { $size: { $ifNull: ['$outcome.actions', []] } },
          ad: { $size: { $filter: { input: { $ifNull: ['$outcome.actions', []] }, as: 'x', cond: { $eq: ['$$x.done', true] } } } },
        },
      },
      { $match: { $or: [inRange('br'), inRange('bd')] } },
      { $group: { _id: { v: '$v', br: '$br', bd: '$bd' }, n: { $sum: 1 }, a: { $sum: '$a' }, ad: { $sum: '$ad' } } },
    ]),
    lookup('delib', 'polls', [
      { $match: { villageId: { $in: villageIds }, kind: 'topic', 'poll.state': 'counted', 'poll.closedAt': { $gte: range.start, $lt: range.end } } },
      { $project: { v: '$villageId', t: '$title', c: '$poll.closedAt', r: '$poll.rollSize', n: '$poll.nBallots', b: b('poll.closedAt') } },
      { $sort: { c: -1 } },
      { $limit: 500 },
    ]),
    lookup('ledger', 'points', [
      { $match: { villageId: { $in: villageIds }, kind: 'entry', at: { $gte: range.start, $lt: range.end } } },
      { $project: { v: '$villageId', h: '$householdId', b: b('at'), a: '$amount', t: { $cond: [{ $in: ['$entryKind', REDEEM_KINDS] }, 'r', { $cond: [{ $in: ['$entryKind', ISSUE_KINDS] }, 'i', 'o'] }] } } },
      { $group: { _id: { v: '$v', b: '$b', h: '$h', t: '$t' }, a: { $sum: '$a' } } },
      // one row per household and kind, its sums per period: the periods' and the range's earners from one pass
      { $group: { _id: { v: '$_id.v', h: '$_id.h', t: '$_id.t' }, ps: { $push: { b: '$_id.b', a: '$a' } } } },
      { $project: { _id: 0, v: '$_id.v', t: '$_id.t', ps: 1 } },
    ]),
    // a block is written at least once a day per village (the day's checkpoint), so the head is among the last two days'
    lookup(AUDIT_CHAIN, 'heads', [
      { $match: { villageId: { $in: villageIds }, sealedAt: { $gte: now - 2 * DAY_MS } } },
      { $sort: { seq: -1 } },
      { $group: { _id: '$villageId', through: { $first: '$through' } } },
    ]),
    lookup(AUDIT_CHAIN, 'checkpoints', [
      { $match: { villageId: { $in: villageIds }, checkpointDay: { $gte: dayOf(now - (full ? 30 : 14) * DAY_MS) } } },
      { $project: { v: '$villageId', checkpoint: 1 } },
      { $sort: { 'checkpoint.day': -1 } },
    ]),
  ];
}

// ─── from grouped rows to figures ─────────────────────────────────────────────────────────────────────

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** median of (value, count) pairs */
export function weightedMedian(pairs: [value: number, count: number][]): number | null {
  const sorted = pairs.filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  if (total === 0) return null;
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.floor(total / 2);
  let seen = 0;
  let a: number | null = null;
  for (const [v, c] of sorted) {
    if (a === null && seen + c > lo) a = v;
    if (seen + c > hi) return (a! + v) / 2;
    seen += c;
  }
  return a;
}

class Tally {
  households = new Set<string>();
  opened = 0;
  fixed = 0;
  closedUnfixed = 0;
  reopened = 0;
  overdue = 0;
  fixDays: [number, number][] = [];
  ratings = 0;
  stars = 0;
  leads = 0;
  review: [number, number][] = [];
  warnings = 0;
  raised = 0;
  decided = 0;
  polls = 0;
  turnoutSum = 0;
  issued = 0;
  redeemed = 0;
  earning = 0;

  figures(householdsTotal: number): OutcomeFigures {
    return {
      householdsParticipating: this.households.size,
      participationShare: ratio(this.households.size, householdsTotal),
      ticketsOpened: this.opened,
      ticketsFixed: this.fixed,
      ticketsClosedUnfixed: this.closedUnfixed,
      ticketsReopened: this.reopened,
      reopenRate: ratio(this.reopened, this.opened),
      medianDaysToFix: round1(tenths(weightedMedian(this.fixDays))),
      ratings: this.ratings,
      avgRating: round1(this.ratings ? this.stars / this.ratings : null),
      leads: this.leads,
      medianReviewHours: round1(steps(weightedMedian(this.review))),
      warnings: this.warnings,
      topicsRaised: this.raised,
      topicsDecided: this.decided,
      pollsCounted: this.polls,
      avgTurnout: this.polls ? Math.round((this.turnoutSum / this.polls) * 1000) / 1000 : null,
      pointsIssued: this.issued,
      pointsRedeemed: this.redeemed,
      householdsEarning: this.earning,
    };
  }
}

const tenths = (v: number | null): number | null => (v === null ? null : v / 10);
/** 10-minute steps → hours */
const steps = (v: number | null): number | null => (v === null ? null : v / 6);

/** Turns the two aggregates' rows into each village's figures. */
export function assemble(villages: VillageInfo[], range: Range, participation: Row[], outcomes: Row | undefined, full: boolean): VillageOutcomes[] {
  const n = range.periods.length;
  const inRange = (i: unknown): i is number => typeof i === 'number' && i >= 0 && i < n;
  const out = new Map<string, { info: VillageInfo; trend: Tally[]; total: Tally; grids: Map<string, Tally & { householdsTotal: number }>; categories: Map<string, Tally>; polls: PollOutcome[]; followUps: { decided: number; actions: number; done: number }; checkpoints: ChainCheckpoint[]; sealedThrough: number | null; households: number }>();
  const infoFrom = (outcomes?.villages as Row[] | undefined) ?? [];
  for (const v of villages) {
    const stored = infoFrom.find((r) => r.villageId === v.villageId);
    const info: VillageInfo = { villageId: v.villageId, name: (stored?.name as string) ?? v.name, grids: (stored?.grids as VillageInfo['grids']) ?? v.grids };
    const grids = new Map(info.grids.map((g) => [g.gridId, Object.assign(new Tally(), { householdsTotal: 0 })]));
    out.set(v.villageId, { info, trend: range.periods.map(() => new Tally()), total: new Tally(), grids, categories: new Map(), polls: [], followUps: { decided: 0, actions: 0, done: 0 }, checkpoints: [], sealedThrough: null, households: 0 });
  }
  const grid = (v: NonNullable<ReturnType<typeof out.get>>, gridId: unknown) => {
    const id = typeof gridId === 'string' ? gridId : '';
    if (!v.grids.has(id)) v.grids.set(id, Object.assign(new Tally(), { householdsTotal: 0 }));
    return v.grids.get(id)!;
  };
  const category = (v: NonNullable<ReturnType<typeof out.get>>, name: unknown) => {
    const id = typeof name === 'string' && name ? name : '其他';
    if (!v.categories.has(id)) v.categories.set(id, new Tally());
    return v.categories.get(id)!;
  };

  for (const row of (outcomes?.households as Row[] | undefined) ?? []) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v) continue;
    v.households += num(row.n);
    grid(v, k.g).householdsTotal += num(row.n);
  }
  for (const row of participation) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v) continue;
    const h = String(k.h);
    const periods = ((row.bs as unknown[]) ?? []).filter(inRange);
    if (periods.length === 0) continue;
    for (const i of periods) v.trend[i].households.add(h);
    v.total.households.add(h);
    grid(v, k.g).households.add(h);
  }
  for (const r of (outcomes?.rollups as ParticipationRollup[] | undefined) ?? []) {
    const v = out.get(r.villageId);
    const i = bucketOf(range.bounds, dayStart(r.day));
    if (!v || !inRange(i)) continue;
    for (const [h, g] of r.hs) {
      v.trend[i].households.add(h);
      v.total.households.add(h);
      grid(v, g).households.add(h);
    }
  }
  for (const row of (outcomes?.tickets as Row[] | undefined) ?? []) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v) continue;
    const count = num(row.n);
    const targets = [v.total, grid(v, k.g), category(v, k.c)];
    if (inRange(k.bo)) {
      for (const t of [...targets, v.trend[k.bo]]) {
        t.opened += count;
        if (k.ro === 1) t.reopened += count;
      }
    }
    if (inRange(k.bf)) {
      for (const t of [...targets, v.trend[k.bf]]) {
        t.fixed += count;
        t.fixDays.push([num(k.d), count]);
      }
    }
    if (inRange(k.bc)) for (const t of [...targets, v.trend[k.bc]]) t.closedUnfixed += count;
    if (inRange(k.br) && num(k.s) > 0) {
      for (const t of [...targets, v.trend[k.br]]) {
        t.ratings += count;
        t.stars += num(k.s) * count;
      }
    }
    if (k.od === 1) for (const t of targets) t.overdue += count;
  }
  for (const row of (outcomes?.leads as Row[] | undefined) ?? []) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v || !inRange(k.b)) continue;
    const count = num(row.n);
    for (const t of [v.total, grid(v, k.g), v.trend[k.b]]) {
      t.leads += count;
      if (num(k.r) >= 0 && k.r !== -1) t.review.push([num(k.r), count]);
    }
  }
  for (const row of (outcomes?.warnings as Row[] | undefined) ?? []) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v || !inRange(k.b)) continue;
    v.total.warnings += num(row.n);
    v.trend[k.b].warnings += num(row.n);
  }
  for (const row of (outcomes?.topics as Row[] | undefined) ?? []) {
    const k = row._id as Key;
    const v = out.get(String(k.v));
    if (!v) continue;
    if (inRange(k.br)) {
      v.total.raised += num(row.n);
      v.trend[k.br].raised += num(row.n);
    }
    if (inRange(k.bd)) {
      v.total.decided += num(row.n);
      v.trend[k.bd].decided += num(row.n);
      v.followUps.decided += num(row.n);
      v.followUps.actions += num(row.a);
      v.followUps.done += num(row.ad);
    }
  }
  for (const row of (outcomes?.polls as Row[] | undefined) ?? []) {
    const v = out.get(String(row.v));
    if (!v) continue;
    const rollSize = num(row.r);
    const ballots = num(row.n);
    const turnout = rollSize > 0 ? Math.round((ballots / rollSize) * 1000) / 1000 : null;
    v.polls.push({ topicId: String(row._id), title: String(row.t ?? ''), closedAt: num(row.c), rollSize, ballots, turnout });
    for (const t of [v.total, ...(inRange(row.b) ? [v.trend[row.b]] : [])]) {
      t.polls += 1;
      t.turnoutSum += turnout ?? 0;
    }
  }
  for (const row of (outcomes?.points as Row[] | undefined) ?? []) {
    const v = out.get(String(row.v));
    if (!v) continue;
    let net = 0;
    for (const { b, a } of (row.ps as { b: number; a: number }[] | undefined) ?? []) {
      if (!inRange(b)) continue;
      if (row.t === 'i') {
        v.total.issued += num(a);
        v.trend[b].issued += num(a);
        if (num(a) > 0) v.trend[b].earning += 1;
        net += num(a);
      }
      if (row.t === 'r') {
        v.total.redeemed -= num(a);
        v.trend[b].redeemed -= num(a);
      }
    }
    if (row.t === 'i' && net > 0) v.total.earning += 1;
  }
  for (const row of (outcomes?.heads as Row[] | undefined) ?? []) {
    const v = out.get(String(row._id));
    if (v) v.sealedThrough = typeof row.through === 'number' ? row.through : null;
  }
  for (const row of (outcomes?.checkpoints as Row[] | undefined) ?? []) {
    const v = out.get(String(row.v));
    const c = row.checkpoint as ChainCheckpoint | null;
    if (v && c) v.checkpoints.push({ day: c.day, seq: c.seq, hash: c.hash });
  }

  return [...out.values()].map((v) => {
    const total = v.total.figures(v.households);
    const grids: GridOutcome[] = [...v.grids.entries()]
      .filter(([id, g]) => id !== '' || g.householdsTotal > 0 || g.opened > 0)
      .map(([gridId, g]) => {
        const f = g.figures(g.householdsTotal);
        return {
          gridId,
          name: v.info.grids.find((x) => x.gridId === gridId)?.name ?? '未分网格',
          households: g.householdsTotal,
          householdsParticipating: f.householdsParticipating,
          participationShare: f.participationShare,
          lagging: f.participationShare !== null && total.participationShare !== null && f.participationShare < total.participationShare * 0.75,
          ticketsOpened: f.ticketsOpened,
          ticketsFixed: f.ticketsFixed,
          ticketsClosedUnfixed: f.ticketsClosedUnfixed,
          ticketsOverdue: g.overdue,
          medianDaysToFix: f.medianDaysToFix,
          avgRating: f.avgRating,
          leads: f.leads,
          medianReviewHours: f.medianReviewHours,
        };
      });
    const categories: CategoryOutcome[] = [...v.categories.entries()]
      .map(([name, c]) => {
        const f = c.figures(0);
        return { category: name, ticketsOpened: f.ticketsOpened, ticketsFixed: f.ticketsFixed, ticketsClosedUnfixed: f.ticketsClosedUnfixed, ticketsOverdue: c.overdue, medianDaysToFix: f.medianDaysToFix, reopenRate: f.reopenRate, avgRating: f.avgRating };
      })
      .sort((a, b) => b.ticketsOpened - a.ticketsOpened);
    return {
      villageId: v.info.villageId,
      name: v.info.name,
      households: v.households,
      trend: v.trend.map((t) => t.figures(v.households)),
      total,
      ticketsOverdue: v.total.overdue,
      grids: full ? grids : [],
      categories: full ? categories : [],
      polls: v.polls,
      followUps: v.followUps,
      checkpoints: v.checkpoints,
      sealedThrough: v.sealedThrough,
    };
  });
}

/**
 * Two aggregates at once: the outcomes (with the participation rollups up to the watermark) and the live
 * participation after it — usually a day or two of the trail.
 */
export async function computeOutcomes(store: Store, villages: VillageInfo[], range: Range, now: number, full: boolean, state: RollupState | null): Promise<VillageOutcomes[]> {
  const ids = villages.map((v) => v.villageId);
  const { rolledTo, liveStart } = split(range, state);
  const live = liveStart < range.end ? store.aggregate(AUDIT, participationPipeline(ids, { ...range, start: liveStart })) : Promise.resolve([]);
  const [participation, [outcomes]] = await Promise.all([live, store.aggregate(REGISTER, outcomesPipeline(ids, range, now, full, rolledTo))]);
  return assemble(villages, range, participation, outcomes, full);
}
