/**
 * dashboardItems — the items behind one figure of the 成效看板 (a number nobody can check is not trusted):
 * the tickets opened in March in 第二网格, the households that took part, the polls and their turnout …
 * Committee and township staff (names masked for the township). ≤ 3 round trips: the caller, one query
 * (or aggregate) for the items, and for households their register entries.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { AUDIT } from '../kernel/audit';
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Doc, Query } from '../kernel/store';
import { DASHBOARD_METRICS, idSchema, pageSchema, rangeShape, villageScoped, type DashboardItem, type DashboardItemsOutput, type DashboardMetric } from './contract';
import { TICKET_STATUS } from '../grid/transitions';
import { decodeCursor } from './model';
import { participationPipeline } from './outcomes/figures';
import { dayOf, rangeOf, type Range } from './outcomes/periods';
import { ROLLUPS, split, type ParticipationRollup } from './outcomes/rollup';
import { dashboardScope, maskName, maskText, requireDetails, type DashboardScope } from './outcomes/scope';

const CAPTIONS: Record<DashboardMetric, string> = {
  households_participating: '参与过的户',
  households_not_participating: '还没有参与的户',
  tickets_opened: '新上报的问题',
  tickets_fixed: '已解决的问题',
  tickets_closed_unfixed: '未解决就关闭的问题',
  tickets_overdue: '现在已超期的问题',
  tickets_reopened: '被居民退回重办的问题',
  tickets_rated: '居民打过分的问题',
  leads: '巡群发现的线索',
  warnings: '发布的防骗预警',
  topics_raised: '提出的议题',
  topics_decided: '形成决议的议题',
  polls: '已计票的表决',
  points_issued: '发放的积分',
  points_redeemed: '兑换的积分',
};

/** the items behind one figure of the dashboard (committee and township staff) */
const itemsInput = z.object({
  ...villageScoped,
  ...rangeShape,
  metric: z.enum(DASHBOARD_METRICS),
  /** one period of the trend (index into `periods`); absent: the whole range */
  period: z.number().int().min(0).max(60).optional(),
  gridId: idSchema.optional(),
  category: text(40, { min: 1 }).optional(),
  ...pageSchema.shape,
});

export const dashboardItems = defineAction({
  input: itemsInput,
  output: returns<DashboardItemsOutput>(),
  who: ['committee', 'township'],
  errors: ['range_in_future', 'range_too_early', 'range_invalid', 'range_too_long', 'period_out_of_range', 'dashboard_details_forbidden'],
  run: async (ctx, input) => {
    const range = rangeOf(ctx.now, input.granularity, input.from, input.to);
    if (input.period !== undefined && input.period >= range.periods.length) throw new AppError('period_out_of_range');
    const scope = await dashboardScope(ctx, input.villageId);
    requireDetails(scope);
    const window = input.period === undefined ? { $gte: range.start, $lt: range.end } : { $gte: range.periods[input.period].from, $lt: range.periods[input.period].to };
    const offset = decodeCursor(input.cursor);
    const grids = new Map(scope.villages[0].grids.map((g) => [g.gridId, g.name]));
    const gridName = (id: unknown) => (typeof id === 'string' ? grids.get(id) ?? null : null);
    const name = (n: unknown) => (scope.masked ? maskName(String(n ?? '')) : String(n ?? ''));
    const shown = (t: unknown, known: unknown) => (scope.masked ? maskText(String(t ?? ''), (known as string[] | undefined) ?? []) : String(t ?? ''));
    const v = input.villageId;
    const where = (q: Query): Query => ({ villageId: v, ...q, ...(input.gridId ? { gridId: input.gridId } : {}) });
    const page = async (collection: string, q: Query, order: string, view: (d: Doc) => DashboardItem): Promise<DashboardItemsOutput> => {
      const rows = await ctx.store.find(collection, q, { orderBy: [[order, 'desc'], ['_id', 'asc']], skip: offset, limit: input.pageSize + 1 });
      return out(rows.slice(0, input.pageSize).map(view), rows.length > input.pageSize);
    };
    const out = (items: DashboardItem[], more: boolean): DashboardItemsOutput => ({
      metric: input.metric,
      caption: `${scope.villages[0].name} · ${input.period === undefined ? `${range.fromDay} 至 ${range.toDay}` : range.periods[input.period].label}${input.gridId ? ` · ${gridName(input.gridId) ?? ''}` : ''}${input.category ? ` · ${input.category}` : ''}：${CAPTIONS[input.metric]}`,
      items,
      nextCursor: more ? String(offset + input.pageSize) : null,
    });
    const ticket =
      (when: (t: Doc) => unknown) =>
      (t: Doc): DashboardItem => ({
        id: t._id,
        title: `${t.categoryName}：${shown(t.text, t.privateNames).slice(0, 40)}`,
        at: Number(when(t) ?? t.createdAt),
        note: `${TICKET_STATUS[t.status as keyof typeof TICKET_STATUS] ?? t.status}${(t.rating as { stars?: number } | null)?.stars ? ` · ${(t.rating as { stars: number }).stars} 星` : ''}`,
        gridName: gridName(t.gridId),
        opens: 'ticket',
      });
    const tickets = (q: Query, order: string, when: (t: Doc) => unknown) => page('tickets', where({ ...q, ...(input.category ? { categoryName: input.category } : {}) }), order, ticket(when));

    switch (input.metric) {
      case 'tickets_opened':
        return tickets({ createdAt: window }, 'createdAt', (t) => t.createdAt);
      case 'tickets_fixed':
        return tickets({ bucket: 'fixed', 'resolution.at': window }, 'resolution.at', (t) => (t.resolution as { at: number }).at);
      case 'tickets_closed_unfixed':
        return tickets({ status: { $in: ['rejected', 'closed_unresolved'] }, closedAt: window }, 'closedAt', (t) => t.closedAt);
      case 'tickets_overdue':
        return tickets({ bucket: 'open', dueAt: { $lt: ctx.now } }, 'dueAt', (t) => t.dueAt);
      case 'tickets_reopened':
        return tickets({ createdAt: window, reopenCount: { $gt: 0 } }, 'createdAt', (t) => t.createdAt);
      case 'tickets_rated':
        return tickets({ 'rating.at': window }, 'rating.at', (t) => (t.rating as { at: number }).at);
      case 'leads':
        return page('patrol', where({ leadAt: window }), 'leadAt', (m) => ({
          id: m._id,
          title: shown(m.text, [m.authorName]).slice(0, 40),
          at: Number(m.leadAt),
          note: m.firstReviewAt ? `${Math.round(((Number(m.firstReviewAt) - Number(m.leadAt)) / 3600_000) * 10) / 10} 小时后首次查看` : '还没有人查看',
          gridName: gridName(m.gridId),
          opens: 'lead',
        }));
      case 'warnings':
        return page('patrol', where({ warnedAt: window }), 'warnedAt', (m) => ({ id: m._id, title: String(m.warningText ?? '').slice(0, 40), at: Number(m.warnedAt), note: '防骗预警', gridName: gridName(m.gridId), opens: 'lead' }));
      case 'topics_raised':
      case 'topics_decided':
      case 'polls': {
        const q = input.metric === 'topics_raised' ? { createdAt: window } : input.metric === 'topics_decided' ? { 'outcome.recordedAt': window } : { 'poll.state': 'counted', 'poll.closedAt': window };
        const order = input.metric === 'topics_raised' ? 'createdAt' : input.metric === 'topics_decided' ? 'outcome.recordedAt' : 'poll.closedAt';
        return page('delib', { villageId: v, kind: 'topic', ...q }, order, (t) => {
          const poll = t.poll as { rollSize?: number; nBallots?: number; closedAt?: number } | null;
          const outcome = t.outcome as { recordedAt: number; actions: { done: boolean }[] } | null;
          const note =
            input.metric === 'polls' && poll
              ? `投票 ${poll.nBallots ?? 0} / 名册 ${poll.rollSize ?? 0}`
              : outcome
                ? `决议事项 ${outcome.actions.filter((a) => a.done).length}/${outcome.actions.length} 已落实`
                : `附议 ${t.secondCount ?? 0}`;
          const at = input.metric === 'polls' ? poll?.closedAt : input.metric === 'topics_decided' ? outcome?.recordedAt : t.createdAt;
          return { id: t._id, title: String(t.title ?? ''), at: Number(at), note, gridName: null, opens: 'topic' };
        });
      }
      case 'points_issued':
      case 'points_redeemed': {
        const kinds = input.metric === 'points_issued' ? ['claim', 'event', 'reverse'] : ['redeem', 'cancel'];
        const rows = await ctx.store.aggregate('ledger', [
          // the 道德银行's entries, one document each
          { $match: { villageId: v, kind: 'entry', at: window, entryKind: { $in: kinds }, ...(input.gridId ? { gridId: input.gridId } : {}) } },
          { $sort: { at: -1, _id: 1 } },
          { $skip: offset },
          { $limit: input.pageSize + 1 },
        ]);
        const items = rows.slice(0, input.pageSize).map((r) => {
          const leg = r as { _id: string; at: number; amount: number; ruleName: string | null; memo: string };
          return { id: leg._id, title: `${name(r.householdName)}：${leg.ruleName ?? leg.memo ?? ''}`, at: leg.at, note: `${leg.amount > 0 ? '+' : ''}${leg.amount} 分`, gridName: gridName(r.gridId), opens: null };
        });
        return out(items, rows.length > input.pageSize);
      }
      case 'households_participating':
      case 'households_not_participating':
        return households(ctx, input, scope, range, window, offset, out, gridName, name);
    }
  },
});

async function households(
  ctx: Ctx,
  input: z.output<typeof itemsInput>,
  scope: DashboardScope,
  range: Range,
  window: { $gte: number; $lt: number },
  offset: number,
  out: (items: DashboardItem[], more: boolean) => DashboardItemsOutput,
  gridName: (id: unknown) => string | null,
  name: (n: unknown) => string,
): Promise<DashboardItemsOutput> {
  // the window's days: from the rollups up to their watermark, live from the trail after it
  const windowRange: Range = { ...range, start: window.$gte, end: window.$lt, fromDay: dayOf(window.$gte), toDay: dayOf(window.$lt - 1) };
  const { rolledTo, liveStart } = split(windowRange, scope.rollups);
  const v = input.villageId;
  const [live, [row]] = await Promise.all([
    liveStart < windowRange.end ? ctx.store.aggregate(AUDIT, participationPipeline([v], { ...windowRange, start: liveStart })) : Promise.resolve([]),
    ctx.store.aggregate(REGISTER, [
      { $match: { _id: `${v}:village` } },
      { $limit: 1 },
      { $project: { _id: 1 } },
      { $lookup: { from: REGISTER, let: {}, pipeline: [{ $match: { villageId: v, kind: 'household', ...(input.gridId ? { gridId: input.gridId } : {}) } }, { $sort: { createdAt: 1, _id: 1 } }, { $project: { headName: 1, gridId: 1 } }], as: 'households' } },
      ...(rolledTo ? [{ $lookup: { from: ROLLUPS, let: {}, pipeline: [{ $match: { villageId: v, day: { $gte: windowRange.fromDay, $lte: rolledTo } } }, { $project: { hs: 1 } }], as: 'rollups' } }] : []),
    ]),
  ]);
  const days = new Map<string, number>();
  for (const r of live) days.set(String((r._id as { h: string }).h), (days.get(String((r._id as { h: string }).h)) ?? 0) + ((r.bs as number[]) ?? []).length);
  for (const r of (row?.rollups as ParticipationRollup[] | undefined) ?? []) for (const [h] of r.hs) days.set(h, (days.get(h) ?? 0) + 1);
  const participating = input.metric === 'households_participating';
  const rows = ((row?.households as Doc[] | undefined) ?? []).filter((h) => days.has(h._id) === participating);
  const items = rows.slice(offset, offset + input.pageSize).map((h) => ({
    id: h._id,
    title: `${name(h.headName)}户`,
    at: 0,
    note: participating ? '这段时间参与过' : '这段时间没有参与记录，可请网格员上门问问',
    gridName: gridName(h.gridId),
    opens: null,
  }));
  return out(items, rows.length > offset + input.pageSize);
}
