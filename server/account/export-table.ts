/**
 * exportTable — a table of the 成效看板, or the audit trail of the range, as CSV (UTF-8 with BOM). Committee
 * and township staff; for the township, names are masked (they need the figures, not who). The client hands
 * the text on: in WeChat a temporary file the user forwards, in the browser a download. An export with no
 * rows is refused (export_empty) rather than handing out an empty file. ≤ 3 round trips.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { rangeShape, villageIdSchema, EXPORT_TABLES, EXPORT_TABLE_LABELS, type ExportOutput, type OutcomeFigures, type VillageOutcomes } from './contract';
import { toCsv, percent, type Cell } from './outcomes/csv';
import { computeOutcomes } from './outcomes/figures';
import { dayOf, rangeOf } from './outcomes/periods';
import { dashboardScope, maskName, maskText, requireDetails } from './outcomes/scope';

/** the audit trail: one export, newest first (a narrower range for more) */
export const EXPORT_MAX_ROWS = 1000;

const FIGURE_COLUMNS: [string, (f: OutcomeFigures) => Cell][] = [
  ['参与户数', (f) => f.householdsParticipating],
  ['参与率', (f) => percent(f.participationShare)],
  ['新上报问题', (f) => f.ticketsOpened],
  ['已解决', (f) => f.ticketsFixed],
  ['未解决关闭', (f) => f.ticketsClosedUnfixed],
  ['办结天数中位数', (f) => f.medianDaysToFix],
  ['退回重办', (f) => f.ticketsReopened],
  ['重办率', (f) => percent(f.reopenRate)],
  ['评价数', (f) => f.ratings],
  ['平均评分', (f) => f.avgRating],
  ['巡群线索', (f) => f.leads],
  ['首次查看小时中位数', (f) => f.medianReviewHours],
  ['防骗预警', (f) => f.warnings],
  ['新议题', (f) => f.topicsRaised],
  ['形成决议', (f) => f.topicsDecided],
  ['计票表决', (f) => f.pollsCounted],
  ['平均投票率', (f) => percent(f.avgTurnout)],
  ['发放积分', (f) => f.pointsIssued],
  ['兑换积分', (f) => f.pointsRedeemed],
  ['得分户数', (f) => f.householdsEarning],
];

const isEmpty = (f: OutcomeFigures): boolean => FIGURE_COLUMNS.every(([, get]) => !get(f) || get(f) === '0%');

export const exportTable = defineAction({
  /** a dashboard table, or the audit trail of the range, as CSV (UTF-8 with BOM) */
  input: z.object({ villageId: villageIdSchema.optional(), ...rangeShape, table: z.enum(EXPORT_TABLES) }),
  output: returns<ExportOutput>(),
  who: ['committee', 'township'],
  errors: ['range_in_future', 'range_too_early', 'range_invalid', 'range_too_long', 'dashboard_details_forbidden', 'not_township_staff', 'export_empty'],
  run: async (ctx, input) => {
    const range = rangeOf(ctx.now, input.granularity, input.from, input.to);
    const scope = await dashboardScope(ctx, input.villageId);
    requireDetails(scope);
    const label = EXPORT_TABLE_LABELS[input.table];
    const who = input.villageId ? scope.villages[0].name : `${scope.caller.townshipName}各村`;
    const filename = `${who}-${label}-${range.fromDay}至${range.toDay}.csv`;

    if (input.table === 'audit') {
      const records = await ctx.store.find(AUDIT, { villageId: { $in: scope.villages.map((v) => v.villageId) }, at: { $gte: range.start, $lt: range.end } }, { orderBy: [['at', 'desc'], ['_id', 'asc']], limit: EXPORT_MAX_ROWS + 1 });
      if (records.length === 0) throw new AppError('export_empty');
      const names = new Map(scope.villages.map((v) => [v.villageId, v.name]));
      const rows = records.slice(0, EXPORT_MAX_ROWS).map((r): Cell[] => [
        names.get(String(r.villageId)) ?? String(r.villageId),
        `${dayOf(Number(r.at))} ${new Date(Number(r.at) + 8 * 3600_000).toISOString().slice(11, 19)}`,
        String(r.action),
        scope.masked ? maskName(String(r.actorName ?? '')) : String(r.actorName ?? ''),
        r.onBehalfOf ? '是' : '否',
        scope.masked ? maskText(String(r.summary ?? ''), [String(r.actorName ?? '')]) : String(r.summary ?? ''),
        String(r._id),
      ]);
      return { filename, csv: toCsv(['村', '时间（北京）', '操作', '操作人', '代办', '内容', '记录编号'], rows), rows: rows.length, truncated: records.length > EXPORT_MAX_ROWS };
    }

    const villages = await computeOutcomes(ctx.store, scope.villages, range, ctx.now, true, scope.rollups);
    const { header, rows } = tableOf(input.table, villages, range.periods.map((p) => p.label));
    if (rows.length === 0) throw new AppError('export_empty');
    return { filename, csv: toCsv(header, rows), rows: rows.length, truncated: false };
  },
});

function tableOf(table: 'trend' | 'grids' | 'categories' | 'polls', villages: VillageOutcomes[], periodLabels: string[]): { header: string[]; rows: Cell[][] } {
  switch (table) {
    case 'trend': {
      const rows = villages.flatMap((v) =>
        isEmpty(v.total) ? [] : [...v.trend.map((f, i): Cell[] => [v.name, periodLabels[i], ...FIGURE_COLUMNS.map(([, get]) => get(f))]), [v.name, '合计', ...FIGURE_COLUMNS.map(([, get]) => get(v.total))]],
      );
      return { header: ['村', '时段', ...FIGURE_COLUMNS.map(([h]) => h)], rows };
    }
    case 'grids':
      return {
        header: ['村', '网格', '户数', '参与户数', '参与率', '参与偏低', '新上报问题', '已解决', '未解决关闭', '现超期', '办结天数中位数', '平均评分', '巡群线索', '首次查看小时中位数'],
        rows: villages.flatMap((v) =>
          v.grids
            .filter((g) => g.householdsParticipating || g.ticketsOpened || g.ticketsFixed || g.leads || g.ticketsOverdue)
            .map((g): Cell[] => [v.name, g.name, g.households, g.householdsParticipating, percent(g.participationShare), g.lagging, g.ticketsOpened, g.ticketsFixed, g.ticketsClosedUnfixed, g.ticketsOverdue, g.medianDaysToFix, g.avgRating, g.leads, g.medianReviewHours]),
        ),
      };
    case 'categories':
      return {
        header: ['村', '问题分类', '新上报', '已解决', '未解决关闭', '现超期', '办结天数中位数', '重办率', '平均评分'],
        rows: villages.flatMap((v) => v.categories.map((c): Cell[] => [v.name, c.category, c.ticketsOpened, c.ticketsFixed, c.ticketsClosedUnfixed, c.ticketsOverdue, c.medianDaysToFix, percent(c.reopenRate), c.avgRating])),
      };
    case 'polls':
      return {
        header: ['村', '表决议题', '计票日期', '名册人（户）数', '投票数', '投票率'],
        rows: villages.flatMap((v) => v.polls.map((p): Cell[] => [v.name, p.title, dayOf(p.closedAt), p.rollSize, p.ballots, percent(p.turnout)])),
      };
  }
}
